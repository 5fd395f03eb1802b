"""The secretariat's admin: the assessment template and its criteria above all.

Audits, deviations and corrective actions are shown read-only: they change only in the
application's own pages, through revisioner/services/, which run the state machine and write
the history. A template is written here while it is a draft; it is adopted on its own page (the
service retires the one before), so its status is not an admin field.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from base.admin import ReadOnlyHistoryAdmin
from revisioner.models import (
    AssessmentTemplate,
    Audit,
    Contract,
    CorrectiveAction,
    Criterion,
    Deviation,
    Supplier,
    SupplierAlias,
)


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 1
    raw_id_fields = ["clause"]


@admin.register(AssessmentTemplate)
class AssessmentTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "adopted_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "adopted_at"]
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


class ScopedReadOnlyAdmin(ReadOnlyHistoryAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Contract)
class ContractAdmin(ScopedAdmin):
    list_display = ["reference", "supplier", "procurement_region", "starts_on", "ends_on"]
    list_filter = ["procurement_region"]
    raw_id_fields = ["supplier", "category"]
    search_fields = ["reference", "supplier__name"]


@admin.register(Audit)
class AuditAdmin(ScopedReadOnlyAdmin):
    list_display = ["__str__", "procurement_region", "status", "summary_status"]
    list_filter = ["kind", "status", "summary_status", "year"]
    raw_id_fields = ["supplier", "category", "follows_up", "template"]
    readonly_fields = ["status", "visibility", "closed_at", "summary_status", "summary_approved_at"]


@admin.register(Deviation)
class DeviationAdmin(ScopedReadOnlyAdmin):
    list_display = ["__str__", "audit", "severity", "status"]
    list_filter = ["severity", "status"]
    list_select_related = ["clause", "audit__supplier"]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ScopedReadOnlyAdmin):
    list_display = ["__str__", "due_on", "status", "responsible"]
    list_filter = ["status"]
    list_select_related = ["responsible"]
