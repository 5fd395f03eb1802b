"""The secretariat's admin for the academy. Events and the diploma's requirements are kept here;
registrations (registered, waiting, cancelled, attended) and diplomas are read-only: they change
only through akademi/services.py, which keeps the waiting list, the attendance rules and the
certificate in step, and records who changed what."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from akademi.models import Diploma, DiplomaRequirement, Event, Registration
from base.admin import ReadOnlyHistoryAdmin


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "capacity", "open_to_public"]
    list_filter = ["kind", "open_to_public"]
    search_fields = ["title", "theme"]
    filter_horizontal = ["co_organisers"]
    date_hierarchy = "starts_at"


@admin.register(DiplomaRequirement)
class DiplomaRequirementAdmin(SimpleHistoryAdmin):
    """The rules of the diploma programme, changed by the secretariat when the programme changes."""

    list_display = ["label", "kind", "event_kind", "count", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "event", "status", "attended", "registered_at"]
    list_filter = ["status", "attended"]
    raw_id_fields = ["event", "user"]

    def get_queryset(self, request):
        return Registration.objects.visible_to(request.user).select_related("user", "event")


@admin.register(Diploma)
class DiplomaAdmin(ReadOnlyHistoryAdmin):
    list_display = ["user", "issued_at", "issued_by"]
    raw_id_fields = ["user", "issued_by"]

    def get_queryset(self, request):
        return Diploma.objects.visible_to(request.user).select_related("user", "issued_by")
