"""The filter bars of the event list and of an event's participant list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from akademi.models import Event, Registration
from base.widgets import all_yes_no


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök titel eller tema"), method="search")
    year = django_filters.NumberFilter(label=_("År"), field_name="starts_at", lookup_expr="year")
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Event.Kind.choices, empty_label=_("Alla"))

    class Meta:
        model = Event
        fields = ["q", "year", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(theme__icontains=value))


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök namn, e-post eller organisation"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Registration.Status.choices, empty_label=_("Alla"))
    attended = django_filters.BooleanFilter(label=_("Närvarade"), widget=all_yes_no())
    external = django_filters.BooleanFilter(
        label=_("Extern"), field_name="user", lookup_expr="isnull", widget=all_yes_no()
    )

    class Meta:
        model = Registration
        fields = ["q", "status", "attended", "external"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(organisation__icontains=value)
            | Q(user__name__icontains=value)
            | Q(user__email__icontains=value)
        )
