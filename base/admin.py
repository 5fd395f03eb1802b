"""Admin classes for rows that the admin shows but never changes.

Stateful rows (audits, deviations, actions, incident cases, fee years, requirement versions …) change
only through their app's services, which check the state rules and write the history; their admin is
read-only, so the secretariat can look but not move a state past those rules.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyHistoryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only, with the change history of each row."""
