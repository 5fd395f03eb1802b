"""The figures of the yearly fee and balance statement (årsbokslut).

``build_statement`` reads a year with a fixed number of queries; the page, the annual
report and the downloads (ekonomi.documents) all show what it returns, so they cannot disagree.
"""

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _

from base.formats import swedish_sort_key
from ekonomi.models import Budget, Cost, CostLine, Fee, FiscalYear


@dataclass(frozen=True)
class Line:
    kind: str  # opening_balance, closing_balance, fee or cost: the columns of the CSV
    label: str
    amount: int  # kronor, with the sign it has in the statement
    note: str = ""


@dataclass
class BudgetLine:
    label: str
    budget: int | None
    actual: int

    @property
    def difference(self):
        return None if self.budget is None else self.budget - self.actual


@dataclass
class Statement:
    fiscal_year: FiscalYear
    income: list[Line] = field(default_factory=list)  # IB, UB (negative: carried forward), 21 fees
    costs: list[Line] = field(default_factory=list)  # negative, one per cost line used
    budget: list[BudgetLine] = field(default_factory=list)

    @property
    def year(self):
        return self.fiscal_year.year

    @property
    def income_total(self) -> int:
        return sum(line.amount for line in self.income)

    @property
    def cost_total(self) -> int:
        return sum(line.amount for line in self.costs)

    @property
    def fees(self) -> list[Line]:
        return [line for line in self.income if line.kind == "fee"]

    @property
    def fee_total(self) -> int:
        return sum(line.amount for line in self.fees)

    @property
    def balances(self) -> bool:
        """Both sides are equal: what came in and was not carried forward was spent."""
        return self.income_total + self.cost_total == 0

    @property
    def notes(self) -> list[str]:
        return [line.note for line in self.costs if line.note]

    def rows(self) -> list[Line]:
        return self.income + self.costs


def closing_balance_of(fiscal_year: FiscalYear, fee_total: int, cost_total: int) -> int:
    if fiscal_year.closing_balance is not None:
        return fiscal_year.closing_balance
    return fiscal_year.opening_balance + fee_total - cost_total


BOUGHT_SERVICES_NOTE = _("Inkluderar kostnader för riskanalyser, harmoniserade miljökrav och kontorsrevisioner.")


def build_statement(fiscal_year: FiscalYear) -> Statement:
    """Three queries: the fees with their regions, the costs per line, the budgets."""
    fees = sorted(
        Fee.objects.unscoped().filter(fiscal_year=fiscal_year).select_related("region"),
        key=lambda fee: swedish_sort_key(fee.region.short_name),
    )
    cost_totals = Cost.objects.filter(fiscal_year=fiscal_year).totals_by_line()
    budgets = dict(Budget.objects.filter(fiscal_year=fiscal_year).values_list("cost_line", "amount"))
    fee_total, cost_total = sum(fee.amount for fee in fees), sum(cost_totals.values())
    income = [
        Line("opening_balance", "IB", fiscal_year.opening_balance, fiscal_year.opening_balance_note),
        Line("closing_balance", "UB", -closing_balance_of(fiscal_year, fee_total, cost_total)),
        *[Line("fee", fee.region.short_name, fee.amount) for fee in fees],
    ]
    costs = [
        Line(
            "cost", str(label), -cost_totals[value], str(BOUGHT_SERVICES_NOTE) if value == CostLine.CONSULTANTS else ""
        )
        for value, label in CostLine.choices
        if cost_totals.get(value)
    ]
    budget = [
        BudgetLine(str(label), budgets.get(value), cost_totals.get(value, 0))
        for value, label in CostLine.choices
        if value in budgets or value in cost_totals
    ]
    return Statement(fiscal_year, income, costs, budget)


def years_compared(years: list[FiscalYear]) -> list[dict]:
    """Fees, costs and closing balance per year, for the comparison across years (two queries)."""
    fee_totals = dict(
        Fee.objects.unscoped().filter(fiscal_year__in=years).values_list("fiscal_year").annotate(s=Sum("amount"))
    )
    cost_totals = dict(Cost.objects.filter(fiscal_year__in=years).values_list("fiscal_year").annotate(s=Sum("amount")))
    return [
        {
            "fiscal_year": year,
            "opening_balance": year.opening_balance,
            "fees": fee_totals.get(year.pk, 0),
            "costs": cost_totals.get(year.pk, 0),
            "closing_balance": closing_balance_of(year, fee_totals.get(year.pk, 0), cost_totals.get(year.pk, 0)),
        }
        for year in years
    ]
