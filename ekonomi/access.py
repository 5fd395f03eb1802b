"""Who may see fees and change the finances of a year."""

from django.db.models import Q

from regions.access import Capability, ScopedQuerySet, has_capability


class FeeAccess(ScopedQuerySet):
    """Finance, the steering group and the secretariat see every fee; a region its own: its members,
    and the people it employs (``User.employing_region``: a coordinator, whose role is of a
    procurement region, reads the fee letter of the region that employs them)."""

    def visibility_filter(self, scope, user):
        if has_capability(user, Capability.VIEW_FINANCE):
            return None
        own = Q(region_id__in=scope.region_ids)
        if scope.roles and user.employing_region_id:
            own |= Q(region_id=user.employing_region_id)
        return own

    def edit_filter(self, scope, user):
        return None if has_capability(user, Capability.EDIT_FINANCE) else Q(pk__in=[])


def can_edit_fiscal_year(user, fiscal_year) -> bool:
    """Fees, costs and budgets of a year change until the year is closed, and only by finance."""
    return has_capability(user, Capability.EDIT_FINANCE) and not fiscal_year.is_closed
