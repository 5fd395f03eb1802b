from django.contrib import admin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from regions.models import Membership, Organisation, Population, ProcurementRegion, Region, RiskArea, User


class ScopedAdminMixin:
    """The admin reads tenant data through the same scope as every other view."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(ProcurementRegion)
class ProcurementRegionAdmin(admin.ModelAdmin):
    list_display = ["letter", "responsibility_sv"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "county_code", "letter_code", "procurement_region"]
    list_filter = ["procurement_region"]
    search_fields = ["name", "short_name"]


@admin.register(RiskArea)
class RiskAreaAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "year"]


@admin.register(Population)
class PopulationAdmin(SimpleHistoryAdmin):
    list_display = ["region", "year", "inhabitants", "source"]
    list_filter = ["year"]
    list_select_related = ["region"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(ScopedAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["name", "email"]
    fields = ["name", "email", "title", "is_active", "invited_at", "invited_by", "last_login", "date_joined"]
    readonly_fields = ["invited_at", "invited_by", "last_login", "date_joined"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "region", "procurement_region", "organisation"]
    list_filter = ["role", "procurement_region"]
    list_select_related = ["user", "region", "procurement_region", "organisation"]


# Roles come from memberships (regions/access.py), never from Django's groups.
admin.site.unregister(Group)
