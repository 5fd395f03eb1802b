"""The national audit plan: entries from the ranking, adopted by the secretariat."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from revisioner import access
from revisioner.models import Audit, AuditPlan, PlanEntry
from revisioner.selection import score_of
from revisioner.services.common import _save, check_leads

# The national audit plan ---------------------------------------------------------------------


def _check_plan_open(plan: AuditPlan, acting_user) -> None:
    if not access.can_change_plan(acting_user, plan):
        raise ValidationError(
            _("Revisionsplanen för %(year)s är fastställd; kansliet ändrar den.") % {"year": plan.year}
        )


@transaction.atomic
def add_to_plan(*, acting_user, year: int, supplier, category, procurement_region, kind=Audit.Kind.OFFICE) -> PlanEntry:
    """Add a supplier and category from the ranking to the year's plan, with the score it had."""
    check_leads(acting_user, procurement_region)
    plan, _created = AuditPlan.objects.get_or_create(year=year)
    _check_plan_open(plan, acting_user)
    if PlanEntry.objects.unscoped().filter(plan=plan, supplier=supplier, category=category).exists():
        raise ValidationError(
            _("%(supplier)s i %(category)s finns redan i planen för %(year)s.")
            % {"supplier": supplier, "category": category, "year": year}
        )
    row = score_of(year, supplier.pk, category.pk, user=acting_user)  # the score the person saw
    if row is None:
        raise ValidationError(
            _("%(supplier)s har inget avtal i %(category)s som gäller %(year)s.")
            % {"supplier": supplier, "category": category, "year": year}
        )
    entry = PlanEntry(
        plan=plan,
        supplier=supplier,
        category=category,
        procurement_region=procurement_region,
        kind=kind,
        score=round(row.total, 1),
        added_by=acting_user,
    )
    return _save(entry, acting_user)


@transaction.atomic
def remove_from_plan(*, acting_user, entry: PlanEntry) -> None:
    _check_plan_open(entry.plan, acting_user)
    if entry.audit_id is not None:
        raise ValidationError(_("Revisionen är redan planerad; ställ in den i stället."))
    PlanEntry.objects.unscoped().filter(pk=entry.pk).delete()


@transaction.atomic
def adopt_plan(*, acting_user, plan: AuditPlan) -> AuditPlan:
    """The secretariat adopts the year's plan; after that only the secretariat changes it."""
    if plan.adopted_at is not None:
        raise ValidationError(_("Planen är redan fastställd."))
    plan.adopted_at = timezone.now()
    return _save(plan, acting_user)
