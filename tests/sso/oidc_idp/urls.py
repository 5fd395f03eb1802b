from django.contrib.auth import get_user_model, login, logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme


def login_as(request):
    """The provider's own login, for tests only: sign in as ``username`` and go on to ``next``."""
    user = get_user_model().objects.get(username=request.GET["username"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    next_url = request.GET.get("next", "/")
    return redirect(
        next_url if url_has_allowed_host_and_scheme(next_url, {"127.0.0.1"} | {request.get_host()}) else "/"
    )


def logout_view(request):
    logout(request)
    return HttpResponse("signed out")


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login-as/", login_as),
    path("logout/", logout_view),
]
