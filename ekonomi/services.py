"""The finance workflow: allocate fees, adopt, record costs and budgets, close the year.

Every change is atomic, names the acting user in the change history, and refuses to
touch a closed year.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.formats.base_formats import CSV, XLSX

from base.forms import save_once
from base.history import record_acting_user
from base.imports import problems_of, warnings_of
from ekonomi.models import AllocationDecision, Budget, Cost, Fee, FiscalYear
from ekonomi.statement import opening_balance_of
from regions.models import Population, Region
from regions.resources import PopulationResource


def allocate(total: int, populations: dict) -> dict:
    """Split ``total`` kronor in proportion to ``populations`` by the largest-remainder method.

    Each share is floored to whole kronor; the kronor left over go, one each, to the keys
    with the largest remainders (ties to the larger population, then the key's order), so
    the fees add up to the total exactly and each is within one krona of its exact share.
    Integer arithmetic throughout: no rounding error.
    """
    inhabitants = sum(populations.values())
    if total < 0 or inhabitants <= 0:
        raise ValueError("a non-negative total and a positive population are needed")
    floors, remainders = {}, {}
    for key, population in populations.items():
        floors[key], remainders[key] = divmod(total * population, inhabitants)
    left_over = total - sum(floors.values())
    order = sorted(populations, key=lambda key: (-remainders[key], -populations[key], str(key)))
    for key in order[:left_over]:
        floors[key] += 1
    return floors


def allocate_per_inhabitant(rate: Decimal, populations: dict) -> dict:
    """Rate × population, rounded half up to whole kronor."""
    return {
        key: int((Decimal(rate) * population).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for key, population in populations.items()
    }


def _ensure_open(fiscal_year: FiscalYear):
    if fiscal_year.is_closed:
        raise ValidationError(_("Räkenskapsåret %(year)s är stängt och kan inte ändras.") % {"year": fiscal_year.year})


def population_basis(year: int) -> dict[Region, int]:
    """Every region's population of ``year``; refuses if a region is missing."""
    rows = {row.region: row.inhabitants for row in Population.objects.filter(year=year).select_related("region")}
    missing = [region.short_name for region in Region.objects.all() if region not in rows]
    if missing:
        raise ValidationError(
            ngettext(
                "Befolkningsunderlaget för %(year)s saknar en region: %(names)s.",
                "Befolkningsunderlaget för %(year)s saknar %(count)d regioner: %(names)s.",
                len(missing),
            )
            % {"year": year, "count": len(missing), "names": ", ".join(missing)}
        )
    return rows


@transaction.atomic
def allocate_fees(*, acting_user, fiscal_year: FiscalYear, total=None, per_inhabitant=None, reason="") -> list[Fee]:
    """Compute every region's fee from the population basis; an adopted year needs a reason."""
    _ensure_open(fiscal_year)
    if (total is None) == (per_inhabitant is None):
        raise ValidationError(_("Ange antingen ett totalbelopp eller ett belopp per invånare."))
    populations = population_basis(fiscal_year.population_year)
    amounts = (
        allocate(int(total), populations) if total is not None else allocate_per_inhabitant(per_inhabitant, populations)
    )
    previous_total = sum(fiscal_year.fees.values_list("amount", flat=True))
    if fiscal_year.state == FiscalYear.State.ADOPTED:
        if not reason.strip():
            raise ValidationError(_("Fördelningen är fastställd; en ändring kräver ett beslut med skäl."))
        AllocationDecision.objects.create(
            fiscal_year=fiscal_year,
            decided_by=acting_user,
            reason=reason,
            previous_total=previous_total,
            new_total=sum(amounts.values()),
        )
    fiscal_year.fee_basis = FiscalYear.FeeBasis.TOTAL if total is not None else FiscalYear.FeeBasis.PER_INHABITANT
    fiscal_year.fee_total = int(total) if total is not None else sum(amounts.values())
    fiscal_year.fee_per_inhabitant = per_inhabitant
    record_acting_user(fiscal_year, acting_user)
    fiscal_year.save()
    fees = []
    for region, amount in amounts.items():
        fee = Fee.objects.unscoped().filter(fiscal_year=fiscal_year, region=region).first() or Fee(
            fiscal_year=fiscal_year, region=region
        )
        fee.population, fee.amount = populations[region], amount
        record_acting_user(fee, acting_user)
        fee.save()
        fees.append(fee)
    return fees


@transaction.atomic
def adopt(*, acting_user, fiscal_year: FiscalYear) -> None:
    """Freeze the allocation: from now on it changes only by a decision with a reason."""
    if fiscal_year.state != FiscalYear.State.DRAFT:
        raise ValidationError(_("Bara ett utkast kan fastställas."))
    if fiscal_year.fees.count() != Region.objects.count():
        raise ValidationError(_("Fördela avgifterna för alla regioner innan året fastställs."))
    fiscal_year.state = FiscalYear.State.ADOPTED
    fiscal_year.adopted_at, fiscal_year.adopted_by = timezone.now(), acting_user
    record_acting_user(fiscal_year, acting_user)
    fiscal_year.save(update_fields=["state", "adopted_at", "adopted_by"])


@transaction.atomic
def add_cost(*, acting_user, cost: Cost) -> Cost:
    _ensure_open(cost.fiscal_year)
    cost.full_clean()
    record_acting_user(cost, acting_user)
    cost.save()
    return cost


@transaction.atomic
def set_budget(*, acting_user, fiscal_year: FiscalYear, cost_line: str, amount: int) -> Budget:
    _ensure_open(fiscal_year)
    budget = Budget.objects.filter(fiscal_year=fiscal_year, cost_line=cost_line).first() or Budget(
        fiscal_year=fiscal_year, cost_line=cost_line
    )
    budget.amount = amount
    budget.full_clean()
    record_acting_user(budget, acting_user)
    budget.save()
    return budget


def closing_balance(fiscal_year: FiscalYear) -> int:
    """Opening balance + fees − costs: what is left, carried to the next year as prepaid income.

    The opening balance is the previous year's closing balance, so that year must be closed first.
    """
    opening = opening_balance_of(fiscal_year)
    if opening is None:
        raise ValidationError(
            _("Stäng föregående år först: dess utgående balans är ingående balans för %(year)s.")
            % {"year": fiscal_year.year}
        )
    fees = sum(fiscal_year.fees.values_list("amount", flat=True))
    costs = sum(fiscal_year.costs.values_list("amount", flat=True))
    return opening + fees - costs


@transaction.atomic
def close_year(*, acting_user, fiscal_year: FiscalYear) -> FiscalYear:
    """Close an adopted year; its closing balance is the next year's opening balance (ekonomi.statement)."""
    if fiscal_year.state != FiscalYear.State.ADOPTED:
        raise ValidationError(_("Bara ett fastställt år kan stängas."))
    fiscal_year.closing_balance = closing_balance(fiscal_year)
    fiscal_year.state = FiscalYear.State.CLOSED
    fiscal_year.closed_at, fiscal_year.closed_by = timezone.now(), acting_user
    record_acting_user(fiscal_year, acting_user)
    fiscal_year.save(update_fields=["closing_balance", "state", "closed_at", "closed_by"])
    following, _created = FiscalYear.objects.get_or_create(
        year=fiscal_year.year + 1, defaults={"population_year": fiscal_year.population_year + 1}
    )
    _ensure_open(following)
    # The statement computes the opening balance from this year; the stored copy keeps the admin in step.
    following.opening_balance = fiscal_year.closing_balance
    following.opening_balance_note = _("Förutbetald intäkt från %(year)s") % {"year": fiscal_year.year}
    record_acting_user(following, acting_user)
    following.save(update_fields=["opening_balance", "opening_balance_note"])
    return following


@transaction.atomic
def open_fiscal_year(*, acting_user, fiscal_year: FiscalYear) -> FiscalYear:
    """A new year; one carrying a form's one-time token (``fiscal_year.created_with``) that opened
    one before raises base.forms.AlreadyCreated with it."""
    record_acting_user(fiscal_year, acting_user)
    save_once(fiscal_year, fiscal_year.save)
    return fiscal_year


# The population basis, from SCB's table: previewed as a dry run, then imported on confirmation.


@dataclass
class PopulationImport:
    """What importing a file did, or would do (a dry run): its rows, or the problems that refuse it."""

    result: object  # import_export's Result
    data: str = ""  # the file as CSV: what the confirmation posts back

    @property
    def problems(self) -> list[str]:
        refused = self.result.has_errors() or self.result.has_validation_errors()
        return problems_of(self.result) if refused else []

    @property
    def warnings(self) -> list[str]:
        """The cells the import changed before checking them (control characters stripped), by line and column."""
        return warnings_of(self.result)


def _read_population_file(upload):
    content = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        return XLSX().create_dataset(content)
    return CSV().create_dataset(content.decode("utf-8-sig"))


def preview_population_import(*, acting_user, upload) -> PopulationImport:
    """Read an uploaded CSV or XLSX file and import it as a dry run: nothing is written."""
    try:
        dataset = _read_population_file(upload)
    except Exception:  # tablib and openpyxl raise many kinds on a broken file
        raise ValidationError({"file": _("Filen %(name)s kunde inte läsas.") % {"name": upload.name}}) from None
    result = PopulationResource().import_data(dataset, dry_run=True, acting_user=acting_user)
    return PopulationImport(result, dataset.csv)


def import_population(*, acting_user, data: str) -> PopulationImport:
    """Import the previewed file (as the preview's CSV): every row, or none when a problem refuses it."""
    result = PopulationResource().import_data(CSV().create_dataset(data), dry_run=False, acting_user=acting_user)
    return PopulationImport(result)
