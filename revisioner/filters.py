"""The filter bars of the supplier, contract, audit, deviation and corrective-action lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.widgets import all_yes_no
from regions.models import ProcurementRegion, Region
from revisioner.models import Audit, Contract, CorrectiveAction, Deviation, PlanEntry, Supplier
from riskanalys.fields import CategoryField


def _procurement_regions(request):
    return ProcurementRegion.objects.order_by("letter")


class CategoryFilter(django_filters.Filter):
    """The rows of one category (not those under it), named in a field that suggests categories as
    one types (riskanalys.fields.CategoryField): the tree is too large for a select on every list.
    The URL keeps what was typed or picked; an old link's category id is taken too."""

    field_class = CategoryField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Kategori"))
        kwargs.setdefault("help_text", "")
        super().__init__(*args, **kwargs)


class SupplierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök namn eller organisationsnummer"), method="search")
    country = django_filters.CharFilter(label=_("Land"), lookup_expr="iexact")

    class Meta:
        model = Supplier
        fields = ["q", "country"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök leverantör eller avtalsnummer"), method="search")
    procurement_region = django_filters.ModelChoiceFilter(
        label=_("Upphandlingsregion"), queryset=_procurement_regions, empty_label=_("Alla")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="regions", queryset=Region.objects.order_by("name"), empty_label=_("Alla")
    )
    category = CategoryFilter()
    supplier = django_filters.NumberFilter(field_name="supplier_id", widget=forms.HiddenInput)
    active = django_filters.NumberFilter(label=_("Gäller år"), method="active_in")
    # the contracts that carry a requirement version (the uptake matrix's links)
    krav = django_filters.NumberFilter(field_name="requirement_versions", widget=forms.HiddenInput)

    class Meta:
        model = Contract
        fields = ["q", "procurement_region", "region", "category", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(reference__icontains=value) | Q(supplier__in=Supplier.objects.search(value).values("pk"))
        )

    def active_in(self, queryset, name, value):
        return queryset.active_in(int(value))


class AuditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök leverantör"), method="search")
    year = django_filters.NumberFilter(label=_("År"))
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Audit.Kind.choices, empty_label=_("Alla"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Audit.Status.choices, empty_label=_("Alla"))
    procurement_region = django_filters.ModelChoiceFilter(
        label=_("Upphandlingsregion"), queryset=_procurement_regions, empty_label=_("Alla")
    )
    category = CategoryFilter()
    supplier = django_filters.NumberFilter(field_name="supplier_id", widget=forms.HiddenInput)

    class Meta:
        model = Audit
        fields = ["q", "year", "kind", "status", "procurement_region", "category"]

    def search(self, queryset, name, value):
        return queryset.filter(supplier__in=Supplier.objects.search(value).values("pk"))


# The deviation list's choice of those not verified (yet): open deviations.
NOT_VERIFIED = "open"


class DeviationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök leverantör"), method="search")
    year = django_filters.NumberFilter(label=_("År"), field_name="audit__year")
    severity = django_filters.ChoiceFilter(
        label=_("Allvarlighetsgrad"), choices=Deviation.Severity.choices, empty_label=_("Alla")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Deviation.Status.choices, empty_label=_("Alla"))
    verification = django_filters.ChoiceFilter(
        label=_("Verifierad genom"),
        choices=[*Deviation.Verification.choices, (NOT_VERIFIED, _("Ej verifierad"))],
        empty_label=_("Alla"),
        method="verified_through",
    )
    procurement_region = django_filters.ModelChoiceFilter(
        label=_("Upphandlingsregion"),
        field_name="audit__procurement_region",
        queryset=_procurement_regions,
        empty_label=_("Alla"),
    )
    category = CategoryFilter(field_name="audit__category")
    supplier = django_filters.NumberFilter(field_name="audit__supplier_id", widget=forms.HiddenInput)

    class Meta:
        model = Deviation
        fields = ["q", "year", "severity", "status", "verification", "procurement_region", "category"]

    def search(self, queryset, name, value):
        return queryset.filter(audit__supplier__in=Supplier.objects.search(value).values("pk"))

    def verified_through(self, queryset, name, value):
        """Closed at the desk, on site (a re-audit), or still open."""
        if value == NOT_VERIFIED:
            return queryset.filter(status=Deviation.Status.OPEN)
        return queryset.filter(status=Deviation.Status.VERIFIED, verification_method=value)


# The corrective-action list's choice of those not done yet (CorrectiveAction.UNFINISHED): its default.
UNFINISHED = "unfinished"


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök leverantör"), method="search")
    year = django_filters.NumberFilter(label=_("År"), field_name="deviation__audit__year")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(UNFINISHED, _("Ej klara")), *CorrectiveAction.Status.choices],
        empty_label=_("Alla"),
        method="with_status",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Försenade"),
        method="only_overdue",
        widget=all_yes_no(),
    )
    procurement_region = django_filters.ModelChoiceFilter(
        label=_("Upphandlingsregion"),
        field_name="deviation__audit__procurement_region",
        queryset=_procurement_regions,
        empty_label=_("Alla"),
    )
    supplier = django_filters.NumberFilter(field_name="deviation__audit__supplier_id", widget=forms.HiddenInput)

    class Meta:
        model = CorrectiveAction
        fields = ["q", "year", "status", "overdue", "procurement_region"]

    def search(self, queryset, name, value):
        return queryset.filter(deviation__audit__supplier__in=Supplier.objects.search(value).values("pk"))

    def with_status(self, queryset, name, value):
        return queryset.unfinished() if value == UNFINISHED else queryset.filter(status=value)

    def only_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=CorrectiveAction.UNFINISHED, due_on__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class PlanEntryFilter(django_filters.FilterSet):
    procurement_region = django_filters.ModelChoiceFilter(
        label=_("Upphandlingsregion"), queryset=_procurement_regions, empty_label=_("Alla")
    )
    kind = django_filters.ChoiceFilter(label=_("Typ"), choices=Audit.Kind.choices, empty_label=_("Alla"))
    planned = django_filters.BooleanFilter(
        label=_("Revision planerad"),
        field_name="audit",
        lookup_expr="isnull",
        exclude=True,
        widget=all_yes_no(),
    )

    class Meta:
        model = PlanEntry
        fields = ["procurement_region", "kind", "planned"]


class SelectionFilterForm(forms.Form):
    """The ranking's filter bar: a plain form, since the ranking is grouped rows, not a model list."""

    q = forms.CharField(label=_("Sök leverantör"), required=False)
    # the category and those under it (revisioner.selection.ranking)
    category = CategoryField(label=_("Kategori"), required=False, help_text="")
    procurement_region = forms.ModelChoiceField(
        label=_("Avtal i upphandlingsregion"), queryset=ProcurementRegion.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procurement_region"].queryset = _procurement_regions(None)
        self.fields["procurement_region"].empty_label = _("Alla")
