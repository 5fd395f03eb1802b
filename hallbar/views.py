from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from hallbar.navigation import workspaces
from regions.access import Capability, Role, requires
from regions.models import Membership, ProcurementRegion, Region, User


@requires(Capability.PUBLIC)
def health(request):
    """A trivial page: the load balancer's health check and the floor of the benchmark."""
    return HttpResponse("ok", content_type="text/plain")


class StartView(TemplateView):
    """Takes each person to their work: straight there with one place, a choice with several."""

    capability = Capability.PUBLIC
    template_name = "hallbar/start.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.render_to_response({"anonymous": True})
        links = workspaces(request.user)
        if len(links) == 1:
            return redirect(links[0].url)
        return self.render_to_response(self.get_context_data(workspaces=links))


class ProgrammeOverviewView(TemplateView):
    capability = Capability.VIEW_PROGRAMME
    template_name = "hallbar/programme_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        counts = User.objects.editable_by(user).status_counts()
        memberships = Membership.objects.visible_to(user).filter(user__is_active=True)
        by_role = dict(memberships.values_list("role").annotate(n=Count("pk")).order_by())
        coordinators = memberships.filter(role=Role.COORDINATOR).select_related("user")
        return super().get_context_data(
            region_count=Region.objects.count(),
            people_counts=counts,
            roles=[(label, by_role.get(value, 0)) for value, label in Role.choices],
            procurement_regions=ProcurementRegion.objects.annotate(region_count=Count("regions")).prefetch_related(
                Prefetch("memberships", queryset=coordinators, to_attr="coordinators")
            ),
            **kwargs,
        )


class SteeringDashboardView(TemplateView):
    """The steering group's dashboard; goals against outcomes arrive with the dashboard issue."""

    capability = Capability.VIEW_DASHBOARD
    template_name = "hallbar/steering_dashboard.html"
