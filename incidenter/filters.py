"""The filter bar of the case list."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.widgets import all_yes_no
from incidenter.access import own_region_ids
from incidenter.models import Allegation, Incident
from regions.models import Region


def _regions(request):
    return Region.objects.order_by("name")


class IncidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök rubrik eller leverantör"), method="search")
    year = django_filters.NumberFilter(label=_("Hanterat år"), method="handled_in")
    allegation = django_filters.ChoiceFilter(
        label=_("Misstanke"), choices=Allegation.choices, field_name="allegations__kind", empty_label=_("Alla")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Incident.Status.choices, empty_label=_("Alla"))
    lead = django_filters.ModelChoiceFilter(
        label=_("Leds av"), field_name="lead_region", queryset=_regions, empty_label=_("Alla")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Berör region"), queryset=_regions, method="touching", empty_label=_("Alla")
    )
    mine = django_filters.BooleanFilter(label=_("Berör mina regioner"), method="touching_mine", widget=all_yes_no())
    supplier = django_filters.NumberFilter(field_name="parties__supplier_id", widget=forms.HiddenInput)

    class Meta:
        model = Incident
        fields = ["q", "year", "allegation", "status", "lead", "region", "mine"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(parties__supplier__name__icontains=value) | Q(parties__name__icontains=value)
        ).distinct()

    def handled_in(self, queryset, name, value):
        return queryset.handled_in(int(value))

    def touching(self, queryset, name, value):
        return queryset.touching_regions([value.pk]) if value else queryset

    def touching_mine(self, queryset, name, value):
        """The cases that name the reader's regions, or touch their contracts (a region's own view)."""
        if not value:
            return queryset
        return queryset.touching_regions(own_region_ids(self.request.user))
