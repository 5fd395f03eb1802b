"""The lookups contracts and audits share: procurement regions, suppliers, categories, regions and
requirement versions, each read once per file; and how they are written in an export."""

from django.utils.translation import gettext as _

from krav.models import RequirementVersion
from regions.models import ProcurementRegion
from regions.resources import RegionWidget
from revisioner.resources.cells import cell, listed
from revisioner.resources.matching import SupplierIndex, unknown_supplier
from riskanalys.resources import join_path, split_path, tree_by_path

# Shared lookups of contracts and audits --------------------------------------------------------


class References:
    """The file's references to procurement regions, regions, suppliers, categories and
    requirement versions, each read once."""

    def __init__(self, *, versions=False):
        self.letters = {pr.letter: pr for pr in ProcurementRegion.objects.all()}
        self.regions = RegionWidget()
        self.suppliers = SupplierIndex()
        tree = tree_by_path()
        self.categories = {path.lower(): category for path, category in tree.items()}
        self.categories.update({str(category.pk): category for category in tree.values()})
        self.versions = {}
        if versions:
            frozen = RequirementVersion.objects.select_related("requirement").exclude(
                status__in=[RequirementVersion.Status.PROPOSAL, RequirementVersion.Status.CONSULTATION]
            )
            for version in frozen:
                self.versions[str(version).lower()] = version
                self.versions[str(version.pk)] = version

    def procurement_region(self, row, line, problems, resource):
        letter = cell(row.get("procurement_region")).upper()
        found = self.letters.get(letter)
        if not letter:
            problems.add(line, "procurement_region", _("upphandlingsregion saknas."))
        elif found is None:
            problems.add(line, "procurement_region", _("okänd upphandlingsregion ”%(value)s”.") % {"value": letter})
        elif not resource.may_lead(found):
            problems.add(
                line,
                "procurement_region",
                _("du är inte samordnare i upphandlingsregion %(letter)s.") % {"letter": letter},
            )
        return found

    def supplier(self, row, line, problems, *, by_name=False):
        text = cell(row.get("supplier"))
        found = self.suppliers.identify(text, by_name=by_name)
        if not text:
            problems.add(line, "supplier", _("leverantör saknas."))
        elif found is None:
            problems.add(line, "supplier", unknown_supplier(text))
        return found

    def category(self, row, line, problems):
        text = cell(row.get("category"))
        found = self.categories.get(join_path(split_path(text)).lower())
        if not text:
            problems.add(line, "category", _("inköpskategori saknas."))
        elif found is None:
            problems.add(line, "category", _("okänd inköpskategori ”%(value)s”.") % {"value": text})
        return found

    def region_list(self, row, column, line, problems, *, required):
        found, unknown = [], []
        for part in listed(row.get(column)):
            region = self.regions.find(part)
            (found if region else unknown).append(region or part)
        if unknown:
            problems.add(line, column, _("okänd region ”%(value)s”.") % {"value": "; ".join(unknown)})
        elif required and not found:
            problems.add(line, column, _("ange minst en region (kortnamn eller länskod)."))
        return found

    def version_list(self, row, line, problems):
        found, unknown = [], []
        for part in listed(row.get("requirement_versions")):
            version = self.versions.get(part.lower())
            (found if version else unknown).append(version or part)
        if unknown:
            problems.add(
                line,
                "requirement_versions",
                _("okänd eller inte antagen kravversion ”%(value)s” (skriv t.ex. ”Handskar v2”).")
                % {"value": "; ".join(unknown)},
            )
        return found


def row_id(row, line, problems, seen) -> int | None:
    text = cell(row.get("id"))
    if not text:
        return None
    if not text.isdigit():
        problems.add(line, "id", _("”%(value)s” är inget id.") % {"value": text})
        return None
    if int(text) in seen:
        problems.add(line, "id", _("id %(id)s finns redan på rad %(other)d.") % {"id": text, "other": seen[int(text)]})
    seen.setdefault(int(text), line)
    return int(text)


def in_chunks(values, size=500):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


class ExportsReferences:
    """Exports a contract's or audit's references the way the import reads them back."""

    def before_export(self, queryset, **kwargs):
        self._paths = {category.pk: path for path, category in tree_by_path().items()}

    def dehydrate_category(self, row):
        return self._paths.get(row.category_id, "")

    def dehydrate_supplier(self, row):
        return row.supplier.identifier

    def dehydrate_procurement_region(self, row):
        return row.procurement_region.letter
