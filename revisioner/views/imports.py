"""Importing suppliers, contracts and historical audits in the browser.

Upload a file, see what would change (a dry run) or every problem with its line and column,
then confirm; all rows or none. Both steps are one call of ``services.import_file``. The file
waits between the two steps in the media storage, named in the person's session, and is checked
again on confirmation with their rights.

A file of more rows than ``IMPORT_IN_BACKGROUND_ROWS`` is not read in the request: it becomes an
``ImportJob`` (``services.start_import``), whose page follows the worker's dry run, shows the same
preview or problems, and confirms the import as a second run of the job.
"""

import datetime
import secrets

from django.contrib import messages
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, TemplateView, View
from import_export.results import RowResult

from base.exports import download
from base.imports import preview_context, problems_context
from regions.access import Capability, get_for_user
from revisioner import access, documents, services
from revisioner.forms_import import KINDS, ImportForm, read_dataset
from revisioner.models import ImportJob
from revisioner.resources import RESOURCES
from revisioner.services.imports import WAITING, keep_file

SESSION_KEY = "revisioner_import"
LISTS = {"suppliers": "supplier_list", "contracts": "contract_list", "audits": "audit_list"}


def new_rows(count: int) -> str:
    return ngettext("%(count)d ny rad", "%(count)d nya rader", count) % {"count": count}


def changed_rows(count: int) -> str:
    return ngettext("%(count)d ändrad rad", "%(count)d ändrade rader", count) % {"count": count}


def imported(kind: str, new: int, updated: int) -> str:
    return _("%(what)s är inlästa: %(new)s och %(updated)s.") % {
        "what": dict(KINDS)[kind],
        "new": new_rows(new),
        "updated": changed_rows(updated),
    }


def change_labels() -> dict:
    """What happens to a row of the preview, in the page's words."""
    return {RowResult.IMPORT_TYPE_NEW: _("Ny"), RowResult.IMPORT_TYPE_UPDATE: _("Ändras")}


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
        if services.in_background(form.dataset):
            _sweep_abandoned()
            job = services.start_import(
                acting_user=request.user, kind=kind, filename=upload.name, content=form.content, rows=len(form.dataset)
            )
            return redirect(job)
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
        path = keep_file(filename, content)
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
            self.request, imported(kind, totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE])
        )
        return redirect(LISTS[kind])

    # What the page shows

    def _refused(self, result, status, **context):
        return self.render_to_response(self.get_context_data(**problems_context(result), **context), status=status)

    @staticmethod
    def _preview(result) -> dict:
        return preview_context(result, change_labels())

    @staticmethod
    def _example(kind: str):
        return download(*documents.import_example(kind))


# Large files: the job's page ------------------------------------------------------------------


class ImportJobDetailView(DetailView):
    """Who started the import, when, of which file, and how far it has come; then its preview and
    the confirmation, what it imported, or the problems that refused the file. Only the person who
    started it and the secretariat see it (``access.ImportJobAccess``); others get 404."""

    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/import_job.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        return get_for_user(ImportJob.objects.select_related("requested_by"), self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        job = self.object
        labels = change_labels()
        result = job.result
        return super().get_context_data(
            preview=[(labels.get(change, change), row) for change, row in result.get("preview", [])],
            may_act=access.can_confirm_import(self.request.user, job),
            list_url=reverse(LISTS[job.kind]),
            **kwargs,
        )


class ImportJobStatusView(ImportJobDetailView):
    """The job's progress as a fragment; htmx polls it until the step has finished."""

    template_name = "revisioner/import_job_status.html"


class ImportJobConfirmView(View):
    """The person read the preview: the import itself is queued as the job's second run."""

    capability = Capability.WRITE_AUDITS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = get_for_user(ImportJob.objects.all(), request.user, pk=self.kwargs["pk"])
        services.confirm_import(acting_user=request.user, job=job)
        return redirect(job)


class ImportJobRestartView(View):
    capability = Capability.WRITE_AUDITS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = get_for_user(ImportJob.objects.all(), request.user, pk=self.kwargs["pk"])
        services.restart_import(acting_user=request.user, job=job)
        return redirect(job)
