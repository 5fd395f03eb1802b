"""The demo's change history on the records' own dates.

The demo writes records of 2023 and 2024 in a few seconds, and django-simple-history stamps each
historical row with the moment it was written: an audit performed in March 2024 would say that it
was created the day the demo was seeded. After seeding, ``date_demo_history`` gives every historical
row written since ``since`` the date of the record it records, read from the fields declared below:
a creation (``+``) takes the first declared field that the row has, a change (``~``) the latest of
them. A field may follow foreign keys (``audit__created_at``); a year (``start_year``) counts as
its 1 January. A record that the demo creates today (a questionnaire sent, a review completed)
keeps the history it was given; of a record of the past, a row keeps its own time when it has none
of the fields or when their date lies after it, and the rows of one record stay in the order they
were written.

Every model with a change history is named here, in ``DATES`` or in ``UNDATED``; a test holds
that, so a model that gets a history gets its date too.
"""

import datetime

from django.apps import apps
from django.utils import timezone

DATES = {
    "regions.User": ("date_joined",),
    "regions.Membership": ("created_at",),
    "riskanalys.CategoryPriority": ("start_year",),
    "riskanalys.RiskAnalysis": ("published_at",),
    "riskanalys.RiskAssessment": ("analysis__published_at",),
    "riskanalys.ActionPlan": ("start_year",),
    "riskanalys.Study": ("year",),
    "krav.RequirementVersion": ("consultation_opened_at", "adopted_at"),
    "krav.ConsultationResponse": ("responded_at",),
    "krav.Uptake": ("since",),
    "krav.PriorityEntry": ("start_year",),
    "revisioner.Supplier": ("created_at",),
    "revisioner.Contract": ("starts_on",),
    "revisioner.AssessmentTemplate": ("adopted_at",),
    "revisioner.Audit": ("created_at", "performed_on", "closed_at", "summary_approved_at"),
    "revisioner.AuditParticipant": ("audit__created_at",),
    "revisioner.Rating": ("audit__performed_on",),
    "revisioner.Deviation": ("created_at", "verified_at"),
    "revisioner.CorrectiveAction": ("deviation__created_at",),
    "revisioner.AuditPlan": ("adopted_at",),
    "revisioner.SupplierContact": ("created_at",),
    "incidenter.Incident": ("opened_on", "closed_on"),
    "incidenter.IncidentParticipant": ("added_at",),
    "incidenter.InvolvedParty": ("incident__opened_on",),
    "incidenter.TimelineEntry": ("occurred_on",),
    "incidenter.Outcome": ("decided_on",),
    "akademi.Event": ("registration_deadline", "starts_at"),
    "akademi.Registration": ("registered_at",),
    "akademi.Diploma": ("issued_at",),
    "sjalvskattning.Request": ("sent_at", "submitted_at", "reviewed_at"),
    "sjalvskattning.Answer": ("answered_at", "reviewed_at"),
    "ekonomi.FiscalYear": ("adopted_at", "closed_at"),
    "ekonomi.Fee": ("fiscal_year__adopted_at",),
    "ekonomi.Budget": ("fiscal_year__adopted_at",),
    "ekonomi.Cost": ("date",),
    "sso.PasswordLogin": ("allowed_at",),
    "hallbar.Goal": ("start_year",),
}

# Reference data and yearly figures: the date they were entered is not the year they are about,
# so their history says when the demo entered them.
UNDATED = {
    "regions.Population",
    "riskanalys.Activity",
    "akademi.DiplomaRequirement",
    "krav.Requirement",
    "sso.IdentityProvider",
    "hallbar.GoalAssessment",
    "hallbar.MetricValue",
    "hallbar.ReportText",
}

NOON = datetime.time(12, tzinfo=datetime.UTC)
STEP = datetime.timedelta(minutes=1)  # between two rows of one record that fall on the same date


def history_models() -> dict[str, type]:
    """Every model with a change history of its own, by label (not the links of many-to-many fields)."""
    found = {}
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager and not model.__name__.startswith("Historical"):
            found[model._meta.label] = getattr(model, manager).model
    return found


def _value(row, path: str):
    value = row
    for name in path.split("__"):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _moment(value) -> datetime.datetime | None:
    if value is None:
        return None
    if isinstance(value, int):
        value = datetime.date(value, 1, 1)
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return datetime.datetime.combine(value, NOON)


def _own_date(row, fields) -> datetime.datetime | None:
    moments = [moment for moment in (_moment(_value(row, path)) for path in fields) if moment is not None]
    if not moments:
        return None
    return moments[0] if row.history_type == "+" else max(moments)


def date_demo_history(since: datetime.datetime) -> int:
    """Give the historical rows written since ``since`` their records' dates; returns how many moved."""
    moved = 0
    for label, historical in history_models().items():
        fields = DATES.get(label)
        if not fields:
            continue
        rows = historical.objects.filter(history_date__gte=since).order_by("id", "history_date", "history_id")
        by_record = {}
        for row in rows:
            by_record.setdefault(row.id, []).append(row)
        changed = []
        for record_rows in by_record.values():
            created = _own_date(record_rows[0], fields)
            if created is None or created >= since:
                continue  # a record of today (or of no date): its history is today's
            # From the newest back: each row on its own date, never later than the row after it.
            later = None
            for row in reversed(record_rows):
                date = min(filter(None, (_own_date(row, fields), row.history_date)))
                if later is not None and date >= later:
                    date = later - STEP
                later = date
                if date != row.history_date:
                    row.history_date = date
                    changed.append(row)
        historical.objects.bulk_update(changed, ["history_date"], batch_size=500)
        moved += len(changed)
    return moved
