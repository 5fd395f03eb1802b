"""The pages around the API: a member's personal access tokens (created shown once, revoked),
the open data downloads, and the schema and its browsable docs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import documents, services
from api.forms import TokenForm
from api.models import AccessToken
from regions.access import Capability

MIMETYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


class TokenListView(TemplateView):
    capability = Capability.MEMBER
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=AccessToken.objects.of(self.request.user), form=kwargs.pop("form", None) or TokenForm(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = services.create_token(acting_user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Shown this once: only its hash is kept.
                return self.render_to_response(self.get_context_data(created=token, secret=secret))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TokenRevokeView(View):
    capability = Capability.MEMBER
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.revoke_token(acting_user=request.user, token_id=pk)
        except AccessToken.DoesNotExist:
            raise Http404 from None
        messages.success(request, _("API-nyckeln är återkallad."))
        return redirect("api_tokens")


class OpenDataView(TemplateView):
    capability = Capability.PUBLIC
    template_name = "api/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(licence=documents.LICENCE, licence_url=documents.LICENCE_URL, **kwargs)


class OpenDataDownloadView(View):
    """The register as the nightly job wrote it (written now when it has not run yet)."""

    capability = Capability.PUBLIC
    fmt = "csv"

    def get(self, request):
        fmt = self.fmt
        name = services.open_data_name(fmt)
        if not default_storage.exists(name):
            services.regenerate_open_data()
        response = FileResponse(
            default_storage.open(name, "rb"), as_attachment=True, filename=services.OPEN_DATA_FILES[fmt]
        )
        response["Content-Type"] = MIMETYPES[fmt]
        response["Link"] = f'<{documents.LICENCE_URL}>; rel="license"'
        return response


class SchemaView(SpectacularAPIView):
    capability = Capability.PUBLIC


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (drf-spectacular-sidecar) and its script as a file, so the
    page keeps the Content Security Policy (no inline script or style)."""

    capability = Capability.PUBLIC
    template_name = "api/swagger_ui.html"
    url_name = "api_schema"
