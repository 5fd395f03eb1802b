"""Who may see and change incident cases, name a lead region, and read a case's trail.

The secretariat sees every case; a ``network`` case is seen by everyone who works on cases
(coordinators, region contacts); a ``confidential`` case only by its named participants. The
steering group reads counts and published summaries through the dashboard and the report, not the
cases. Named participants change the case.

This module imports none of incidenter's models (they import it); a rule that needs one takes it
from the app registry when it runs.
"""

from django.apps import apps
from django.db.models import Q

from regions.access import Capability, Role, Scope, ScopedQuerySet, Visibility, get_scope, may_change
from regions.models import Region

# Who may be named in a case: the roles that work on cases.
CASE_ROLES = [Role.SECRETARIAT, Role.COORDINATOR, Role.REGION_CONTACT]


def _named_in(user):
    """The cases ``user`` is named in, as a subquery of ids."""
    participants = apps.get_model("incidenter", "IncidentParticipant")
    return participants.objects.filter(user=user.pk).values("incident_id")


class IncidentAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user):
        if scope.is_secretariat:
            return None
        if Capability.RECORD_INCIDENTS not in scope.capabilities:
            return Q(pk__in=[])  # the steering group and finance read counts and published summaries only
        return Q(visibility=Visibility.NETWORK) | Q(pk__in=_named_in(user))

    def edit_filter(self, scope: Scope, user):
        if scope.is_secretariat:
            return None
        if Capability.RECORD_INCIDENTS not in scope.capabilities:
            return Q(pk__in=[])
        return Q(pk__in=_named_in(user))


def lead_regions_for(user, regions):
    """Of ``regions``, those a person may name as a case's lead: any for the secretariat, else their
    own regions and those of the procurement regions they coordinate."""
    scope = get_scope(user)
    if scope.is_secretariat:
        return regions
    return regions.filter(
        Q(pk__in=scope.region_ids) | Q(procurement_region__in=scope.coordinated_procurement_region_ids)
    )


def must_name_lead_region(user) -> bool:
    """Only the secretariat may leave the lead empty (then the secretariat leads the case)."""
    return not get_scope(user).is_secretariat


def own_region_ids(user) -> set[int]:
    """The regions that are the reader's: their own, and those of the procurement regions they coordinate."""
    scope = get_scope(user)
    return set(scope.region_ids) | set(
        Region.objects.filter(procurement_region__in=scope.coordinated_procurement_region_ids).values_list(
            "pk", flat=True
        )
    )


def can_see_reads(user, incident) -> bool:
    """Who read a confidential case is for the secretariat's eyes."""
    return get_scope(user).is_secretariat and incident.is_confidential


def can_edit_case(user, incident) -> bool:
    """Whether ``user`` works on the case (the edit rule of IncidentAccess), asked of the database."""
    return may_change(user, incident)
