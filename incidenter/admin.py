"""The secretariat's admin for incident cases: the trail, not the cases. Who read a confidential
case, and which notifications went out when, are read-only here; the cases themselves are kept
in the application's pages, which record every read and run the closing rules."""

from django.contrib import admin

from base.admin import ReadOnlyAdmin
from incidenter.models import IncidentRead, Notification


@admin.register(IncidentRead)
class IncidentReadAdmin(ReadOnlyAdmin):
    list_display = ["read_at", "user", "incident_id", "what"]
    list_filter = ["read_at"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "incident_id", "recipient", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["recipient__email", "event"]
    list_select_related = ["recipient"]
