"""What the API tells: the published summaries (never an audit's internal notes, ratings or the
deviations' words, only their number by area), the prioritised categories, the harmonised
requirements, and for members the audits, contracts and incident cases they see."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from incidenter.models import Incident
from krav.models import Requirement, RequirementVersion
from revisioner.models import Audit, Contract, Facility, Supplier
from riskanalys.models import CategoryPriority


class SupplierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = ["name", "org_number", "country", "foreign_identifier"]


class FacilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Facility
        fields = ["name", "address", "country", "os_id"]


class AreaCount(serializers.Serializer):
    area = serializers.CharField(help_text=_("Kravområdet (det harmoniserade kravets typ)."))
    area_label = serializers.CharField()
    severity = serializers.CharField()
    count = serializers.IntegerField()


class SummarySerializer(serializers.ModelSerializer):
    supplier = SupplierSerializer()
    facility = FacilitySerializer(allow_null=True)
    kind_label = serializers.CharField(source="get_kind_display")
    category = serializers.CharField(source="category.name")
    published_at = serializers.DateTimeField(source="summary_approved_at")
    outcome = serializers.SerializerMethodField()
    deviations_by_area = serializers.SerializerMethodField()

    class Meta:
        model = Audit
        fields = [
            "id", "supplier", "kind", "kind_label", "category", "year", "performed_on", "facility",
            "outcome", "deviations_by_area", "summary", "published_at",
        ]  # fmt: skip

    def _areas(self, audit) -> list[dict]:
        return self.context["deviation_areas"].get(audit.pk, [])

    @extend_schema_field(serializers.ChoiceField(choices=["no_deviations", "deviations_open", "deviations_verified"]))
    def get_outcome(self, audit) -> str:
        """No deviations; deviations still open; or every deviation verified as remedied."""
        areas = self._areas(audit)
        if not areas:
            return "no_deviations"
        return "deviations_open" if any(area["open"] for area in areas) else "deviations_verified"

    @extend_schema_field(AreaCount(many=True))
    def get_deviations_by_area(self, audit) -> list[dict]:
        return [{key: area[key] for key in ("area", "area_label", "severity", "count")} for area in self._areas(audit)]


class CategoryPrioritySerializer(serializers.ModelSerializer):
    category_id = serializers.IntegerField(source="category.pk")
    category = serializers.CharField(source="category.name")
    code = serializers.CharField(source="category.code")
    risk_areas = serializers.SerializerMethodField()

    class Meta:
        model = CategoryPriority
        fields = ["category_id", "category", "code", "start_year", "end_year", "reason", "risk_areas"]

    def get_risk_areas(self, priority) -> list[str]:
        return [area.name_sv for area in priority.category.risk_areas.all()]


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequirementVersion
        fields = ["number", "status", "text", "verification", "adopted_at"]


class RequirementSerializer(serializers.ModelSerializer):
    versions = VersionSerializer(many=True, source="public_versions")
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = Requirement
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "level",
            "general",
            "source_library_id",
            "source_url",
            "versions",
        ]


class AuditSerializer(serializers.ModelSerializer):
    """An audit as a member sees it in the list (no internal notes: the API never gives them)."""

    supplier = SupplierSerializer()
    facility = FacilitySerializer(allow_null=True)
    category = serializers.CharField(source="category.name")
    procurement_region = serializers.CharField(source="procurement_region.letter")

    class Meta:
        model = Audit
        fields = [
            "id", "supplier", "kind", "category", "procurement_region", "year", "planned_on", "performed_on",
            "status", "visibility", "facility",
        ]  # fmt: skip


class ContractSerializer(serializers.ModelSerializer):
    supplier = SupplierSerializer()
    category = serializers.CharField(source="category.name")
    procurement_region = serializers.CharField(source="procurement_region.letter")

    class Meta:
        model = Contract
        fields = ["id", "procurement_region", "reference", "title", "supplier", "category", "starts_on", "ends_on"]


class PublishedIncidentSerializer(serializers.ModelSerializer):
    """A case as the public reads it: the summary written for publication, and the title only of a
    case shared with the network (``Incident.public_title``); never its description or timeline."""

    title = serializers.CharField(source="public_title")

    class Meta:
        model = Incident
        fields = ["id", "title", "status", "opened_on", "closed_on", "summary"]


class IncidentSerializer(serializers.ModelSerializer):
    """A case as a member sees it listed: its title and state, never its internal description."""

    class Meta:
        model = Incident
        fields = ["id", "title", "status", "visibility", "opened_on", "closed_on", "summary"]


class ContractItem(serializers.Serializer):
    """One contract of a batch: the columns of the contract import (revisioner.resources)."""

    procurement_region = serializers.CharField(help_text=_("Upphandlingsregionens bokstav."))
    regions = serializers.ListField(child=serializers.CharField(), help_text=_("Regionernas kortnamn."))
    supplier = serializers.CharField(help_text=_("Organisationsnummer eller annan identitet."))
    category = serializers.CharField(help_text=_("Kategorins sökväg eller id."))
    reference = serializers.CharField()
    title = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    yearly_value = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    requirement_versions = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class ContractBatch(serializers.Serializer):
    contracts = ContractItem(many=True, allow_empty=False)
