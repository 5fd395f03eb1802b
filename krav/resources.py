"""Import and export of requirements (django-import-export), all rows or none."""

from django.utils.translation import gettext as _
from import_export import fields

from base.imports import AllOrNothingResource, line_of
from krav.models import Requirement


class RequirementResource(AllOrNothingResource):
    """Columns: title, kind, level, responsible, and optionally source_library_id and source_url."""

    title = fields.Field(attribute="title", column_name="title")
    kind = fields.Field(attribute="kind", column_name="kind")
    level = fields.Field(attribute="level", column_name="level")
    responsible = fields.Field(attribute="responsible", column_name="responsible")

    header_aliases = {"titel": "title", "typ": "kind", "nivå": "level", "ansvarig": "responsible"}

    class Meta:
        model = Requirement
        fields = ["title", "kind", "level", "responsible", "source_library_id", "source_url"]
        import_id_fields = ["title"]

    def check_dataset(self, dataset) -> list[str]:
        missing = {"title", "kind"} - set(dataset.headers or [])
        if missing:
            return [_("Kolumnerna saknas: %(columns)s.") % {"columns": ", ".join(sorted(missing))}]
        kinds, levels = set(Requirement.Kind.values), set(Requirement.Level.values)
        problems = []
        for index, row in enumerate(dataset.dict):
            line = line_of(index)
            if not str(row.get("title") or "").strip():
                problems.append(_("Rad %(line)d, kolumn title: titeln saknas.") % {"line": line})
            if row.get("kind") not in kinds:
                problems.append(
                    _("Rad %(line)d, kolumn kind: okänd typ ”%(value)s”; giltiga är %(valid)s.")
                    % {"line": line, "value": row.get("kind"), "valid": ", ".join(sorted(kinds))}
                )
            if row.get("level") and row["level"] not in levels:
                problems.append(
                    _("Rad %(line)d, kolumn level: okänd nivå ”%(value)s”.") % {"line": line, "value": row["level"]}
                )
        return problems

    def before_import_row(self, row, **kwargs):
        row["level"] = row.get("level") or Requirement.Level.CORE
        row["responsible"] = row.get("responsible") or ""
