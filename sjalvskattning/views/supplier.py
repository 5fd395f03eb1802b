"""The supplier's own pages: its start page, answering a questionnaire, evidence files."""

from django.http import Http404
from django.views import View

from regions.access import Capability


class StartView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class RequestView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class AnswerView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class AnswerEvidenceView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class AnswerEvidenceRemoveView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class SubmitView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class AnswerEvidenceDownloadView(View):
    capability = Capability.PUBLIC

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")
