from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from base.admin import HistoryWithoutRevertMixin
from ekonomi.models import AllocationDecision, Budget, Cost, Fee, FiscalYear


class ScopedFeeAdminMixin:
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class FeeInline(ScopedFeeAdminMixin, admin.TabularInline):
    model = Fee
    extra = 0
    readonly_fields = ["region", "population", "amount"]
    can_delete = False


@admin.register(FiscalYear)
class FiscalYearAdmin(HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    list_display = ["year", "state", "opening_balance", "fee_total", "closing_balance"]
    readonly_fields = ["state", "closing_balance", "adopted_at", "adopted_by", "closed_at", "closed_by"]
    inlines = [FeeInline]


@admin.register(Fee)
class FeeAdmin(ScopedFeeAdminMixin, SimpleHistoryAdmin):
    list_display = ["fiscal_year", "region", "population", "amount"]
    list_filter = ["fiscal_year"]
    list_select_related = ["fiscal_year", "region"]


@admin.register(Cost)
class CostAdmin(SimpleHistoryAdmin):
    list_display = ["date", "fiscal_year", "cost_line", "amount", "note"]
    list_filter = ["fiscal_year", "cost_line"]


admin.site.register(Budget, SimpleHistoryAdmin)
admin.site.register(AllocationDecision)
