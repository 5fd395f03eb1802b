"""Suppliers, contracts, the assessment template, audits with their ratings, deviations and
corrective actions, and the yearly national audit plan.

An audit is led by a procurement region and read through ``Audit.objects.visible_to(user)``:
``restricted`` until it is closed, then ``network``; an approved summary is public. Deviations,
ratings and corrective actions follow their audit.

One module per subject; every model is imported from here (``from revisioner.models import Audit``).
Who sees and changes which rows: revisioner/access.py."""

# In the order of the old single module: Django registers the models (and their content types) so.
from revisioner.models.suppliers import SWEDEN, Supplier, SupplierAlias, SupplierQuerySet  # noqa: I001
from revisioner.models.contracts import Contract, ContractQuerySet
from revisioner.models.templates import AssessmentTemplate, Criterion
from revisioner.models.audits import Audit, AuditParticipant, AuditQuerySet, Rating
from revisioner.models.findings import (
    CorrectiveAction,
    CorrectiveActionQuerySet,
    Deviation,
    DeviationQuerySet,
    Reminder,
)
from revisioner.models.plan import AuditPlan, PlanEntry, PlanEntryQuerySet
from revisioner.models.contacts import SupplierContact, SupplierContactQuerySet, SupplierMessage
from revisioner.models.findings import ActionEvidence
from revisioner.models.facilities import Facility
from revisioner.models.imports import ImportJob

__all__ = [
    "SWEDEN",
    "ActionEvidence",
    "AssessmentTemplate",
    "Audit",
    "AuditParticipant",
    "AuditPlan",
    "AuditQuerySet",
    "Contract",
    "ContractQuerySet",
    "CorrectiveAction",
    "CorrectiveActionQuerySet",
    "Criterion",
    "Deviation",
    "DeviationQuerySet",
    "Facility",
    "ImportJob",
    "PlanEntry",
    "PlanEntryQuerySet",
    "Rating",
    "Reminder",
    "Supplier",
    "SupplierAlias",
    "SupplierContact",
    "SupplierContactQuerySet",
    "SupplierMessage",
    "SupplierQuerySet",
]
