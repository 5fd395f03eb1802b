"""The supplier's own pages of its deviations and corrective actions."""

from django.http import Http404
from django.views import View

from regions.access import Capability


class DeviationListView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class DeviationView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class PlanView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class ImplementedView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class ActionEvidenceView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class ActionEvidenceDownloadView(View):
    capability = Capability.PUBLIC

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")
