"""Who may see, write, submit and publish risk analyses, and who may change studies and action plans.

The queryset classes are the bases of riskanalys.models' QuerySets; this module reads no model of its
own app (the models import it).
"""

from django.apps import apps
from django.db.models import Q

from regions.access import Capability, Role, Scope, ScopedQuerySet, Visibility, get_scope, has_capability, may_change


class RiskAnalysisAccess(ScopedQuerySet):
    """Drafts and analyses under review are their procurement region's; published ones are shared."""

    def edit_filter(self, scope: Scope, user):
        if scope.is_secretariat:
            return None
        # A coordinator changes their procurement region's analysis until it is submitted.
        return Q(procurement_region_id__in=scope.coordinated_procurement_region_ids, status=self.model.Status.DRAFT)


class StudyAccess(ScopedQuerySet):
    def visibility_filter(self, scope, user):
        # Studies are the secretariat's: no owning procurement region, only a visibility level.
        if scope.is_secretariat:
            return None
        levels = [Visibility.PUBLIC, Visibility.NETWORK] if scope.roles else [Visibility.PUBLIC]
        return Q(visibility__in=levels)

    def edit_filter(self, scope, user):
        return None if scope.is_secretariat else Q(pk__in=[])


def writes_for_every_procurement_region(user) -> bool:
    """The secretariat writes analyses for any category and any procurement region; a coordinator
    only for the categories of the procurement region they coordinate."""
    return get_scope(user).is_secretariat


def categories_for_analyses_of(user, categories):
    """Those of ``categories`` the person may write an analysis for."""
    scope = get_scope(user)
    if scope.is_secretariat:
        return categories
    # Only the categories the coordinator's procurement region is responsible for.
    return categories.filter(procurement_regions__in=scope.coordinated_procurement_region_ids).distinct()


def can_change_submitted_analysis(user) -> bool:
    """An analysis under review or published is changed only by the secretariat."""
    return get_scope(user).is_secretariat


def coordinated_procurement_region(user):
    """The procurement region a coordinator writes for (the first they coordinate), or None."""
    scope = get_scope(user)
    if Role.COORDINATOR not in scope.roles:
        return None
    procurement_region = apps.get_model("regions", "ProcurementRegion")
    return procurement_region.objects.filter(pk__in=scope.coordinated_procurement_region_ids).first()


def can_write_risk_analyses(user) -> bool:
    return has_capability(user, Capability.WRITE_RISK_ANALYSES)


def can_publish_risk_analyses(user) -> bool:
    """Publishing (and returning to draft) is the secretariat's, with the category tree."""
    return has_capability(user, Capability.MANAGE_CATEGORIES)


def can_manage_categories(user) -> bool:
    return has_capability(user, Capability.MANAGE_CATEGORIES)


def can_edit_risk_analysis(user, analysis) -> bool:
    return may_change(user, analysis)


def can_edit_action_plan(user, plan) -> bool:
    return may_change(user, plan)
