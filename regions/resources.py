"""Imports and exports of regions' data (django-import-export)."""

import re

from django.utils.translation import gettext as _
from import_export import fields, widgets

from base.history import record_acting_user
from base.imports import AllOrNothingResource, line_of
from regions.models import Population, Region

YEARS = range(1900, 2200)


class RegionWidget(widgets.ForeignKeyWidget):
    """A region named by its county code ("01", or SCB's "01 Stockholms län") or its name."""

    def __init__(self):
        super().__init__(Region)
        self._lookup = None

    def lookup(self):
        if self._lookup is None:
            self._lookup = {}
            for region in Region.objects.all():
                for key in (region.county_code, region.name, region.short_name):
                    self._lookup[key.lower()] = region
        return self._lookup

    def find(self, value) -> Region | None:
        text = str(value or "").strip()
        code = re.match(r"^(\d{1,2})\b", text)
        if code:
            return self.lookup().get(code.group(1).zfill(2))
        return self.lookup().get(text.lower())

    def clean(self, value, row=None, **kwargs):
        return self.find(value)

    def render(self, value, obj=None, **kwargs):
        return value.county_code if value else ""


def _whole_number(value):
    text = str(value if value is not None else "").replace("\u00a0", "").replace(" ", "").strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return int(text) if re.fullmatch(r"-?\d+", text) else None


class PopulationResource(AllOrNothingResource):
    """Population per region and year, in the shape of SCB's yearly table.

    Columns: ``region`` (county code or region name), ``year``, ``population`` and an
    optional ``source``. Each year in the file must cover all 21 regions.
    """

    region = fields.Field(attribute="region", column_name="region", widget=RegionWidget())
    year = fields.Field(attribute="year", column_name="year", widget=widgets.IntegerWidget())
    inhabitants = fields.Field(attribute="inhabitants", column_name="population", widget=widgets.IntegerWidget())
    source = fields.Field(attribute="source", column_name="source")

    header_aliases = {
        "county_code": "region",
        "län": "region",
        "länskod": "region",
        "år": "year",
        "folkmängd": "population",
        "befolkning": "population",
        "inhabitants": "population",
        "invånare": "population",
        "källa": "source",
    }

    class Meta:
        model = Population
        import_id_fields = ["region", "year"]
        fields = ["region", "year", "inhabitants", "source"]
        skip_unchanged = True
        report_skipped = False

    def before_import_row(self, row, **kwargs):
        row["source"] = row.get("source") or _("SCB, folkmängd per län")

    def before_save_instance(self, instance, row, **kwargs):
        # The change history names who imported the file (ekonomi.services), also outside a request.
        if kwargs.get("acting_user") is not None:
            record_acting_user(instance, kwargs["acting_user"])
        super().before_save_instance(instance, row, **kwargs)

    def check_dataset(self, dataset) -> list[str]:
        missing_columns = {"region", "year", "population"} - set(dataset.headers or [])
        if missing_columns:
            return [_("Kolumnerna saknas: %(columns)s.") % {"columns": ", ".join(sorted(missing_columns))}]
        problems, seen = [], {}
        regions = self.fields["region"].widget
        for index, row in enumerate(dataset.dict):
            line = line_of(index)
            region, year, population = (
                regions.find(row["region"]),
                _whole_number(row["year"]),
                _whole_number(row["population"]),
            )
            if not str(row["region"] or "").strip():
                problems.append(_("Rad %(line)d, kolumn region: regionen saknas.") % {"line": line})
            elif region is None:
                problems.append(
                    _("Rad %(line)d, kolumn region: okänd region eller länskod ”%(value)s”.")
                    % {"line": line, "value": row["region"]}
                )
            if year is None or year not in YEARS:
                problems.append(
                    _("Rad %(line)d, kolumn year: ”%(value)s” är inget årtal.") % {"line": line, "value": row["year"]}
                )
            if population is None or population < 0:
                problems.append(
                    _("Rad %(line)d, kolumn population: ”%(value)s” är inget antal invånare (ett heltal, 0 eller mer).")
                    % {"line": line, "value": row["population"]}
                )
            if region and year in YEARS:
                if (region, year) in seen:
                    problems.append(
                        _("Rad %(line)d: %(region)s %(year)d finns redan på rad %(other)d.")
                        % {"line": line, "region": region.short_name, "year": year, "other": seen[(region, year)]}
                    )
                seen[(region, year)] = line
        if not problems:
            problems += self._check_every_region(seen)
        return problems

    @staticmethod
    def _check_every_region(seen) -> list[str]:
        problems = []
        all_regions = set(Region.objects.all())
        for year in sorted({year for _region, year in seen}):
            missing = all_regions - {region for region, row_year in seen if row_year == year}
            if missing:
                names = ", ".join(sorted(region.short_name for region in missing))
                problems.append(
                    _("År %(year)d: alla 21 regioner krävs, men %(names)s saknas.") % {"year": year, "names": names}
                )
        return problems
