"""The self-assessments' documents: the columns of the list download (CSV and XLSX, written by
base.exports through FilteredListView)."""

from django.utils.translation import gettext_lazy

from base.exports import Column


def asked_by_letters(request) -> str:
    """The letters of the procurement regions that asked (prefetched ``asked_by``), in order."""
    return ", ".join(sorted(region.letter for region in request.asked_by.all()))


def outcome(request) -> str:
    """What the review came to: the audit it created, with its status, once reviewed."""
    if request.audit_id is None:
        return ""
    return f"{request.audit_id}: {request.audit.get_status_display()}"


# The self-assessment list: the rows of its page, with the same filters and order.
REQUEST_COLUMNS = [
    Column(gettext_lazy("Nummer"), lambda r: r.pk, "int"),
    Column(gettext_lazy("Leverantör"), lambda r: r.supplier.name),
    Column(gettext_lazy("Organisationsnummer eller identitet"), lambda r: r.supplier.identifier),
    Column(gettext_lazy("Mall"), lambda r: str(r.template)),
    Column(gettext_lazy("Kategori"), lambda r: r.category.name),
    Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
    Column(gettext_lazy("Granskande upphandlingsregion"), lambda r: r.procurement_region.letter),
    Column(gettext_lazy("Efterfrågad av"), asked_by_letters),
    Column(gettext_lazy("Skickad"), lambda r: r.sent_at, "datetime"),
    Column(gettext_lazy("Svar senast"), lambda r: r.due_on, "date"),
    Column(gettext_lazy("Besvarad"), lambda r: r.submitted_at, "datetime"),
    Column(gettext_lazy("Granskad"), lambda r: r.reviewed_at, "datetime"),
    Column(gettext_lazy("Giltig till"), lambda r: r.valid_until, "date"),
    Column(gettext_lazy("Revision (utfall)"), outcome),
    Column(gettext_lazy("Avvikelser"), lambda r: r.not_met_count if r.audit_id else None, "int"),
]
