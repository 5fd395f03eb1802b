from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from base.admin import HistoryWithoutRevertMixin
from krav.models import Clause, ConsultationResponse, PriorityEntry, Requirement, RequirementVersion, Uptake


class ClauseInline(admin.TabularInline):
    model = Clause
    extra = 0


@admin.register(Requirement)
class RequirementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "level", "responsible"]
    list_filter = ["kind", "level"]


@admin.register(RequirementVersion)
class RequirementVersionAdmin(HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "status", "adopted_at"]
    list_filter = ["status"]
    # The status moves only through krav.services (consultation, adoption, retirement), with its dates.
    readonly_fields = ["status", "consultation_opened_at", "adopted_at"]
    inlines = [ClauseInline]

    def has_change_permission(self, request, obj=None):
        # Adopted versions never change, not even in the admin.
        return super().has_change_permission(request, obj) and not (obj and obj.frozen)


admin.site.register(ConsultationResponse, SimpleHistoryAdmin)
admin.site.register(Uptake, SimpleHistoryAdmin)
admin.site.register(PriorityEntry)
