"""Importing an event's attendance in the browser: upload the participant list, see what would
change (a dry run) or every problem with its line and column, then confirm; all rows or none.
The file waits between the two steps in the media storage, named in the person's session."""

import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from import_export.results import RowResult

from akademi import documents, services
from akademi.forms import AttendanceImportForm
from akademi.models import Event
from base.exports import download
from base.imports import preview_context, problems_context
from regions.access import Capability
from revisioner.forms_import import read_dataset

SESSION_KEY = "akademi_attendance_import"
WAITING = "imports/akademi"


class AttendanceImportView(TemplateView):
    capability = Capability.MANAGE_ACADEMY
    template_name = "akademi/attendance_import.html"

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(Event, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)

    def get(self, request, *args, **kwargs):
        if "exempel" in request.GET:
            return download(*documents.attendance_example())
        return self.render_to_response(self.get_context_data(form=AttendanceImportForm()))

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self._confirm(request.POST["token"])
        form = AttendanceImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        result = services.import_attendance(
            acting_user=request.user, event=self.event, dataset=form.dataset, dry_run=True
        )
        if result.has_errors() or result.has_validation_errors():
            return self._refused(result, form=form, filename=upload.name)
        token = self._keep(upload.name, form.content)
        return self.render_to_response(
            self.get_context_data(token=token, filename=upload.name, **self._preview(result))
        )

    def _keep(self, filename: str, content: bytes) -> str:
        self._forget()
        token = secrets.token_urlsafe(16)
        extension = "xlsx" if filename.lower().endswith(".xlsx") else "csv"
        path = default_storage.save(f"{WAITING}/{token}.{extension}", ContentFile(content))
        self.request.session[SESSION_KEY] = {
            "token": token,
            "event": self.event.pk,
            "filename": filename,
            "path": path,
        }
        return token

    def _forget(self):
        kept = self.request.session.pop(SESSION_KEY, None)
        if kept:
            default_storage.delete(kept["path"])

    def _confirm(self, token: str):
        kept = self.request.session.get(SESSION_KEY)
        if not kept or kept["event"] != self.event.pk or not secrets.compare_digest(kept["token"], token):
            messages.error(self.request, _("Förhandsgranskningen finns inte längre. Läs in filen igen."))
            return redirect("attendance_import", pk=self.event.pk)
        with default_storage.open(kept["path"], "rb") as file:
            dataset = read_dataset(kept["filename"], file.read())
        self._forget()
        result = services.import_attendance(
            acting_user=self.request.user, event=self.event, dataset=dataset, dry_run=False
        )
        if result.has_errors() or result.has_validation_errors():
            return self._refused(result, form=AttendanceImportForm(), filename=kept["filename"])
        totals = result.totals
        new, updated = totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE]
        messages.success(
            self.request,
            _("Närvaron är inläst: %(new)s och %(updated)s.")
            % {
                "new": ngettext("%(count)d ny deltagare", "%(count)d nya deltagare", new) % {"count": new},
                "updated": ngettext("%(count)d anmäld markerad", "%(count)d anmälda markerade", updated)
                % {"count": updated},
            },
        )
        return redirect("event_participants", pk=self.event.pk)

    def _refused(self, result, **context):
        return self.render_to_response(self.get_context_data(**problems_context(result), **context), status=400)

    @staticmethod
    def _preview(result) -> dict:
        labels = {RowResult.IMPORT_TYPE_NEW: _("Ny deltagare"), RowResult.IMPORT_TYPE_UPDATE: _("Anmäld, närvaro")}
        return preview_context(result, labels)
