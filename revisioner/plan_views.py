"""The yearly national audit plan and the ranking it is chosen from (filled in next)."""

from django.views.generic import RedirectView, TemplateView, View

from regions.access import Capability


class AuditPlanRedirectView(RedirectView):
    capability = Capability.MEMBER


class AuditPlanView(TemplateView):
    capability = Capability.MEMBER
    template_name = "revisioner/audit_plan.html"


class SelectionView(TemplateView):
    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/selection.html"


class PlanEntryRemoveView(View):
    capability = Capability.WRITE_AUDITS
    http_method_names = ["post"]
