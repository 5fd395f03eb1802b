from django.contrib import admin

from api.models import AccessToken
from base.admin import ReadOnlyAdmin


@admin.register(AccessToken)
class AccessTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "scope", "expires_on", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
