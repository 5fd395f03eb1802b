"""Importing suppliers, contracts and historical audits in the browser.

Upload a file, see what would change (a dry run) or every problem with its line and column,
then confirm; all rows or none. Both steps are one call of ``services.import_file``. The file
waits between the two steps in the media storage, named in the person's session, and is checked
again on confirmation with their rights.
"""

import datetime
import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from import_export.results import RowResult

from base.exports import download
from base.imports import preview_context, problems_context
from regions.access import Capability
from revisioner import documents, services
from revisioner.forms_import import KINDS, ImportForm, read_dataset
from revisioner.resources import RESOURCES

SESSION_KEY = "revisioner_import"
WAITING = "imports/revisioner"  # in the media storage, between preview and confirmation
LISTS = {"suppliers": "supplier_list", "contracts": "contract_list", "audits": "audit_list"}


def new_rows(count: int) -> str:
    return ngettext("%(count)d ny rad", "%(count)d nya rader", count) % {"count": count}


def changed_rows(count: int) -> str:
    return ngettext("%(count)d ändrad rad", "%(count)d ändrade rader", count) % {"count": count}


def _sweep_abandoned():
    """Files of previews nobody confirmed or cancelled go after a day."""
    try:
        _folders, names = default_storage.listdir(WAITING)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - datetime.timedelta(days=1)
    for name in names:
        if default_storage.get_modified_time(f"{WAITING}/{name}") < cutoff:
            default_storage.delete(f"{WAITING}/{name}")


class ImportView(TemplateView):
    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/import.html"

    def get(self, request, *args, **kwargs):
        example = request.GET.get("exempel")
        if example in RESOURCES:
            return self._example(example)
        kind = request.GET.get("kind")  # the list pages link here with what they list
        return self.render_to_response(
            self.get_context_data(form=ImportForm(initial={"kind": kind} if kind in RESOURCES else None))
        )

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self._confirm(request.POST["token"])
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        result = services.import_file(kind, form.dataset, acting_user=request.user, dry_run=True)
        context = {"form": form, "filename": upload.name, "kind_label": dict(KINDS)[kind]}
        if result.has_errors() or result.has_validation_errors():
            return self._refused(result, status=400, **context)
        token = self._keep(kind, upload.name, form.content)
        return self.render_to_response(self.get_context_data(token=token, **self._preview(result), **context))

    def get_context_data(self, **kwargs):
        examples = [(label, f"?exempel={kind}") for kind, label in KINDS]
        return super().get_context_data(examples=examples, **kwargs)

    # Between preview and confirmation

    def _keep(self, kind: str, filename: str, content: bytes) -> str:
        self._forget()
        _sweep_abandoned()
        token = secrets.token_urlsafe(16)
        extension = "xlsx" if filename.lower().endswith(".xlsx") else "csv"
        path = default_storage.save(f"{WAITING}/{token}.{extension}", ContentFile(content))
        self.request.session[SESSION_KEY] = {"token": token, "kind": kind, "filename": filename, "path": path}
        return token

    def _forget(self):
        kept = self.request.session.pop(SESSION_KEY, None)
        if kept:
            default_storage.delete(kept["path"])

    def _confirm(self, token: str):
        kept = self.request.session.get(SESSION_KEY)
        if not kept or not secrets.compare_digest(kept["token"], token):
            messages.error(self.request, _("Förhandsgranskningen finns inte längre. Läs in filen igen."))
            return redirect("revisioner_import")
        with default_storage.open(kept["path"], "rb") as file:
            dataset = read_dataset(kept["filename"], file.read())
        self._forget()
        kind = kept["kind"]
        result = services.import_file(kind, dataset, acting_user=self.request.user, dry_run=False)
        if result.has_errors() or result.has_validation_errors():
            return self._refused(result, status=400, form=ImportForm(), filename=kept["filename"])
        totals = result.totals
        messages.success(
            self.request,
            _("%(what)s är inlästa: %(new)s och %(updated)s.")
            % {
                "what": dict(KINDS)[kind],
                "new": new_rows(totals[RowResult.IMPORT_TYPE_NEW]),
                "updated": changed_rows(totals[RowResult.IMPORT_TYPE_UPDATE]),
            },
        )
        return redirect(LISTS[kind])

    # What the page shows

    def _refused(self, result, status, **context):
        return self.render_to_response(self.get_context_data(**problems_context(result), **context), status=status)

    @staticmethod
    def _preview(result) -> dict:
        return preview_context(result, {RowResult.IMPORT_TYPE_NEW: _("Ny"), RowResult.IMPORT_TYPE_UPDATE: _("Ändras")})

    @staticmethod
    def _example(kind: str):
        return download(*documents.import_example(kind))
