"""Admin classes for rows that the admin shows but never changes.

Stateful rows (audits, deviations, corrective actions, registrations, diplomas …) change
only through their app's services, which check the state rules and write the history; their admin is
read-only, so the secretariat can look but not move a state past those rules.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryWithoutRevertMixin:
    """For SimpleHistoryAdmin of stateful rows: the history is shown, never written back.

    simple_history's "revert" saves the chosen old version of the row whole, its state fields too,
    past the admin's read-only fields and the app's services; and it asks only for view permission.
    """

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyHistoryAdmin(HistoryWithoutRevertMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only, with the change history of each row."""
