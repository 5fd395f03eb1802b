"""Who may see and change self-assessment requests and their answers.

- Every member of the network sees that a request exists, for which supplier and template, and its
  outcome (a reviewed self-assessment is shared, as audits are); the answers' words and files are
  read by the secretariat and the procurement regions that asked.
- The coordinators of the procurement region that leads the request (the first to ask) and the
  secretariat send it, review it and complete the review.
- A supplier's contact person sees the requests of the suppliers they answer for
  (revisioner.access.supplier_ids_of) and nothing of anyone else's; they answer until they submit.

This module imports none of the app's models (they import it)."""

from django.apps import apps
from django.db.models import Q

from regions.access import Scope, ScopedQuerySet, get_scope
from revisioner.access import can_review_for, can_write_audits, supplier_ids_of


class RequestAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user):
        return None if scope.roles else Q(pk__in=[])

    def edit_filter(self, scope: Scope, user):
        if scope.is_secretariat:
            return None
        return Q(procurement_region_id__in=scope.coordinated_procurement_region_ids)

    def for_supplier_contact(self, user):
        """The requests of the suppliers ``user`` answers for (withdrawn ones left out)."""
        return self._scoped(Q(supplier_id__in=supplier_ids_of(user)) & ~Q(status="cancelled"))


def asked_filter(scope: Scope, prefix: str = "") -> Q | None:
    """The requests whose answers ``scope`` reads: the secretariat's, and those its procurement
    regions asked for. ``prefix`` applies it to the request of another row (``"request__"``)."""
    if scope.is_secretariat:
        return None
    if not scope.roles:
        return Q(pk__in=[])
    asking = apps.get_model("sjalvskattning", "Request").asked_by.through.objects
    return Q(
        **{f"{prefix}pk__in": asking.filter(procurementregion_id__in=scope.procurement_region_ids).values("request_id")}
    )


class AnswerAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user):
        return asked_filter(scope, prefix="request__")

    def edit_filter(self, scope: Scope, user):
        if scope.is_secretariat:
            return None
        return Q(request__procurement_region_id__in=scope.coordinated_procurement_region_ids)

    def for_supplier_contact(self, user):
        return self._scoped(Q(request__supplier_id__in=supplier_ids_of(user)) & ~Q(request__status="cancelled"))


def can_send_requests(user) -> bool:
    """Send questionnaires: whoever writes audits (coordinators, the secretariat), for a procurement
    region they lead (``can_review_for``)."""
    return can_write_audits(user)


def can_read_answers(user, request) -> bool:
    """The answers' words and files: the secretariat and the procurement regions that asked."""
    scope = get_scope(user)
    return scope.is_secretariat or bool(scope.procurement_region_ids & {region.pk for region in request.asked_by.all()})


def can_review(user, request) -> bool:
    """Review a request's answers and complete the review: the leading procurement region's coordinators."""
    return can_review_for(user, request.procurement_region)


__all__ = ["can_read_answers", "can_review", "can_send_requests", "supplier_ids_of"]
