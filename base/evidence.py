"""Evidence files on the page: the form that sends one, the help text that says what is taken, and
the download of a stored one.

The checks of the file itself (type by content, size, name, the scanner) are ``base.uploads``'s,
made when a service stores it; the form only carries the file. Who may read a stored file is the
download view's question: it checks access first and then calls ``serve_evidence``."""

from django import forms
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.uploads import kinds_text, max_bytes


class EvidenceForm(forms.Form):
    """One file as evidence. An empty file is let through to base.uploads, whose refusal names it."""

    file = forms.FileField(
        label=gettext_lazy("Skicka en fil som underlag"),
        allow_empty_file=True,
        error_messages={"required": gettext_lazy("Välj en fil att skicka.")},
    )


def upload_help() -> str:
    """The files taken, in the person's language: the kinds and the size limit."""
    return _("Filer som tas emot: %(kinds)s, högst %(limit)s per fil.") % {
        "kinds": kinds_text(),
        "limit": filesizeformat(max_bytes()),
    }


def serve_evidence(request, evidence) -> FileResponse:
    """A stored evidence file (a ``base.models.EvidenceFile`` row) as an attachment under the name
    it was sent with, with the type its content was checked to be; never shown inline, never sniffed
    to another type. The caller has checked that ``request.user`` may read it."""
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
