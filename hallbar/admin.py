from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hallbar.models import Goal, MetricValue, ReportJob, ReportText


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["text", "area", "kind", "target", "metric", "start_year", "end_year"]
    list_filter = ["area", "start_year"]
    list_editable = ["target", "metric"]


@admin.register(MetricValue)
class MetricValueAdmin(SimpleHistoryAdmin):
    list_display = ["metric", "year", "value"]
    list_filter = ["metric", "year"]


@admin.register(ReportText)
class ReportTextAdmin(SimpleHistoryAdmin):
    list_display = ["year", "section"]


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["year", "status", "progress", "created_at", "requested_by"]
    readonly_fields = ["status", "progress", "error", "file", "started_at", "finished_at", "runs"]
