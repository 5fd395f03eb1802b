"""Import and export of the category tree, with a path column such as
"Vårdrelaterad utrustning och förbrukningsvaror > Tandvård"."""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from base.imports import AllOrNothingResource, line_of
from regions.models import ProcurementRegion
from riskanalys.models import PATH_SEPARATOR, Category

LETTER_SEPARATOR = ";"


def split_path(path) -> list[str]:
    return [part.strip() for part in str(path or "").split(PATH_SEPARATOR.strip())]


def join_path(parts) -> str:
    return PATH_SEPARATOR.join(parts)


def tree_by_path() -> dict[str, Category]:
    """Every category by its full path, from one query (the materialised path holds the ancestry)."""
    categories = list(Category.objects.get_tree())
    names, step = {category.path: category.name for category in categories}, Category.steplen
    return {
        join_path(names[category.path[:end]] for end in range(step, len(category.path) + 1, step)): category
        for category in categories
    }


class CategoryResource(AllOrNothingResource):
    """One row per category: its path (parents first), code, description, the letters of the
    responsible procurement regions (A;C) and whether it is active. A parent must exist already
    or stand on an earlier line; an existing path is updated."""

    path = fields.Field(column_name="path", readonly=True)
    code = fields.Field(attribute="code", column_name="code")
    description = fields.Field(attribute="description", column_name="description")
    procurement_regions = fields.Field(
        attribute="procurement_regions",
        column_name="procurement_regions",
        widget=widgets.ManyToManyWidget(ProcurementRegion, field="letter", separator=LETTER_SEPARATOR),
    )
    active = fields.Field(attribute="active", column_name="active", widget=widgets.BooleanWidget())

    header_aliases = {"sökväg": "path", "kategori": "path", "kod": "code", "beskrivning": "description"}

    class Meta:
        model = Category
        fields = ["path", "code", "description", "procurement_regions", "active"]
        import_id_fields = []

    # Checking the whole file first ------------------------------------------------------------

    def check_dataset(self, dataset) -> list[str]:
        if "path" not in (dataset.headers or []):
            return [_("Kolumnen path saknas.")]
        known = set(tree_by_path())
        letters = set(ProcurementRegion.objects.values_list("letter", flat=True))
        problems, seen = [], {}
        for index, row in enumerate(dataset.dict):
            line, parts = line_of(index), split_path(row.get("path"))
            if not all(parts):
                problems.append(_("Rad %(line)d, kolumn path: sökvägen saknas eller har en tom del.") % {"line": line})
                continue
            path, parent = join_path(parts), join_path(parts[:-1])
            if len(parts) > 1 and parent not in known:
                problems.append(
                    _("Rad %(line)d, kolumn path: överordnad kategori ”%(parent)s” finns inte.")
                    % {"line": line, "parent": parent}
                )
            if path in seen:
                problems.append(
                    _("Rad %(line)d: ”%(path)s” finns redan på rad %(other)d.")
                    % {"line": line, "path": path, "other": seen[path]}
                )
            unknown = {part.strip() for part in str(row.get("procurement_regions") or "").split(LETTER_SEPARATOR)}
            unknown -= letters | {""}
            if unknown:
                problems.append(
                    _("Rad %(line)d, kolumn procurement_regions: okänd upphandlingsregion %(letters)s.")
                    % {"line": line, "letters": ", ".join(sorted(unknown))}
                )
            seen[path] = line
            known.add(path)
        return problems

    # Creating nodes in the tree ----------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self._by_path = tree_by_path()

    def get_instance(self, instance_loader, row):
        return self._by_path.get(join_path(split_path(row["path"])))

    def init_instance(self, row=None):
        return Category(name=split_path(row["path"])[-1])

    def do_instance_save(self, instance, is_create):
        if not is_create:
            instance.save()
            return
        parts = split_path(self._current_path)
        parent = self._by_path.get(join_path(parts[:-1])) if len(parts) > 1 else None
        node = (
            Category.objects.add_child(parent, instance=instance)
            if parent
            else Category.objects.add_root(instance=instance)
        )
        self._by_path[join_path(parts)] = node

    def before_save_instance(self, instance, row, **kwargs):
        self._current_path = row["path"]

    # Export -------------------------------------------------------------------------------------

    def before_export(self, queryset, **kwargs):
        self._paths = {category.pk: path for path, category in tree_by_path().items()}

    def dehydrate_path(self, category):
        return self._paths[category.pk]

    def get_export_queryset(self, request=None, **kwargs):
        return Category.objects.get_tree().prefetch_related("procurement_regions")
