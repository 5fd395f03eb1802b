from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from base.admin import HistoryWithoutRevertMixin
from riskanalys.models import ActionPlan, Activity, Category, CategoryPriority, RiskAnalysis, Study


@admin.register(Category)
class CategoryAdmin(TreeAdmin):
    form = movenodeform_factory(Category)
    list_display = ["name", "code", "active"]
    search_fields = ["name", "code"]


@admin.register(CategoryPriority)
class CategoryPriorityAdmin(SimpleHistoryAdmin):
    list_display = ["category", "start_year", "end_year"]


@admin.register(RiskAnalysis)
class RiskAnalysisAdmin(HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["product_area", "year", "kind", "status", "procurement_region"]
    list_filter = ["year", "kind", "status"]
    # Submitting, publishing and returning to draft are riskanalys.services', which check the order.
    readonly_fields = ["status", "published_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "procurement_region", "start_year", "end_year"]
    inlines = [ActivityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Study)
class StudyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "visibility"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)
