from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.access import Capability, has_capability


class HallbarAdminSite(admin.AdminSite):
    """Admin for the secretariat: access by capability, login through allauth (rate limits, MFA)."""

    site_header = _("Hållbar Upphandling – administration")
    site_title = _("Hållbar Upphandling")

    def has_permission(self, request):
        return request.user.is_active and has_capability(request.user, Capability.USE_ADMIN)

    def login(self, request, extra_context=None):
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next", self.index_url()))
        if self.has_permission(request):
            return redirect(self.index_url())
        raise Http404

    def admin_view(self, view, cacheable=False):
        """A logged-in person without the capability gets 404, as everywhere else."""
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return guarded

    def index_url(self):
        return reverse("admin:index", current_app=self.name)
