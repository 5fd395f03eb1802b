"""The figures of the yearly fee and balance statement (årsbokslut).

``build_statement`` reads a year with a fixed number of queries; the page, the annual
report and the downloads (ekonomi.documents) all show what it returns, so they cannot disagree.

The balances follow docs/decisions/0006-closing-balance.md: the closing balance ("Utgående balans")
is what is left of the year, positive for a surplus carried to the next year, and it exists only
once the year is closed. A year's opening balance is the previous year's closing balance; only the
first year on record has an opening balance of its own. A figure with nothing recorded is None,
which every page and document prints as "–".
"""

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.formats import swedish_sort_key
from ekonomi.models import Budget, Cost, CostLine, Fee, FiscalYear

OPENING_BALANCE = gettext_lazy("Ingående balans")
CLOSING_BALANCE = gettext_lazy("Utgående balans")
INCOME_TOTAL = gettext_lazy("Summa intäkter")
COST_TOTAL = gettext_lazy("Summa kostnader")


@dataclass(frozen=True)
class Line:
    kind: str  # opening_balance, fee, income_total, cost, cost_total, closing_balance: the rows of the CSV
    label: str
    amount: int | None  # kronor, with the sign it has in the statement; None when nothing is recorded
    note: str = ""


@dataclass
class BudgetLine:
    label: str
    budget: int | None
    actual: int

    @property
    def difference(self):
        return None if self.budget is None else self.budget - self.actual


def _sum(amounts) -> int | None:
    """The sum of what is recorded; None when nothing is."""
    known = [amount for amount in amounts if amount is not None]
    return sum(known) if known else None


@dataclass
class Statement:
    fiscal_year: FiscalYear
    opening: Line
    fees: list[Line] = field(default_factory=list)  # one per region, in Swedish order
    costs: list[Line] = field(default_factory=list)  # negative, one per cost line used
    closing: Line | None = None
    budget: list[BudgetLine] = field(default_factory=list)

    @property
    def year(self):
        return self.fiscal_year.year

    @property
    def is_preliminary(self) -> bool:
        """Only a closed year has an annual statement; before that the figures are preliminary."""
        return not self.fiscal_year.is_closed

    @property
    def title(self) -> str:
        """An annual statement once the year is closed; before that a preliminary summary, never "Årsbokslut"."""
        if self.is_preliminary:
            return _("Preliminär sammanställning %(year)s") % {"year": self.year}
        return _("Årsbokslut %(year)s") % {"year": self.year}

    @property
    def income(self) -> list[Line]:
        return [self.opening, *self.fees]

    @property
    def income_total(self) -> int | None:
        return _sum(line.amount for line in self.income)

    @property
    def cost_total(self) -> int | None:
        return _sum(line.amount for line in self.costs)

    @property
    def fee_total(self) -> int | None:
        return _sum(line.amount for line in self.fees)

    @property
    def closing_balance(self) -> int | None:
        return self.closing.amount

    @property
    def balances(self) -> bool:
        """Opening balance + fees − costs is the closing balance of a closed year."""
        if self.closing_balance is None:
            return False
        return (self.income_total or 0) - (self.cost_total or 0) == self.closing_balance

    @property
    def notes(self) -> list[str]:
        return [line.note for line in self.costs if line.note]

    def rows(self) -> list[Line]:
        """Every figure in the statement's order, the sums included: what each document prints."""
        return [
            *self.income,
            Line("income_total", str(INCOME_TOTAL), self.income_total),
            *self.costs,
            Line("cost_total", str(COST_TOTAL), self.cost_total),
            self.closing,
        ]


def closing_balance_of(fiscal_year: FiscalYear) -> int | None:
    """The closing balance exists once the year is closed; before that there is none."""
    return fiscal_year.closing_balance if fiscal_year.is_closed else None


def opening_balances(fiscal_years) -> dict[int, int | None]:
    """{year: opening balance}: the previous year's closing balance; the first year's own (one query).

    None when the previous year is not closed yet: its closing balance is not known.
    """
    fiscal_years = list(fiscal_years)
    if not fiscal_years:
        return {}
    last = max(fiscal_year.year for fiscal_year in fiscal_years)
    chain = {fiscal_year.year: fiscal_year for fiscal_year in FiscalYear.objects.filter(year__lte=last)}
    chain.update({fiscal_year.year: fiscal_year for fiscal_year in fiscal_years})
    balances, previous = {}, None
    for year in sorted(chain):
        fiscal_year = chain[year]
        balances[year] = fiscal_year.opening_balance if previous is None else closing_balance_of(previous)
        previous = fiscal_year
    return {fiscal_year.year: balances[fiscal_year.year] for fiscal_year in fiscal_years}


def opening_balance_of(fiscal_year: FiscalYear) -> int | None:
    return opening_balances([fiscal_year])[fiscal_year.year]


BOUGHT_SERVICES_NOTE = _("Inkluderar kostnader för riskanalyser, harmoniserade miljökrav och kontorsrevisioner.")


def build_statement(fiscal_year: FiscalYear) -> Statement:
    """Four queries: the opening balance, the fees with their regions, the costs per line, the budgets."""
    fees = sorted(
        Fee.objects.unscoped().filter(fiscal_year=fiscal_year).select_related("region"),
        key=lambda fee: swedish_sort_key(fee.region.short_name),
    )
    cost_totals = Cost.objects.filter(fiscal_year=fiscal_year).totals_by_line()
    budgets = dict(Budget.objects.filter(fiscal_year=fiscal_year).values_list("cost_line", "amount"))
    opening = Line(
        "opening_balance", str(OPENING_BALANCE), opening_balance_of(fiscal_year), fiscal_year.opening_balance_note
    )
    costs = [
        Line("cost", str(label), cost_totals[value], str(BOUGHT_SERVICES_NOTE) if value == CostLine.CONSULTANTS else "")
        for value, label in CostLine.choices
        if cost_totals.get(value)
    ]
    budget = [
        BudgetLine(str(label), budgets.get(value), cost_totals.get(value, 0))
        for value, label in CostLine.choices
        if value in budgets or value in cost_totals
    ]
    return Statement(
        fiscal_year,
        opening=opening,
        fees=[Line("fee", fee.region.short_name, fee.amount) for fee in fees],
        costs=costs,
        closing=Line("closing_balance", str(CLOSING_BALANCE), closing_balance_of(fiscal_year)),
        budget=budget,
    )


def years_compared(years: list[FiscalYear], *, opening: bool = True) -> list[dict]:
    """Opening balance, fees, costs and closing balance per year, None where nothing is recorded.

    Three queries; two without the opening balances (``opening=False``, then None).
    """
    fee_totals = dict(
        Fee.objects.unscoped().filter(fiscal_year__in=years).values_list("fiscal_year").annotate(s=Sum("amount"))
    )
    cost_totals = dict(Cost.objects.filter(fiscal_year__in=years).values_list("fiscal_year").annotate(s=Sum("amount")))
    openings = opening_balances(years) if opening else {}
    return [
        {
            "fiscal_year": year,
            "opening_balance": openings.get(year.year),
            "fees": fee_totals.get(year.pk),
            "costs": cost_totals.get(year.pk),
            "closing_balance": closing_balance_of(year),
        }
        for year in years
    ]
