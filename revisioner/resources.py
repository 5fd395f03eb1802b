"""Import and export of suppliers, contracts and historical audits (django-import-export).

The same classes serve the browser's import page, ``manage.py import`` and ``manage.py export``.
An import is all or nothing (``base.imports``): ``check_dataset`` reads the whole file once,
resolves every reference with lookups cached for the file, and keeps each row's clean values;
only a file without problems is written, from those values. A resource takes the importing
``user`` (None when the system imports, as ``manage.py import`` does): a coordinator writes
contracts and audits of the procurement regions they coordinate only.

Every exported cell passes ``safe_cell``, so no spreadsheet program runs it as a formula (the
library's own escaping only drops a leading "="); a cell exported that way reads back as it was.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from import_export import fields, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from base.exports import FORMULA_PREFIXES
from base.history import record_acting_user
from base.imports import AllOrNothingResource, line_of
from krav.models import RequirementVersion
from regions.access import Visibility
from regions.models import ProcurementRegion
from regions.resources import RegionWidget
from revisioner import access
from revisioner.identifiers import normalise_name, normalise_org_number
from revisioner.models import SWEDEN, Audit, Contract, Supplier, SupplierAlias
from revisioner.services import record_uptake
from riskanalys.resources import join_path, split_path, tree_by_path

LIST_SEPARATOR = ";"
YES = {"ja", "j", "yes", "y", "1", "true", "sant", "x"}
YEARS = range(1990, 2101)


# Reading cells ---------------------------------------------------------------------------------


def cell(value) -> str:
    """A cell as text: numbers from a spreadsheet without ".0", and a cell this app exported with
    a protective apostrophe ("'=…") as it was."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def listed(value) -> list[str]:
    """``"A; B;"`` as ``["A", "B"]``."""
    return [part.strip() for part in cell(value).split(LIST_SEPARATOR) if part.strip()]


