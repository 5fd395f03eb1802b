from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from krav.models import Clause, ConsultationResponse, PriorityEntry, Requirement, RequirementVersion, Uptake


class ClauseInline(admin.TabularInline):
    model = Clause
    extra = 0


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "level", "responsible"]
    list_filter = ["kind", "level"]


@admin.register(RequirementVersion)
class RequirementVersionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "adopted_at"]
    list_filter = ["status"]
    inlines = [ClauseInline]

    def has_change_permission(self, request, obj=None):
        # Adopted versions never change, not even in the admin.
        return super().has_change_permission(request, obj) and not (obj and obj.frozen)


admin.site.register(ConsultationResponse, SimpleHistoryAdmin)
admin.site.register(Uptake, SimpleHistoryAdmin)
admin.site.register(PriorityEntry)
