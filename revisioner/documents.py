"""The audits' documents: the report of an audit as PDF, the columns of the list downloads (CSV and
XLSX, written by base.exports through FilteredListView), and the example files of the import page.

Views hand these a queryset or an object and return the response (base.exports.download).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.exports import Column, to_csv
from base.pdf import render_pdf
from revisioner.resources import RESOURCES

# The supplier list: the rows of its page, with the same filters and order.
SUPPLIER_COLUMNS = [
    Column(gettext_lazy("Namn"), lambda s: s.name),
    Column(gettext_lazy("Land"), lambda s: s.country),
    Column(gettext_lazy("Organisationsnummer"), lambda s: s.org_number),
    Column(gettext_lazy("Utländsk identitet"), lambda s: s.foreign_identifier),
    Column(gettext_lazy("Avtal"), lambda s: s.contract_count, "int", summed=True),
    Column(gettext_lazy("Revisioner"), lambda s: s.audit_count, "int", summed=True),
    Column(gettext_lazy("Öppna avvikelser"), lambda s: s.open_deviations, "int", summed=True),
]


# The contract list: the rows of its page, with the same filters and order.
CONTRACT_COLUMNS = [
    Column(gettext_lazy("Avtalsnummer"), lambda c: c.reference),
    Column(gettext_lazy("Benämning"), lambda c: c.title),
    Column(gettext_lazy("Leverantör"), lambda c: c.supplier.name),
    Column(gettext_lazy("Organisationsnummer"), lambda c: c.supplier.identifier),
    Column(gettext_lazy("Kategori"), lambda c: c.category.name),
    Column(gettext_lazy("Upphandlingsregion"), lambda c: c.procurement_region.letter),
    Column(gettext_lazy("Regioner"), lambda c: ", ".join(r.short_name for r in c.regions.all())),
    Column(gettext_lazy("Gäller från"), lambda c: c.starts_on, "date"),
    Column(gettext_lazy("Gäller till"), lambda c: c.ends_on, "date"),
    Column(gettext_lazy("Årligt värde (kr)"), lambda c: c.yearly_value, "amount", summed=True),
]


# The audit list: the rows of its page, with the same filters and order.
AUDIT_COLUMNS = [
    Column(gettext_lazy("Nummer"), lambda a: a.pk, "int"),
    Column(gettext_lazy("År"), lambda a: a.year, "int"),
    Column(gettext_lazy("Typ"), lambda a: a.get_kind_display()),
    Column(gettext_lazy("Leverantör"), lambda a: a.supplier.name),
    Column(gettext_lazy("Organisationsnummer"), lambda a: a.supplier.identifier),
    Column(gettext_lazy("Kategori"), lambda a: a.category.name),
    Column(gettext_lazy("Upphandlingsregion"), lambda a: a.procurement_region.letter),
    Column(gettext_lazy("Planerad"), lambda a: a.planned_on, "date"),
    Column(gettext_lazy("Genomförd"), lambda a: a.performed_on, "date"),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column(gettext_lazy("Avvikelser"), lambda a: a.deviation_count, "int", summed=True),
    Column(gettext_lazy("Öppna avvikelser"), lambda a: a.open_deviation_count, "int", summed=True),
]


# The deviation list: the rows of its page, with the same filters and order.
DEVIATION_COLUMNS = [
    Column(gettext_lazy("Revision"), lambda d: d.audit_id, "int"),
    Column(gettext_lazy("År"), lambda d: d.audit.year, "int"),
    Column(gettext_lazy("Leverantör"), lambda d: d.audit.supplier.name),
    Column(gettext_lazy("Upphandlingsregion"), lambda d: d.audit.procurement_region.letter),
    Column(gettext_lazy("Klausul"), lambda d: f"{d.clause.number} {d.clause.title}"),
    Column(gettext_lazy("Allvarlighetsgrad"), lambda d: d.get_severity_display()),
    Column(gettext_lazy("Beskrivning"), lambda d: d.description),
    Column(gettext_lazy("Status"), lambda d: d.get_status_display()),
    Column(gettext_lazy("Verifierad genom"), lambda d: verification_of(d)),
    Column(gettext_lazy("Verifierad av"), lambda d: d.verified_by.name if d.verified_by else ""),
    Column(gettext_lazy("Verifierad"), lambda d: timezone.localdate(d.verified_at) if d.verified_at else None, "date"),
    Column(gettext_lazy("Effektivitet"), lambda d: d.effectiveness_note),
]


def verification_of(deviation) -> str:
    """How a deviation was verified closed (at the desk, on site), or that it is not verified yet."""
    if deviation.verification_method:
        return deviation.get_verification_method_display()
    return _("Ej verifierad")


# The corrective action list: the rows of its page, with the same filters and order.
ACTION_COLUMNS = [
    Column(gettext_lazy("Revision"), lambda a: a.deviation.audit_id, "int"),
    Column(gettext_lazy("Leverantör"), lambda a: a.deviation.audit.supplier.name),
    Column(gettext_lazy("Klausul"), lambda a: f"{a.deviation.clause.number} {a.deviation.clause.title}"),
    Column(gettext_lazy("Åtgärd"), lambda a: a.description),
    Column(gettext_lazy("Klart senast"), lambda a: a.due_on, "date"),
    Column(gettext_lazy("Status"), lambda a: a.get_status_display()),
    Column(gettext_lazy("Försenad"), lambda a: _("Ja") if a.overdue else ""),
    Column(gettext_lazy("Ansvarig"), lambda a: a.responsible.name if a.responsible else ""),
    Column(gettext_lazy("Ansvarig hos leverantören"), lambda a: a.owner),
]


# The audit plan of a year: the rows of its page, with the same filters and order.
PLAN_COLUMNS = [
    Column(gettext_lazy("Upphandlingsregion"), lambda entry: entry.procurement_region.letter),
    Column(gettext_lazy("Leverantör"), lambda entry: entry.supplier.name),
    Column(gettext_lazy("Organisationsnummer eller identitet"), lambda entry: entry.supplier.identifier),
    Column(gettext_lazy("Kategori"), lambda entry: entry.category.name),
    Column(gettext_lazy("Typ"), lambda entry: entry.get_kind_display()),
    Column(gettext_lazy("Poäng vid urvalet"), lambda entry: entry.score, "decimal"),
    Column(gettext_lazy("Revision"), lambda entry: entry.audit_id, "int"),
]


def audit_report(audit, *, groups, deviations) -> tuple[str, str, bytes]:
    """The report of ``audit`` as PDF, for the supplier and the file: its facts, the ratings
    ``groups`` ([(clause, [(criterion, rating)])]) and the ``deviations`` with their actions; never
    the internal notes."""
    context = {"audit": audit, "groups": groups, "deviations": deviations, "internal_notes": None}
    return f"revision-{audit.pk}.pdf", "application/pdf", render_pdf("revisioner/audit_pdf.html", context)


def import_example(kind: str) -> tuple[str, str, bytes]:
    """An example file for the import page: the columns the import of ``kind`` reads, and its example rows,
    in the import's own format (comma-separated, the resources' column names), not a list download's."""
    resource = RESOURCES[kind]
    columns = resource.example_columns()
    rows = [[row.get(column, "") for column in columns] for row in resource.example]
    body = to_csv(columns, rows, delimiter=",")
    return f"exempel-{kind}.csv", "text/csv; charset=utf-8", body
