"""Historical audits: the import (an audit by its id or its supplier, kind, year and region) and
the export."""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from base.imports import line_of
from regions.access import Visibility
from revisioner.models import Audit, Supplier
from revisioner.resources.base import RevisionerResource
from revisioner.resources.cells import LIST_SEPARATOR, YEARS, cell
from revisioner.resources.references import ExportsReferences, References, in_chunks, row_id

# Historical audits -----------------------------------------------------------------------------


def _choices_by_text(choices) -> dict[str, str]:
    """A choice by its value or its Swedish label, case set aside."""
    with translation.override("sv"):
        found = {str(label).lower(): value for value, label in choices}
    return {**found, **{value.lower(): value for value, _label in choices}}


class AuditResource(ExportsReferences, RevisionerResource):
    """Audits done before this system, or outside it. Columns: id (to change one), year, kind
    (office_audit or "Kontorsrevision" …), supplier (organisation number, identifier or exact
    name), category, procurement_region (letter), performed_on, status (closed, the default, or
    cancelled), summary, and optionally site, country, audit_firm and participating_regions.

    They have no assessment template. A closed audit is readable by the whole network. Without
    an id, an audit of the same supplier, category, kind, year and date is updated."""

    HISTORICAL = (Audit.Status.CLOSED, Audit.Status.CANCELLED)

    id = fields.Field(attribute="id", column_name="id", widget=widgets.IntegerWidget(coerce_to_string=False))
    year = fields.Field(attribute="year", column_name="year", widget=widgets.IntegerWidget(coerce_to_string=False))
    kind = fields.Field(attribute="kind", column_name="kind")
    supplier = fields.Field(column_name="supplier", readonly=True)
    category = fields.Field(column_name="category", readonly=True)
    procurement_region = fields.Field(column_name="procurement_region", readonly=True)
    performed_on = fields.Field(
        attribute="performed_on", column_name="performed_on", widget=widgets.DateWidget(coerce_to_string=False)
    )
    status = fields.Field(attribute="status", column_name="status")
    summary = fields.Field(attribute="summary", column_name="summary")
    site = fields.Field(attribute="site", column_name="site")
    country = fields.Field(attribute="country", column_name="country")
    audit_firm = fields.Field(attribute="audit_firm", column_name="audit_firm")
    participating_regions = fields.Field(column_name="participating_regions", readonly=True)

    header_aliases = {
        "år": "year",
        "typ": "kind",
        "leverantör": "supplier",
        "kategori": "category",
        "inköpskategori": "category",
        "upphandlingsregion": "procurement_region",
        "ansvarig upphandlingsregion": "procurement_region",
        "genomförd": "performed_on",
        "sammanfattning": "summary",
        "anläggning": "site",
        "land": "country",
        "revisionsföretag": "audit_firm",
        "deltagande regioner": "participating_regions",
    }
    required_columns = frozenset({"year", "kind", "supplier", "category", "procurement_region"})
    example = [
        {
            "year": "2019",
            "kind": "Kontorsrevision",
            "supplier": "556677-8899",
            "category": "Vårdrelaterad utrustning och förbrukningsvaror > Handskar",
            "procurement_region": "A",
            "performed_on": "2019-10-15",
            "status": "closed",
            "summary": "Leverantören har en process för tillbörlig aktsamhet.",
        }
    ]

    class Meta:
        model = Audit
        fields = [
            "id",
            "year",
            "kind",
            "supplier",
            "category",
            "procurement_region",
            "performed_on",
            "status",
            "summary",
            "site",
            "country",
            "audit_firm",
            "participating_regions",
        ]
        import_id_fields = []
        skip_diff = True
        chunk_size = 2000

    # Checking the whole file

    def check_rows(self, rows, headers, problems):
        references = References()
        kinds, statuses = _choices_by_text(Audit.Kind.choices), _choices_by_text(Audit.Status.choices)
        known = self._known_audits(rows)
        clean, ids, in_file = [], {}, {}
        for position, row in enumerate(rows):
            line = line_of(position)
            values = {
                "procurement_region": references.procurement_region(row, line, problems, self),
                "supplier_id": references.supplier(row, line, problems, by_name=True),
                "category": references.category(row, line, problems),
                "year": self._year(row, line, problems),
                "kind": self._choice(row, "kind", kinds, line, problems),
                "status": self._choice(row, "status", statuses, line, problems, default=Audit.Status.CLOSED),
                "performed_on": self.date(row, "performed_on", line, problems),
            }
            if values["status"] and values["status"] not in self.HISTORICAL:
                problems.add(
                    line,
                    "status",
                    _("en historisk revision är avslutad (closed) eller inställd (cancelled), inte ”%(value)s”.")
                    % {"value": cell(row.get("status"))},
                )
            for column, max_length in (("summary", 10_000), ("site", 200), ("country", 2), ("audit_firm", 200)):
                if column in headers:
                    values[column] = self.text(row, column, line, problems, max_length=max_length)
            if "country" in values:
                values["country"] = values["country"].upper()
            audit_id = row_id(row, line, problems, ids)
            natural = self._natural_key(values)
            existing = self._existing(audit_id, values, natural, known, line, problems)
            if audit_id is None and natural in in_file:
                problems.add_to_row(line, _("samma revision som på rad %(other)d.") % {"other": in_file[natural]})
            in_file.setdefault(natural, line)
            regions = None
            if "participating_regions" in headers:
                regions = references.region_list(row, "participating_regions", line, problems, required=False)
            clean.append({"existing": existing, "fields": values, "regions": regions, "line": line})
        return clean

    @staticmethod
    def _year(row, line, problems):
        text = cell(row.get("year"))
        if not text.isdigit() or int(text) not in YEARS:
            problems.add(line, "year", _("”%(value)s” är inget årtal.") % {"value": text})
            return None
        return int(text)

    @staticmethod
    def _choice(row, column, choices, line, problems, default=None):
        text = cell(row.get(column))
        if not text and default:
            return default
        value = choices.get(text.lower())
        if value is None:
            valid = ", ".join(sorted(set(choices.values())))
            problems.add(
                line, column, _("okänt värde ”%(value)s”; giltiga är %(valid)s.") % {"value": text, "valid": valid}
            )
        return value

    @staticmethod
    def _natural_key(values):
        return tuple(
            getattr(values[name], "pk", values[name])
            for name in ("supplier_id", "category", "procurement_region", "kind", "year", "performed_on")
        )

    def _known_audits(self, rows) -> dict:
        ids = {int(text) for text in (cell(row.get("id")) for row in rows) if text.isdigit()}
        years = {int(text) for text in (cell(row.get("year")) for row in rows) if text.isdigit()}
        known = {"by_id": {}, "historical": {}}
        columns = ("pk", "procurement_region_id", "procurement_region__letter", "status")
        for chunk in in_chunks(ids):
            for pk, pr_id, letter, status in self.scoped(Audit.objects).filter(pk__in=chunk).values_list(*columns):
                known["by_id"][pk] = (pr_id, letter, status)
        historical = self.scoped(Audit.objects).filter(year__in=years, status__in=self.HISTORICAL)
        for pk, *key in historical.values_list(
            "pk", "supplier_id", "category_id", "procurement_region_id", "kind", "year", "performed_on"
        ):
            known["historical"].setdefault(tuple(key), pk)
        return known

    def _existing(self, audit_id, values, natural, known, line, problems):
        if audit_id is None:
            return known["historical"].get(natural)
        if audit_id not in known["by_id"]:
            problems.add(line, "id", _("okänd revision %(id)d.") % {"id": audit_id})
            return None
        owner_id, letter, status = known["by_id"][audit_id]
        procurement_region = values["procurement_region"]
        if procurement_region and owner_id != procurement_region.pk:
            problems.add(
                line,
                "id",
                _("revision %(id)d hör till upphandlingsregion %(other)s, inte %(letter)s.")
                % {"id": audit_id, "other": letter, "letter": procurement_region.letter},
            )
        elif status not in self.HISTORICAL:
            problems.add(
                line,
                "id",
                _("revision %(id)d pågår; den ändras i revisionens arbetsflöde, inte genom import.") % {"id": audit_id},
            )
        return audit_id

    # Writing row by row

    def before_import(self, dataset, **kwargs):
        existing = [values["existing"] for values in self._clean if values["existing"]]
        self._instances = (
            Audit.objects.unscoped() if self.user is None else Audit.objects.editable_by(self.user)
        ).in_bulk(existing)
        self._suppliers = Supplier.objects.in_bulk({values["fields"]["supplier_id"] for values in self._clean})

    def get_instance(self, instance_loader, row):
        return self._instances.get(self._current["existing"])

    def init_instance(self, row=None):
        return Audit(created_by=self.user)

    def import_instance(self, instance, row, **kwargs):
        summary_before = instance.summary
        super().import_instance(instance, row, **kwargs)
        instance.supplier = self._suppliers[instance.supplier_id]
        if instance.summary != summary_before:
            # a changed summary waits for the secretariat's approval again, as in the browser
            instance.summary_status = Audit.SummaryStatus.SUBMITTED if instance.summary else Audit.SummaryStatus.NONE
            instance.summary_approved_at = instance.summary_approved_by = None
        if instance.status == Audit.Status.CLOSED:
            instance.visibility = Visibility.NETWORK
            if instance.closed_at is None:
                day = instance.performed_on or datetime.date(instance.year, 12, 31)
                instance.closed_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        else:
            instance.visibility, instance.closed_at = Visibility.RESTRICTED, None

    def save_m2m(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        if self._current["regions"] is not None:
            instance.participating_regions.set(self._current["regions"])

    # Export: never the internal notes

    def get_queryset(self):
        return (
            self.scoped(Audit.objects)
            .select_related("procurement_region", "supplier")
            .prefetch_related("participating_regions")
        )

    def dehydrate_participating_regions(self, audit):
        return LIST_SEPARATOR.join(region.short_name for region in audit.participating_regions.all())
