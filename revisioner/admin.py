"""The secretariat's admin: the assessment template and its criteria above all (audits and
their findings are kept in the application's own pages, which run the state machine)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from revisioner.models import AssessmentTemplate, Audit, Contract, Criterion, Supplier, SupplierAlias


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 1
    raw_id_fields = ["clause"]


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "adopted_at"]
    list_filter = ["status"]
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None):
        # An adopted template never changes: audits keep the version they used.
        return super().has_change_permission(request, obj) and not (
            obj and obj.status != AssessmentTemplate.Status.DRAFT
        )


class AliasInline(admin.TabularInline):
    model = SupplierAlias
    extra = 0


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = ["name", "org_number", "country", "foreign_identifier"]
    search_fields = ["name", "org_number", "foreign_identifier", "aliases__name"]
    raw_id_fields = ["parent"]
    inlines = [AliasInline]


class ScopedAdmin(SimpleHistoryAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Contract)
class ContractAdmin(ScopedAdmin):
    list_display = ["reference", "supplier", "procurement_region", "starts_on", "ends_on"]
    list_filter = ["procurement_region"]
    raw_id_fields = ["supplier", "category"]
    search_fields = ["reference", "supplier__name"]


@admin.register(Audit)
class AuditAdmin(ScopedAdmin):
    list_display = ["__str__", "procurement_region", "status", "summary_status"]
    list_filter = ["kind", "status", "summary_status", "year"]
    raw_id_fields = ["supplier", "category", "follows_up", "template"]
    readonly_fields = ["status", "visibility", "closed_at", "summary_status", "summary_approved_at"]
