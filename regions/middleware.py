"""Request-time enforcement of regions/access.py: declared capabilities and required MFA."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from regions.access import (
    declared_capability,
    has_capability,
    has_second_factor,
    must_use_mfa,
    must_use_mfa_on_page,
    security_log,
)

# Views that carry their own protection: allauth's login and MFA, Django's language switch
# and static files, and the admin site (HallbarAdminSite.has_permission, 404 for others).
EXEMPT_MODULES = ("allauth.", "django.views.i18n", "django.views.static", "django.contrib.staticfiles.")
EXEMPT_NAMESPACES = {"admin"}


def _view_module(view_func) -> str:
    view_class = getattr(view_func, "view_class", None)
    return (view_class or view_func).__module__


class DeclaredAccessMiddleware:
    """Deny by default: a view runs only if it declares a capability the user has.

    Anonymous users are sent to login. A logged-in user without the capability
    gets 404 on a URL that names an object (its existence does not leak) and
    403 elsewhere. A view that declares nothing is refused.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        capability = declared_capability(view_func)
        if capability is None:
            if _view_module(view_func).startswith(EXEMPT_MODULES) or self._in_exempt_namespace(request):
                return None
            security_log.error("refused undeclared view %s at %s", _view_module(view_func), request.path)
            raise PermissionDenied
        if has_capability(request.user, capability):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        security_log.warning("denied %s (needs %s) to user %s", request.path, capability, request.user.pk)
        if view_args or view_kwargs:
            raise Http404
        raise PermissionDenied

    @staticmethod
    def _in_exempt_namespace(request) -> bool:
        match = request.resolver_match
        return bool(match and match.namespaces and match.namespaces[0] in EXEMPT_NAMESPACES)


class RequireMfaMiddleware:
    """With REQUIRE_MFA on, secretariat and finance members set up TOTP before anything else, and
    everyone else who reads the finances (the steering group) before a finance page opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not self._allowed(request.path):
            if must_use_mfa(user) and not has_second_factor(request):
                messages.warning(request, _("Din roll kräver tvåstegsverifiering. Aktivera den för att fortsätta."))
                return redirect("mfa_activate_totp")
            if must_use_mfa_on_page(user, path=request.path) and not has_second_factor(request):
                return self._refuse_finance_page(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A finance view outside the finance paths (it declares a finance capability) asks the same."""
        user = request.user
        if (
            user.is_authenticated
            and must_use_mfa_on_page(user, path=request.path, capability=declared_capability(view_func))
            and not has_second_factor(request)
        ):
            return self._refuse_finance_page(request)
        return None

    @staticmethod
    def _refuse_finance_page(request):
        security_log.info("finance page %s needs a second factor of user %s", request.path, request.user.pk)
        messages.warning(
            request, _("Sidorna om avgifter och ekonomi kräver tvåstegsverifiering. Aktivera den för att fortsätta.")
        )
        return redirect("mfa_activate_totp")

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (
            reverse("mfa_index"),
            reverse("account_reauthenticate"),
            reverse("account_logout"),
            reverse("set_language"),
            "/static/",
        )
        return path.startswith(allowed)
