"""The shared base of the imports: who may do what, checking a file as a whole, writing it."""

from django.utils.translation import gettext as _

from base.forms import bump
from base.history import record_acting_user
from base.imports import AllOrNothingResource
from revisioner import access
from revisioner.resources.cells import Problems, cell, to_date

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
        if instance.pk is not None and hasattr(instance, "version"):
            bump(instance)  # a form opened before the import does not overwrite what it changed

    # Export

    @classmethod
    def example_columns(cls) -> list[str]:
        return [field.column_name for field in cls.fields.values()]
