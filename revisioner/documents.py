"""The audits' documents: the report of an audit as PDF, the columns of the list downloads (CSV and
XLSX, written by base.exports through FilteredListView), and the example files of the import page.

Views hand these a queryset or an object and return the response (base.exports.download).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.exports import iso_date, to_csv
from base.pdf import render_pdf
from revisioner.resources import RESOURCES

# The supplier list: the rows of its page, with the same filters and order.
SUPPLIER_COLUMNS = [
    (gettext_lazy("Namn"), lambda s: s.name),
    (gettext_lazy("Land"), lambda s: s.country),
    (gettext_lazy("Organisationsnummer"), lambda s: s.org_number),
    (gettext_lazy("Utländsk identitet"), lambda s: s.foreign_identifier),
    (gettext_lazy("Avtal"), lambda s: s.contract_count),
    (gettext_lazy("Revisioner"), lambda s: s.audit_count),
    (gettext_lazy("Öppna avvikelser"), lambda s: s.open_deviations),
]


# The contract list: the rows of its page, with the same filters and order.
CONTRACT_COLUMNS = [
    (gettext_lazy("Avtalsnummer"), lambda c: c.reference),
    (gettext_lazy("Benämning"), lambda c: c.title),
    (gettext_lazy("Leverantör"), lambda c: c.supplier.name),
    (gettext_lazy("Organisationsnummer"), lambda c: c.supplier.identifier),
    (gettext_lazy("Kategori"), lambda c: c.category.name),
    (gettext_lazy("Upphandlingsregion"), lambda c: c.procurement_region.letter),
    (gettext_lazy("Regioner"), lambda c: ", ".join(r.short_name for r in c.regions.all())),
    (gettext_lazy("Gäller från"), lambda c: iso_date(c.starts_on)),
    (gettext_lazy("Gäller till"), lambda c: iso_date(c.ends_on)),
    (gettext_lazy("Årligt värde (kr)"), lambda c: c.yearly_value),
]


# The audit list: the rows of its page, with the same filters and order.
AUDIT_COLUMNS = [
    (gettext_lazy("Nummer"), lambda a: a.pk),
    (gettext_lazy("År"), lambda a: a.year),
    (gettext_lazy("Typ"), lambda a: a.get_kind_display()),
    (gettext_lazy("Leverantör"), lambda a: a.supplier.name),
    (gettext_lazy("Organisationsnummer"), lambda a: a.supplier.identifier),
    (gettext_lazy("Kategori"), lambda a: a.category.name),
    (gettext_lazy("Upphandlingsregion"), lambda a: a.procurement_region.letter),
    (gettext_lazy("Planerad"), lambda a: iso_date(a.planned_on)),
    (gettext_lazy("Genomförd"), lambda a: iso_date(a.performed_on)),
    (gettext_lazy("Status"), lambda a: a.get_status_display()),
    (gettext_lazy("Avvikelser"), lambda a: a.deviation_count),
    (gettext_lazy("Öppna avvikelser"), lambda a: a.open_deviation_count),
]


# The deviation list: the rows of its page, with the same filters and order.
DEVIATION_COLUMNS = [
    (gettext_lazy("Revision"), lambda d: d.audit_id),
    (gettext_lazy("År"), lambda d: d.audit.year),
    (gettext_lazy("Leverantör"), lambda d: d.audit.supplier.name),
    (gettext_lazy("Upphandlingsregion"), lambda d: d.audit.procurement_region.letter),
    (gettext_lazy("Klausul"), lambda d: f"{d.clause.number} {d.clause.title}"),
    (gettext_lazy("Allvarlighetsgrad"), lambda d: d.get_severity_display()),
    (gettext_lazy("Beskrivning"), lambda d: d.description),
    (gettext_lazy("Status"), lambda d: d.get_status_display()),
]


# The corrective action list: the rows of its page, with the same filters and order.
ACTION_COLUMNS = [
    (gettext_lazy("Revision"), lambda a: a.deviation.audit_id),
    (gettext_lazy("Leverantör"), lambda a: a.deviation.audit.supplier.name),
    (gettext_lazy("Klausul"), lambda a: f"{a.deviation.clause.number} {a.deviation.clause.title}"),
    (gettext_lazy("Åtgärd"), lambda a: a.description),
    (gettext_lazy("Senast"), lambda a: iso_date(a.due_on)),
    (gettext_lazy("Status"), lambda a: a.get_status_display()),
    (gettext_lazy("Försenad"), lambda a: _("Ja") if a.overdue else ""),
    (gettext_lazy("Ansvarig"), lambda a: a.responsible.name if a.responsible else ""),
]


# The audit plan of a year: the rows of its page, with the same filters and order.
PLAN_COLUMNS = [
    (gettext_lazy("Upphandlingsregion"), lambda entry: entry.procurement_region.letter),
    (gettext_lazy("Leverantör"), lambda entry: entry.supplier.name),
    (gettext_lazy("Organisationsnummer eller identitet"), lambda entry: entry.supplier.identifier),
    (gettext_lazy("Kategori"), lambda entry: entry.category.name),
    (gettext_lazy("Typ"), lambda entry: entry.get_kind_display()),
    (gettext_lazy("Poäng vid urvalet"), lambda entry: entry.score),
    (gettext_lazy("Revision"), lambda entry: entry.audit_id or ""),
]


def audit_report(audit, *, groups, deviations) -> tuple[str, str, bytes]:
    """The report of ``audit`` as PDF, for the supplier and the file: its facts, the ratings
    ``groups`` ([(clause, [(criterion, rating)])]) and the ``deviations`` with their actions; never
    the internal notes."""
    context = {"audit": audit, "groups": groups, "deviations": deviations, "internal_notes": None}
    return f"revision-{audit.pk}.pdf", "application/pdf", render_pdf("revisioner/audit_pdf.html", context)


def import_example(kind: str) -> tuple[str, str, bytes]:
    """An example file for the import page: the columns the import of ``kind`` reads, and its example rows."""
    resource = RESOURCES[kind]
    columns = resource.example_columns()
    body = to_csv(columns, [[row.get(column, "") for column in columns] for row in resource.example])
    return f"exempel-{kind}.csv", "text/csv; charset=utf-8", body
