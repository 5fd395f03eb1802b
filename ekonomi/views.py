from django.views.generic import TemplateView

from regions.access import Capability


class FinanceHomeView(TemplateView):
    """The finance start page; fees and the statement arrive with the finance issue."""

    capability = Capability.VIEW_FINANCE
    template_name = "ekonomi/home.html"
