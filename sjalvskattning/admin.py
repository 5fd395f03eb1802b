"""The secretariat's admin of self-assessments: read-only. Requests and answers change only through
sjalvskattning/services.py (sent, answered, submitted, returned, reviewed), which keeps the states,
the messages to the supplier and the history in step; reminders are the record of what was mailed;
evidence files are what the supplier sent and are opened only through the app's download view,
after its access check (the stored file is not linked from here)."""

from django.contrib import admin

from base.admin import ReadOnlyAdmin, ReadOnlyHistoryAdmin
from sjalvskattning.models import Answer, AnswerEvidence, Request, RequestReminder

EVIDENCE_FIELDS = ["answer", "name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["criterion", "value", "review", "review_comment", "severity", "deviation"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return Answer.objects.visible_to(request.user).select_related("criterion", "deviation__clause")


@admin.register(Request)
class RequestAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "procurement_region", "status", "due_on", "sent_at", "valid_until"]
    list_filter = ["status", "procurement_region"]
    search_fields = ["supplier__name", "supplier__org_number"]
    date_hierarchy = "sent_at"
    list_select_related = ["supplier", "template", "procurement_region"]
    raw_id_fields = ["supplier", "template", "category", "audit", "sent_by", "submitted_by", "reviewed_by"]
    inlines = [AnswerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Answer)
class AnswerAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "request", "review", "answered_at", "reviewed_at"]
    list_filter = ["review", "value"]
    search_fields = ["request__supplier__name", "criterion__number"]
    list_select_related = ["criterion", "request__supplier", "request__template"]
    raw_id_fields = ["request", "criterion", "deviation", "answered_by", "reviewed_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(AnswerEvidence)
class AnswerEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["name", "answer", "size", "content_type", "uploaded_by", "uploaded_at"]
    list_select_related = ["answer__criterion", "uploaded_by"]
    search_fields = ["name", "answer__request__supplier__name", "sha256"]
    fields = EVIDENCE_FIELDS  # not the stored file: it is served only by the download view


@admin.register(RequestReminder)
class RequestReminderAdmin(ReadOnlyAdmin):
    list_display = ["request", "kind", "request_status", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["request__supplier", "request__template"]
