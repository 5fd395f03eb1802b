"""The filter bar of the self-assessment list."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.widgets import all_yes_no
from regions.models import ProcurementRegion
from revisioner.models import AssessmentTemplate, Supplier
from sjalvskattning.models import Request


def _procurement_regions(request):
    return ProcurementRegion.objects.order_by("letter")


def _templates(request):
    return AssessmentTemplate.objects.order_by("-version")


def overdue_filter() -> Q:
    """Waiting for the supplier after the due date (the model's ``overdue``, as a filter)."""
    return Q(status__in=(Request.Status.SENT, Request.Status.RETURNED), due_on__lt=timezone.localdate())


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök leverantör"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Request.Status.choices, empty_label=_("Alla"))
    to_review = django_filters.BooleanFilter(label=_("Att granska"), method="only_to_review", widget=forms.HiddenInput)
    procurement_region = django_filters.ModelChoiceFilter(
        label=_("Granskande upphandlingsregion"), queryset=_procurement_regions, empty_label=_("Alla")
    )
    template = django_filters.ModelChoiceFilter(label=_("Mall"), queryset=_templates, empty_label=_("Alla"))
    overdue = django_filters.BooleanFilter(label=_("Försenade"), method="only_overdue", widget=all_yes_no())
    supplier = django_filters.NumberFilter(field_name="supplier_id", widget=forms.HiddenInput)

    class Meta:
        model = Request
        fields = ["q", "status", "procurement_region", "template", "overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(supplier__in=Supplier.objects.search(value).values("pk"))

    def only_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_filter()) if value else queryset.exclude(overdue_filter())

    def only_to_review(self, queryset, name, value):
        """Answered and waiting for the reader's review: submitted, led by a procurement region the
        reader reviews for (the request's edit rule, sjalvskattning.access)."""
        if not value:
            return queryset
        reviewable = Request.objects.editable_by(self.request.user).values("pk")
        return queryset.filter(status=Request.Status.SUBMITTED, pk__in=reviewable)
