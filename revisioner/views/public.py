"""The summaries the secretariat approved: the only audit text the public reads."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from regions.access import Capability
from revisioner.models import (
    Audit,
    Supplier,
)


def published_audits():
    """Audits whose summary the secretariat approved: the only audit text the public reads."""
    return Audit.objects.unscoped().with_summary_published().select_related("supplier", "category")


class PublicSummaryListView(ListView):
    capability = Capability.PUBLIC
    template_name = "revisioner/public_audit_list.html"
    context_object_name = "audits"
    paginate_by = 25

    def get_queryset(self):
        audits = published_audits().order_by("-summary_approved_at", "-pk")
        query = self.request.GET.get("q", "").strip()
        return audits.filter(supplier__in=Supplier.objects.search(query).values("pk")) if query else audits

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(q=self.request.GET.get("q", ""), querystring=query.urlencode(), **kwargs)


class PublicSummaryView(TemplateView):
    capability = Capability.PUBLIC
    template_name = "revisioner/public_audit_summary.html"

    def get_context_data(self, **kwargs):
        audit = get_object_or_404(published_audits(), pk=self.kwargs["pk"])
        return super().get_context_data(audit=audit, tree_url=reverse("public_category_tree"), **kwargs)
