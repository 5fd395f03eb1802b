"""The coordinators' pages: the list of self-assessments, sending, reviewing."""

from django.http import Http404
from django.views import View

from regions.access import Capability


class RequestListView(View):
    capability = Capability.MEMBER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class SendView(View):
    capability = Capability.MEMBER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class BulkSendView(View):
    capability = Capability.MEMBER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class RequestDetailView(View):
    capability = Capability.MEMBER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class ReviewAnswerView(View):
    capability = Capability.MEMBER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class ReturnView(View):
    capability = Capability.MEMBER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class CompleteView(View):
    capability = Capability.MEMBER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")


class CancelView(View):
    capability = Capability.MEMBER

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")