def to_date(value) -> datetime.date | None:
    """An ISO date (2024-03-01) or a spreadsheet date; ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell(value)
    return datetime.date.fromisoformat(text[:10]) if text else None


def to_whole_number(value) -> int | None:
    """A whole number of 0 or more ("1 200 000" too); ValueError otherwise."""
    text = cell(value).replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


class Problems(list):
    """The problems of a file, each naming the spreadsheet line and, where there is one, the column."""

    def add(self, line: int, column: str, message: str) -> None:
        self.append(
            _("Rad %(line)d, kolumn %(column)s: %(message)s") % {"line": line, "column": column, "message": message}
        )

    def add_to_row(self, line: int, message: str) -> None:
        self.append(_("Rad %(line)d: %(message)s") % {"line": line, "message": message})


# Finding suppliers -----------------------------------------------------------------------------

FOREIGN_IDENTIFIER = re.compile(r"([A-Za-z]{2})[\s:]+(\S.*)")


def identifier_keys(text: str) -> list[tuple]:
    """The keys a supplier may be known by from how a file names it: an organisation number
    (556677-8899), a country and identifier as shown on the pages ("DE DE123456789"), or a bare
    foreign identifier."""
    text = cell(text)
    if not text:
        return []
    try:
        return [("org", normalise_org_number(text))]
    except ValidationError:
        pass
    keys = []
    foreign = FOREIGN_IDENTIFIER.fullmatch(text)
    if foreign:
        keys.append(("foreign", foreign.group(1).upper(), foreign.group(2).strip().lower()))
    return [*keys, ("bare", text.lower())]


def supplier_keys(country: str, org_number: str, foreign_identifier: str) -> list[tuple]:
    keys = [("org", org_number)] if org_number else []
    if foreign_identifier:
        keys += [("foreign", country, foreign_identifier.lower()), ("bare", foreign_identifier.lower())]
    return keys


class SupplierIndex:
    """Every supplier by identifier and by name, read once for a file (two queries)."""

    def __init__(self):
        self.by_key: dict[tuple, set[int]] = {}
        self.by_normalised_name: dict[str, set[int]] = {}
        self.by_exact_name: dict[str, set[int]] = {}
        self.described: dict[int, tuple[str, str]] = {}  # pk -> (name, identifier)
        rows = Supplier.objects.values_list(
            "pk", "name", "normalised_name", "country", "org_number", "foreign_identifier"
        )
        for pk, name, normalised, country, org_number, foreign_identifier in rows.iterator(chunk_size=5000):
            for key in supplier_keys(country, org_number, foreign_identifier):
                self.by_key.setdefault(key, set()).add(pk)
            self._add_name(pk, name, normalised)
            identifier = org_number if country == SWEDEN else f"{country} {foreign_identifier}"
            self.described[pk] = (name, identifier)
        for pk, name, normalised in SupplierAlias.objects.values_list("supplier_id", "name", "normalised_name"):
            self._add_name(pk, name, normalised)

    def _add_name(self, pk, name, normalised):
        if normalised:
            self.by_normalised_name.setdefault(normalised, set()).add(pk)
        self.by_exact_name.setdefault(name.strip().lower(), set()).add(pk)

    def identify(self, text, *, by_name=False) -> int | None:
        """The one supplier ``text`` names (an identifier, or with ``by_name`` an exact name or
        alias); None when none or several match."""
        for key in identifier_keys(text):
            found = self.by_key.get(key, set())
            if len(found) == 1:
                return next(iter(found))
        if by_name:
            found = self.by_exact_name.get(cell(text).lower(), set())
            if len(found) == 1:
                return next(iter(found))
        return None

    def similar(self, normalised: str) -> set[int]:
        return self.by_normalised_name.get(normalised, set()) if normalised else set()


def unknown_supplier(text) -> str:
    return _(
        "okänd leverantör ”%(value)s”; ange organisationsnummer, eller land och identitet som ”DE DE123456789”."
    ) % {"value": text}


# The shared base -------------------------------------------------------------------------------


class RevisionerResource(AllOrNothingResource):
    """Checks the whole file into ``self._clean`` (one dict per row), then writes from it."""

    required_columns: frozenset[str] = frozenset()
    example: list[dict] = []  # rows of the example file offered on the import page

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._clean: list[dict] = []
        self._current: dict = {}

    # Who may do what

    def scoped(self, queryset):
        """Rows of a scoped model as the importing user sees them; all of them for the system."""
        return queryset.unscoped() if self.user is None else queryset.visible_to(self.user)

    def may_lead(self, procurement_region) -> bool:
        return self.user is None or access.can_write_for(self.user, procurement_region)

    # Checking

    def normalise_headers(self, dataset):
        if dataset.headers:
            dataset.headers = [str(header or "").lstrip("\ufeff") for header in dataset.headers]
        super().normalise_headers(dataset)

    def check_dataset(self, dataset) -> list[str]:
        headers = set(dataset.headers or [])
        missing = self.required_columns - headers
        if missing:
            return [_("Kolumnerna saknas: %(columns)s.") % {"columns": ", ".join(sorted(missing))}]
        while len(dataset) and not any(cell(value) for value in dataset[-1]):
            del dataset[-1]  # spreadsheets often end in empty rows
        if not len(dataset):
            return [_("Filen har inga rader.")]
        problems = Problems()
        self._clean = self.check_rows(dataset.dict, headers, problems)
        return problems

    def check_rows(self, rows, headers, problems) -> list[dict]:
        raise NotImplementedError

    @staticmethod
    def text(row, column, line, problems, *, max_length, required=False, label=""):
        value = cell(row.get(column))
        if required and not value:
            problems.add(line, column, _("%(what)s saknas.") % {"what": label})
        elif len(value) > max_length:
            problems.add(line, column, _("högst %(count)d tecken.") % {"count": max_length})
        return value

    @staticmethod
    def date(row, column, line, problems, *, required=False):
        try:
            value = to_date(row.get(column))
        except (TypeError, ValueError):
            problems.add(line, column, _("”%(value)s” är inget datum (ÅÅÅÅ-MM-DD).") % {"value": cell(row[column])})
            return None
        if required and value is None:
            problems.add(line, column, _("datum saknas."))
        return value

    # Writing: the row's clean values replace the widgets' reading of the cells

    def before_import_row(self, row, **kwargs):
        self._current = self._clean[kwargs["row_number"] - 1]

    def import_instance(self, instance, row, **kwargs):
        for attribute, value in self._current["fields"].items():
            setattr(instance, attribute, value)

    def before_save_instance(self, instance, row, **kwargs):
        record_acting_user(instance, self.user)

    # Export

    @classmethod
    def example_columns(cls) -> list[str]:
        return [field.column_name for field in cls.fields.values()]


# Suppliers -------------------------------------------------------------------------------------


class SupplierResource(RevisionerResource):
    """Columns: name, org_number (Swedish suppliers), country (default SE), foreign_identifier
    (foreign suppliers), aliases ("A;B"), parent (the parent company's organisation number or
    identifier) and similar_name_ok.

    A row with the organisation number, or the country and identifier, of a known supplier updates
    it; columns the file lacks are left as they are. A name that is the same as another
    supplier's once case, accents and legal forms are set aside is refused as a likely duplicate,
    unless the row says "ja" in similar_name_ok. Written in bulk: 50 000 rows take seconds."""

    name = fields.Field(attribute="name", column_name="name")
    org_number = fields.Field(attribute="org_number", column_name="org_number")
    country = fields.Field(attribute="country", column_name="country")
    foreign_identifier = fields.Field(attribute="foreign_identifier", column_name="foreign_identifier")
    aliases = fields.Field(column_name="aliases", readonly=True)
    parent = fields.Field(column_name="parent", readonly=True)

    header_aliases = {
        "namn": "name",
        "leverantör": "name",
        "organisationsnummer": "org_number",
        "orgnr": "org_number",
        "land": "country",
        "identitet": "foreign_identifier",
        "momsregistreringsnummer": "foreign_identifier",
        "alternativa namn": "aliases",
        "moderbolag": "parent",
        "annat företag": "similar_name_ok",
    }
    required_columns = frozenset({"name"})
    example = [
        {"name": "Abcur AB", "org_number": "556677-8899", "country": "SE", "aliases": "Abcur"},
        {"name": "Medline GmbH", "country": "DE", "foreign_identifier": "DE123456789", "parent": ""},
    ]
    SAVED_FIELDS = ["name", "normalised_name", "country", "org_number", "foreign_identifier"]

    class Meta:
        model = Supplier
        fields = ["name", "org_number", "country", "foreign_identifier", "aliases", "parent"]
        import_id_fields = []
        use_bulk = True
        batch_size = 2000
        skip_diff = True
        chunk_size = 2000

    # Checking the whole file

    def check_rows(self, rows, headers, problems):
        if not headers & {"org_number", "foreign_identifier"}:
            problems.append(_("Kolumnen org_number eller foreign_identifier behövs."))
            return []
        index = SupplierIndex()
        clean, in_file, names_in_file = [], {}, {}
        for position, row in enumerate(rows):
            line = line_of(position)
            values = self._check_identity(row, headers, line, problems, index)
            keys = supplier_keys(values["country"], values["org_number"], values["foreign_identifier"])
            identity = [key for key in keys if key[0] != "bare"]  # a bare identifier may recur in two countries
            repeated = next((in_file[key] for key in identity if key in in_file), None)
            if repeated is not None:
                problems.add_to_row(
                    line,
                    _("%(identifier)s finns redan på rad %(other)d.")
                    % {"identifier": self._shown(values), "other": line_of(repeated)},
                )
            for key in keys:
                in_file.setdefault(key, position)
            normalised = normalise_name(values["name"])
            if not self._yes(row.get("similar_name_ok")):
                self._check_similar(normalised, values, identity[:1], line, problems, index, names_in_file)
            names_in_file.setdefault(normalised, (position, identity[:1], values["name"]))
            fields_to_set = {"name": values["name"], "normalised_name": normalised}
            for column in ("country", "org_number", "foreign_identifier"):
                if column in headers or values["existing"] is None:
                    fields_to_set[column] = values[column]
            aliases = listed(row.get("aliases"))
            for alias in aliases:
                if len(alias) > 200:
                    problems.add(line, "aliases", _("ett namn har högst 200 tecken."))
            clean.append(
                {"existing": values["existing"], "fields": fields_to_set, "aliases": aliases, "position": position}
            )
        if "parent" in headers:
            self._check_parents(rows, clean, in_file, problems, index)
        return clean

    def _check_identity(self, row, headers, line, problems, index):
        name = self.text(row, "name", line, problems, max_length=200, required=True, label=_("namnet"))
        country = cell(row.get("country")).upper() or SWEDEN
        if not re.fullmatch(r"[A-Z]{2}", country):
            problems.add(
                line, "country", _("”%(value)s” är ingen landskod (två bokstäver, t.ex. SE).") % {"value": country}
            )
        org_number = cell(row.get("org_number"))
        if org_number:
            try:
                org_number = normalise_org_number(org_number)
            except ValidationError as error:
                problems.add(line, "org_number", error.messages[0])
        foreign_identifier = self.text(row, "foreign_identifier", line, problems, max_length=40)
        if country == SWEDEN and not org_number:
            problems.add(line, "org_number", _("en svensk leverantör behöver organisationsnummer."))
        if country != SWEDEN and not foreign_identifier:
            problems.add(
                line,
                "foreign_identifier",
                _("en utländsk leverantör behöver momsregistreringsnummer eller annan identitet."),
            )
        by_org = index.by_key.get(("org", org_number), set()) if org_number else set()
        by_foreign = (
            index.by_key.get(("foreign", country, foreign_identifier.lower()), set()) if foreign_identifier else set()
        )
        if by_org and by_foreign and by_org != by_foreign:
            name_of = index.described[next(iter(by_foreign))][0]
            problems.add(
                line,
                "foreign_identifier",
                _("identiteten hör redan till en annan leverantör: %(name)s.") % {"name": name_of},
            )
        existing = next(iter(by_org or by_foreign), None)
        return {
            "name": name,
            "country": country,
            "org_number": org_number,
            "foreign_identifier": foreign_identifier,
            "existing": existing,
        }

    def _check_similar(self, normalised, values, identity, line, problems, index, names_in_file):
        """The duplicate warning: the same name once case, accents and legal forms are set aside."""
        advice = _("Är det ett annat företag, skriv ja i kolumnen similar_name_ok.")
        others = index.similar(normalised) - {values["existing"]}
        if others:
            name, identifier = index.described[min(others)]
            problems.add(
                line,
                "name",
                _("en leverantör med nästan samma namn finns redan: %(name)s (%(identifier)s).")
                % {"name": name, "identifier": identifier}
                + " "
                + advice,
            )
        earlier = names_in_file.get(normalised) if normalised else None
        if earlier and earlier[1] != identity:
            problems.add(
                line,
                "name",
                _("nästan samma namn som %(name)s på rad %(other)d.")
                % {"name": earlier[2], "other": line_of(earlier[0])}
                + " "
                + advice,
            )

    def _check_parents(self, rows, clean, in_file, problems, index):
        """A parent is a supplier already known or one on any line of the file."""
        for position, (row, values) in enumerate(zip(rows, clean, strict=True)):
            text = cell(row.get("parent"))
            values["parent"] = None
            if not text:
                continue
            line = line_of(position)
            in_this_file = next((in_file[key] for key in identifier_keys(text) if key in in_file), None)
            known = index.identify(text)
            if in_this_file is not None:
                values["parent"] = ("row", in_this_file)
            elif known is not None:
                values["parent"] = ("supplier", known)
            else:
                problems.add(line, "parent", _("okänt moderbolag ”%(value)s”.") % {"value": text})
                continue
            if in_this_file == position or (values["existing"] and known == values["existing"]):
                problems.add(line, "parent", _("en leverantör kan inte vara sitt eget moderbolag."))

    @staticmethod
    def _yes(value) -> bool:
        return cell(value).lower() in YES

    @staticmethod
    def _shown(values) -> str:
        if values["org_number"]:
            return values["org_number"]
        return f"{values['country']} {values['foreign_identifier']}"

    # Writing in bulk

    def before_import(self, dataset, **kwargs):
        existing = [values["existing"] for values in self._clean if values["existing"]]
        self._instances = Supplier.objects.in_bulk(existing)
        self._written = []

    def get_instance(self, instance_loader, row):
        return self._instances.get(self._current["existing"])

    def init_instance(self, row=None):
        return Supplier()

    def after_save_instance(self, instance, row, **kwargs):
        self._written.append((instance, self._current))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                with transaction.atomic():
                    bulk_create_with_history(
                        self.create_instances, Supplier, batch_size=self._meta.batch_size, default_user=self.user
                    )
            except Exception as error:  # reported as the file's problem, the transaction rolled back
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                with transaction.atomic():
                    bulk_update_with_history(
                        self.update_instances,
                        Supplier,
                        self.SAVED_FIELDS,
                        batch_size=self._meta.batch_size,
                        default_user=self.user,
                    )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._is_dry_run(kwargs) or result.has_errors():
            return
        # Aliases and parents need the suppliers' ids, known once every batch is written.
        SupplierAlias.objects.bulk_create(
            [
                SupplierAlias(supplier_id=instance.pk, name=alias, normalised_name=normalise_name(alias))
                for instance, values in self._written
                for alias in values["aliases"]
            ],
            batch_size=self._meta.batch_size,
            ignore_conflicts=True,
        )
        pk_by_position = {values["position"]: instance.pk for instance, values in self._written}
        changed = []
        for instance, values in self._written:
            if "parent" not in values:
                continue
            kind, target = values["parent"] or (None, None)
            parent_id = pk_by_position[target] if kind == "row" else target
            if instance.parent_id != parent_id:
                instance.parent_id = parent_id
                changed.append(instance)
        Supplier.objects.bulk_update(changed, ["parent"], batch_size=self._meta.batch_size)

    # Export

    def get_queryset(self):
        return Supplier.objects.select_related("parent").prefetch_related("aliases").order_by("name", "pk")

    def dehydrate_aliases(self, supplier):
        return LIST_SEPARATOR.join(alias.name for alias in supplier.aliases.all())

    def dehydrate_parent(self, supplier):
        return supplier.parent.identifier if supplier.parent_id else ""


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


# Contracts -------------------------------------------------------------------------------------


class ContractResource(ExportsReferences, RevisionerResource):
    """Columns: id (to change a contract), procurement_region (letter), regions (short names or
    county codes, "Kalmar;Blekinge"), supplier (organisation number or identifier), category (its
    path, "Vårdrelaterad utrustning och förbrukningsvaror > Handskar", or id), reference, title,
    starts_on, ends_on, yearly_value and requirement_versions ("Handskar v2;Tillbörlig aktsamhet v1").

    Without an id, a contract with the same reference in the procurement region is updated. The
    requirement versions of an imported contract count as used by its regions (krav's uptake),
    as when the contract is saved in the browser."""

    id = fields.Field(attribute="id", column_name="id", widget=widgets.IntegerWidget(coerce_to_string=False))
    procurement_region = fields.Field(column_name="procurement_region", readonly=True)
    regions = fields.Field(column_name="regions", readonly=True)
    supplier = fields.Field(column_name="supplier", readonly=True)
    category = fields.Field(column_name="category", readonly=True)
    reference = fields.Field(attribute="reference", column_name="reference")
    title = fields.Field(attribute="title", column_name="title")
    starts_on = fields.Field(
        attribute="starts_on", column_name="starts_on", widget=widgets.DateWidget(coerce_to_string=False)
    )
    ends_on = fields.Field(
        attribute="ends_on", column_name="ends_on", widget=widgets.DateWidget(coerce_to_string=False)
    )
    yearly_value = fields.Field(
        attribute="yearly_value", column_name="yearly_value", widget=widgets.IntegerWidget(coerce_to_string=False)
    )
    requirement_versions = fields.Field(column_name="requirement_versions", readonly=True)

    header_aliases = {
        "upphandlingsregion": "procurement_region",
        "regioner": "regions",
        "leverantör": "supplier",
        "kategori": "category",
        "inköpskategori": "category",
        "avtalsnummer": "reference",
        "benämning": "title",
        "gäller från": "starts_on",
        "gäller till och med": "ends_on",
        "årligt värde": "yearly_value",
        "krav": "requirement_versions",
    }
    required_columns = frozenset({"procurement_region", "regions", "supplier", "category", "reference", "starts_on"})
    example = [
        {
            "procurement_region": "A",
            "regions": "Stockholm;Gotland",
            "supplier": "556677-8899",
            "category": "Vårdrelaterad utrustning och förbrukningsvaror > Handskar",
            "reference": "RS-2024-0117",
            "title": "Undersökningshandskar",
            "starts_on": "2024-04-01",
            "ends_on": "2027-03-31",
            "yearly_value": "12500000",
        }
    ]

    class Meta:
        model = Contract
        fields = [
            "id",
            "procurement_region",
            "regions",
            "supplier",
            "category",
            "reference",
            "title",
            "starts_on",
            "ends_on",
            "yearly_value",
            "requirement_versions",
        ]
        import_id_fields = []
        skip_diff = True
        chunk_size = 2000

    # Checking the whole file

    def check_rows(self, rows, headers, problems):
        references = References(versions="requirement_versions" in headers)
        known = self._known_contracts(rows)
        clean, ids, in_file = [], {}, {}
        for position, row in enumerate(rows):
            line = line_of(position)
            procurement_region = references.procurement_region(row, line, problems, self)
            contract_id = row_id(row, line, problems, ids)
            reference = self.text(
                row, "reference", line, problems, max_length=60, required=True, label=_("avtalsnumret")
            )
            existing = self._existing(contract_id, procurement_region, reference, known, line, problems)
            if procurement_region and reference:
                key = (procurement_region.pk, reference)
                if key in in_file:
                    problems.add(
                        line,
                        "reference",
                        _("avtal %(reference)s finns redan på rad %(other)d.")
                        % {"reference": reference, "other": in_file[key]},
                    )
                in_file.setdefault(key, line)
            starts_on = self.date(row, "starts_on", line, problems, required=True)
            ends_on = self.date(row, "ends_on", line, problems)
            if starts_on and ends_on and ends_on < starts_on:
                problems.add(line, "ends_on", _("avtalet slutar innan det börjar."))
            values = {
                "procurement_region": procurement_region,
                "supplier_id": references.supplier(row, line, problems),
                "category": references.category(row, line, problems),
                "reference": reference,
                "starts_on": starts_on,
            }
            if "title" in headers:
                values["title"] = self.text(row, "title", line, problems, max_length=200)
            if "ends_on" in headers:
                values["ends_on"] = ends_on
            if "yearly_value" in headers:
                try:
                    values["yearly_value"] = to_whole_number(row.get("yearly_value"))
                except ValueError:
                    problems.add(
                        line,
                        "yearly_value",
                        _("”%(value)s” är inget belopp i kronor (ett heltal).") % {"value": cell(row["yearly_value"])},
                    )
            clean.append(
                {
                    "existing": existing,
                    "fields": values,
                    "regions": references.region_list(row, "regions", line, problems, required=True),
                    "versions": (
                        references.version_list(row, line, problems) if "requirement_versions" in headers else None
                    ),
                    "line": line,
                }
            )
        return clean

    def _known_contracts(self, rows) -> dict:
        """The contracts the file names by id, and those it may name by reference."""
        ids = {int(text) for text in (cell(row.get("id")) for row in rows) if text.isdigit()}
        refs = {cell(row.get("reference")) for row in rows} - {""}
        known = {"by_id": {}, "by_reference": {}}
        columns = ("pk", "procurement_region_id", "procurement_region__letter", "reference")
        for chunk in in_chunks(ids):
            for pk, pr_id, letter, reference in (
                self.scoped(Contract.objects).filter(pk__in=chunk).values_list(*columns)
            ):
                known["by_id"][pk] = (pr_id, letter, reference)
        for chunk in in_chunks(refs):
            for pk, pr_id, _letter, reference in (
                self.scoped(Contract.objects).filter(reference__in=chunk).values_list(*columns)
            ):
                known["by_reference"][(pr_id, reference)] = pk
        return known

    @staticmethod
    def _existing(contract_id, procurement_region, reference, known, line, problems):
        by_reference = known["by_reference"].get((procurement_region.pk, reference)) if procurement_region else None
        if contract_id is None:
            return by_reference
        if contract_id not in known["by_id"]:
            problems.add(line, "id", _("okänt avtal %(id)d.") % {"id": contract_id})
            return None
        owner_id, letter, _reference = known["by_id"][contract_id]
        if procurement_region and owner_id != procurement_region.pk:
            problems.add(
                line,
                "id",
                _("avtal %(id)d hör till upphandlingsregion %(other)s, inte %(letter)s.")
                % {"id": contract_id, "other": letter, "letter": procurement_region.letter},
            )
        elif by_reference and by_reference != contract_id:
            problems.add(
                line,
                "reference",
                _("avtalsnummer %(reference)s har redan avtal %(id)d.") % {"reference": reference, "id": by_reference},
            )
        return contract_id

    # Writing row by row, with the suppliers read once

    def before_import(self, dataset, **kwargs):
        existing = [values["existing"] for values in self._clean if values["existing"]]
        self._instances = (
            Contract.objects.unscoped() if self.user is None else Contract.objects.editable_by(self.user)
        ).in_bulk(existing)
        self._suppliers = Supplier.objects.in_bulk({values["fields"]["supplier_id"] for values in self._clean})
        self._written = []

    def get_instance(self, instance_loader, row):
        return self._instances.get(self._current["existing"])

    def init_instance(self, row=None):
        return Contract()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.supplier = self._suppliers[instance.supplier_id]

    def save_m2m(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        instance.regions.set(self._current["regions"])
        if self._current["versions"] is not None:
            instance.requirement_versions.set(self._current["versions"])
            self._written.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._is_dry_run(kwargs) or result.has_errors():
            return
        for contract in self._written:
            record_uptake(contract, self.user)

    # Export

    def get_queryset(self):
        return (
            self.scoped(Contract.objects)
            .select_related("procurement_region", "supplier")
            .prefetch_related("regions", "requirement_versions__requirement")
        )

    def dehydrate_regions(self, contract):
        return LIST_SEPARATOR.join(region.short_name for region in contract.regions.all())

    def dehydrate_requirement_versions(self, contract):
        return LIST_SEPARATOR.join(str(version) for version in contract.requirement_versions.all())


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


RESOURCES = {"suppliers": SupplierResource, "contracts": ContractResource, "audits": AuditResource}
