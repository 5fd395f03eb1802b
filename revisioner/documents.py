"""The audits' documents: the report of an audit as PDF, the columns of the list downloads (CSV and
XLSX, written by base.exports through FilteredListView), and the example files of the import page.

Views hand these a queryset or an object and return the response (base.exports.download).
"""

from django.db.models import F, OuterRef
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.exports import EXPORT_CHUNK_ROWS, Column, JoinedTexts, to_csv
from base.pdf import render_pdf
from regions.models import Region
from revisioner.models import SWEDEN, Contract, Deviation
from revisioner.resources import RESOURCES

# The supplier list: the rows of its page, with the same filters and order. The downloads read rows
# as values (supplier_rows, contract_cells, deviation_rows), not as model instances: 100 000 contracts
# are written in a second or so, and streamed.
SUPPLIER_COLUMNS = [
    Column(gettext_lazy("Namn"), "name"),
    Column(gettext_lazy("Land"), "country"),
    Column(gettext_lazy("Organisationsnummer"), "org_number"),
    Column(gettext_lazy("Utländsk identitet"), "foreign_identifier"),
    Column(gettext_lazy("Avtal"), "contract_count", "int", summed=True),
    Column(gettext_lazy("Revisioner"), "audit_count", "int", summed=True),
    Column(gettext_lazy("Öppna avvikelser"), "open_deviations", "int", summed=True),
]


def supplier_rows(suppliers):
    """The rows of SUPPLIER_COLUMNS from the supplier list's queryset (with its counts)."""
    return suppliers.values(
        "name", "country", "org_number", "foreign_identifier", "contract_count", "audit_count", "open_deviations"
    )


def _identifier(country: str, org_number: str, foreign_identifier: str) -> str:
    """What Supplier.identifier says, from the row's values."""
    return org_number if country == SWEDEN else f"{country} {foreign_identifier}"


# The contract list: the rows of its page, with the same filters and order. Its cells come from
# contract_cells, in this order: the columns name and type them.
CONTRACT_COLUMNS = [
    Column(gettext_lazy("Avtalsnummer")),
    Column(gettext_lazy("Benämning")),
    Column(gettext_lazy("Leverantör")),
    Column(gettext_lazy("Organisationsnummer")),
    Column(gettext_lazy("Kategori")),
    Column(gettext_lazy("Upphandlingsregion")),
    Column(gettext_lazy("Regioner")),
    Column(gettext_lazy("Gäller från"), kind="date"),
    Column(gettext_lazy("Gäller till"), kind="date"),
    Column(gettext_lazy("Årligt värde (kr)"), kind="amount", summed=True),
]


def contract_cells(contracts):
    """The rows of CONTRACT_COLUMNS, as lists of cells in their order, from the contract list's
    queryset, one at a time. One query, read as tuples (a dict a row was a sixth of the 100 000-row
    download), with each contract's regions as their ids, named here in the regions' order (joining
    the names in the database, a join for each contract, was half of it)."""
    rank_and_name = {pk: (rank, name) for rank, (pk, name) in enumerate(Region.objects.values_list("pk", "short_name"))}
    named = {}  # the ids of a row's regions, as the database joined them → the regions' names
    region_ids = Contract.regions.through.objects.filter(contract=OuterRef("pk")).values("region_id")
    rows = contracts.values_list(
        "reference",
        "title",
        "supplier__name",
        "supplier__country",
        "supplier__org_number",
        "supplier__foreign_identifier",
        "category__name",
        "procurement_region__letter",
        JoinedTexts(region_ids.order_by()),
        "starts_on",
        "ends_on",
        "yearly_value",
    )
    for (
        reference,
        title,
        supplier,
        country,
        org_number,
        foreign,
        category,
        letter,
        ids,
        starts,
        ends,
        value,
    ) in rows.iterator(chunk_size=EXPORT_CHUNK_ROWS):
        if ids not in named:
            regions = sorted(rank_and_name[int(pk)] for pk in ids.split(", ") if pk)
            named[ids] = ", ".join(name for _rank, name in regions)
        identifier = _identifier(country, org_number, foreign)
        yield [reference, title, supplier, identifier, category, letter, named[ids], starts, ends, value]


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
    Column(gettext_lazy("Revision"), "audit_id", "int"),
    Column(gettext_lazy("År"), "audit_year", "int"),
    Column(gettext_lazy("Leverantör"), "supplier_name"),
    Column(gettext_lazy("Upphandlingsregion"), "region_letter"),
    Column(gettext_lazy("Klausul"), lambda d: f"{d['clause_number']} {d['clause_title']}"),
    Column(gettext_lazy("Allvarlighetsgrad"), "severity", labels=Deviation.Severity),
    Column(gettext_lazy("Beskrivning"), "description"),
    Column(gettext_lazy("Status"), "status", labels=Deviation.Status),
    Column(
        gettext_lazy("Verifierad genom"),
        "verification_method",
        # how a deviation was verified closed (at the desk, on site), or that it is not verified yet
        labels={"": gettext_lazy("Ej verifierad"), **dict(Deviation.Verification.choices)},
    ),
    Column(gettext_lazy("Verifierad av"), lambda d: d["verified_by_name"] or ""),
    Column(gettext_lazy("Verifierad"), "verified_on", "date"),
    Column(gettext_lazy("Effektivitet"), "effectiveness_note"),
]


def deviation_rows(deviations):
    """The rows of DEVIATION_COLUMNS from the deviation list's queryset, in one query."""
    return deviations.values(
        "audit_id",
        "severity",
        "description",
        "status",
        "verification_method",
        "effectiveness_note",
        verified_on=TruncDate("verified_at"),  # the day in Swedish time, by the database
        audit_year=F("audit__year"),
        supplier_name=F("audit__supplier__name"),
        region_letter=F("audit__procurement_region__letter"),
        clause_number=F("clause__number"),
        clause_title=F("clause__title"),
        verified_by_name=F("verified_by__name"),
    )


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
