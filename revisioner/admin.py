"""The secretariat's admin: the assessment template and its criteria above all.

Audits, deviations and corrective actions are shown read-only: they change only in the
application's own pages, through revisioner/services/, which run the state machine and write
the history. So are a supplier's contact persons (invited and removed on the supplier's page,
which gives and ends the role), the messages sent to suppliers (the record of what was mailed) and
the evidence suppliers sent with their actions (opened only through the app's download view, after
its access check: the stored file is not linked from here). A template is written here while it is
a draft; it is adopted on its own page (the service retires the one before), so its status is not
an admin field.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from base.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin
from revisioner.models import (
    ActionEvidence,
    AssessmentTemplate,
    Audit,
    Contract,
    CorrectiveAction,
    Criterion,
    Deviation,
    Supplier,
    SupplierAlias,
    SupplierContact,
    SupplierMessage,
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


@admin.register(SupplierContact)
class SupplierContactAdmin(ReadOnlyHistoryAdmin):
    list_display = ["user", "supplier", "invited_by", "created_at"]
    search_fields = ["user__name", "user__email", "supplier__name"]
    list_select_related = ["user", "supplier", "invited_by"]
    raw_id_fields = ["user", "supplier", "invited_by"]


@admin.register(SupplierMessage)
class SupplierMessageAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "supplier", "created_by", "created_at", "mailed_at"]
    list_filter = ["kind"]
    search_fields = ["supplier__name", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["supplier", "created_by"]


@admin.register(ActionEvidence)
class ActionEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["name", "action", "size", "content_type", "uploaded_by", "uploaded_at"]
    search_fields = ["name", "action__deviation__audit__supplier__name", "sha256"]
    list_select_related = ["action", "uploaded_by"]
    fields = ["action", "name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]
