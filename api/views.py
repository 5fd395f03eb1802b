"""The API's endpoints under /api/v1/. Each declares its capability as the pages do
(regions.middleware.DeclaredAccessMiddleware) and reads rows through the same querysets: the
public ones what the public pages show, the members' ones ``visible_to(request.user)``, with a
token's person as the user (api.authentication)."""

import django_filters
from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers, services
from api.conditional import ConditionalGetMixin
from incidenter.models import Incident
from krav.models import Requirement, RequirementVersion
from regions.access import Capability
from revisioner.access import can_write_audits
from revisioner.models import Audit, Contract
from riskanalys.models import CategoryPriority

PUBLIC_VERSION_STATES = (RequirementVersion.Status.ADOPTED, RequirementVersion.Status.SUPERSEDED)


class SummaryFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year")
    supplier = django_filters.CharFilter(field_name="supplier__org_number", help_text="Organisationsnummer.")

    class Meta:
        model = Audit
        fields = ["year", "supplier", "kind"]


class SummaryMixin(ConditionalGetMixin):
    capability = Capability.PUBLIC
    serializer_class = serializers.SummarySerializer

    def get_queryset(self):
        return services.summaries()

    def get_serializer_context(self):
        audits = getattr(self, "shown", [])
        return {**super().get_serializer_context(), "deviation_areas": services.deviation_areas(audits)}

    def last_modified(self):
        return self.filter_queryset(self.get_queryset()).aggregate(changed=Max("summary_approved_at"))["changed"]


class SummaryListView(SummaryMixin, generics.ListAPIView):
    """The published audit summaries, newest first; ?year= and ?supplier= (organisation number)."""

    filterset_class = SummaryFilter

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.shown = [audit.pk for audit in page]
        return page


class SummaryDetailView(SummaryMixin, generics.RetrieveAPIView):
    def get_object(self):
        audit = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.shown = [audit.pk]
        return audit

    def last_modified(self):
        return self.get_object().summary_approved_at


class PriorityFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(method="covering", help_text="Prioriterade det året.")

    class Meta:
        model = CategoryPriority
        fields = ["year"]

    def covering(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class CategoryListView(ConditionalGetMixin, generics.ListAPIView):
    """The prioritised categories with their risk areas, one row per category and period."""

    capability = Capability.PUBLIC
    serializer_class = serializers.CategoryPrioritySerializer
    filterset_class = PriorityFilter

    def get_queryset(self):
        return (
            CategoryPriority.objects.select_related("category")
            .prefetch_related("category__risk_areas")
            .order_by("-start_year", "category__name", "pk")
        )


class RequirementListView(ConditionalGetMixin, generics.ListAPIView):
    """The harmonised requirements with their adopted (and superseded) versions, as the public page."""

    capability = Capability.PUBLIC
    serializer_class = serializers.RequirementSerializer

    def get_queryset(self):
        versions = RequirementVersion.objects.filter(status__in=PUBLIC_VERSION_STATES).order_by("number")
        return (
            Requirement.objects.filter(versions__status__in=PUBLIC_VERSION_STATES)
            .distinct()
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="public_versions"))
            .order_by("title", "pk")
        )

    def last_modified(self):
        return RequirementVersion.objects.filter(status__in=PUBLIC_VERSION_STATES).aggregate(changed=Max("adopted_at"))[
            "changed"
        ]


class YearSupplierFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="year")
    supplier = django_filters.CharFilter(field_name="supplier__org_number")


class AuditListView(ConditionalGetMixin, generics.ListAPIView):
    """The audits the person sees (``Audit.objects.visible_to``), as their audit list."""

    capability = Capability.MEMBER
    serializer_class = serializers.AuditSerializer
    filterset_class = YearSupplierFilter

    def get_queryset(self):
        return (
            Audit.objects.visible_to(self.request.user)
            .select_related("supplier", "category", "procurement_region", "facility")
            .order_by("-year", "-pk")
        )


class ContractFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(method="active_in", help_text="Gäller det året.")
    supplier = django_filters.CharFilter(field_name="supplier__org_number")

    def active_in(self, queryset, name, value):
        return queryset.active_in(value)


class ContractListView(ConditionalGetMixin, generics.ListAPIView):
    """The contracts the person sees (``Contract.objects.visible_to``)."""

    capability = Capability.MEMBER
    serializer_class = serializers.ContractSerializer
    filterset_class = ContractFilter

    def get_queryset(self):
        return (
            Contract.objects.visible_to(self.request.user)
            .select_related("supplier", "category", "procurement_region")
            .order_by("-starts_on", "pk")
        )


class IncidentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="opened_on__year")


class PublishedIncidentFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(method="handled", help_text="Pågick någon gång det året.")

    def handled(self, queryset, name, value):
        return queryset.handled_in(value)


class PublishedIncidentListView(ConditionalGetMixin, generics.ListAPIView):
    """The incident cases whose summary is public (``Incident.objects.published``), as the annual
    report prints them; ?year= for the cases handled that year."""

    capability = Capability.PUBLIC
    serializer_class = serializers.PublishedIncidentSerializer
    filterset_class = PublishedIncidentFilter

    def get_queryset(self):
        return (
            Incident.objects.unscoped()
            .published()
            .only("pk", "title", "summary", "status", "visibility", "opened_on", "closed_on")
            .order_by("-opened_on", "-pk")
        )


class IncidentListView(ConditionalGetMixin, generics.ListAPIView):
    """The incident cases the person sees (``Incident.objects.visible_to``), with their internal
    titles; the public reads the published ones (``PublishedIncidentListView``)."""

    capability = Capability.MEMBER
    serializer_class = serializers.IncidentSerializer
    filterset_class = IncidentFilter

    def get_queryset(self):
        return Incident.objects.visible_to(self.request.user).order_by("-opened_on", "-pk")


class ContractBatchView(APIView):
    """Many contracts in one request, all or none, as the contract import; ``Idempotency-Key``."""

    capability = Capability.WRITE_AUDITS

    @extend_schema(
        request=serializers.ContractBatch,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        responses={201: dict, 400: dict, 422: dict},
    )
    def post(self, request):
        if not can_write_audits(request.user):
            raise ApiPermissionDenied
        body = request.body
        batch = serializers.ContractBatch(data=request.data)
        if not batch.is_valid():
            return Response({"created": 0, "updated": 0, "errors": _field_errors(batch.errors)}, status=400)
        status, answer = services.import_contracts_once(
            acting_user=request.user,
            items=batch.validated_data["contracts"],
            key=request.headers.get("Idempotency-Key", "").strip() or None,
            body=body,
        )
        return Response(answer, status=status)


def _field_errors(errors) -> list[dict]:
    """DRF's errors of the batch as {index, field, message}, one per problem."""
    found = []
    items = errors.get("contracts") if isinstance(errors, dict) else None
    if isinstance(items, dict) and all(isinstance(key, int) for key in items):
        items = [items.get(index, {}) for index in range(max(items) + 1)]
    if isinstance(items, list):
        for index, item in enumerate(items):
            for field, messages in (item or {}).items():
                found += [{"index": index, "field": field, "message": str(message)} for message in messages]
    elif items is not None:
        found += [{"index": None, "field": "contracts", "message": str(message)} for message in items]
    for field, messages in errors.items() if isinstance(errors, dict) else []:
        if field != "contracts":
            found += [{"index": None, "field": field, "message": str(message)} for message in messages]
    return found
