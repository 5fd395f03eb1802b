"""Lists that people filter, sort, page through and download.

A ``FilteredListView`` names a django-filter ``FilterSet`` (its form is the filter bar), the
columns people may sort by, and the columns of the download. The download carries every row
the filter matched, not only the page, as CSV or XLSX that opens right in Swedish Excel (base.exports).

A page is found on ids first: the page's ids are selected in the list's order (on an index, without
the joins and counts of the rows), then only those rows are fetched with their relations and counts.
A deep page then costs about what the first does. The CSV download is streamed as it is read.

A list that names a ``rows_template_name`` renders its rows (the filter bar, the count, the table and
the pages) in that template once per query, reader, language and day, and keeps them until a record
changes (``base.cache.cached_figures``); the page around them, with the buttons of the reader's
rights and the messages, is rendered for every request.
"""

import hashlib
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.views.generic import ListView

from base.cache import cached_figures, reader_of
from base.exports import EXPORT_CHUNK_ROWS, Column, as_column, cells, download, iter_csv, to_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FilteredListView(ListView):
    filterset_class = None
    paginate_by = 25
    # sort key in the URL -> (label, ordering); the first is the default
    sorts: dict[str, tuple[str, list[str]]] = {}
    # the columns of the download: base.exports.Column (or (heading, function of a row) pairs)
    export_columns: list[Column] = []
    export_name = "lista"
    # what the download holds, in the download links' names ("CSV – revisioner")
    export_label = gettext_lazy("listans rader")
    # The template of the rows, kept in the cache (see the module's text); None renders them each time.
    rows_template_name: str | None = None

    def base_queryset(self):
        raise NotImplementedError

    def default_filters(self) -> dict:
        """The filter a list opens with when the URL names none of its filters (say open rows of
        this year); choosing "Alla" sends the filter's key empty, which shows everything."""
        return {}

    def query(self):
        """The request's query with the list's default filters when it names none of them: the page's
        links (pages, sorting, the download) carry it on, so the filter stays in the URL."""
        if getattr(self, "_query", None) is None:
            query = self.request.GET.copy()
            defaults = self.default_filters()
            names = set(self.filterset_class.base_filters) if self.filterset_class else set()
            if defaults and "format" not in query and not names & set(query):
                for key, value in defaults.items():
                    query[key] = str(value)
            self._query = query
        return self._query

    def get_queryset(self):
        self.filterset = self.filterset_class(self.query() or None, queryset=self.base_queryset(), request=self.request)
        rows = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else self.filterset.queryset
        return rows.order_by(*self.sorts[self.sort_key()][1]) if self.sorts else rows

    def sort_key(self) -> str:
        key = self.query().get("sort", "")
        return key if key in self.sorts else next(iter(self.sorts), "")

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format")
        if export in ("csv", "xlsx"):
            return self.export(export)
        if self.rows_template_name is None:
            return super().get(request, *args, **kwargs)
        self.object_list = None  # read only on a miss, by render_rows
        return self.render_to_response({"view": self, "rows": self.cached_rows(), **self.page_context()})

    def page_context(self) -> dict:
        """What the page around the rows shows besides them (the buttons the reader's rights give)."""
        return {}

    def rows_reader(self) -> str:
        """Whose rows these are, in the cache's key: readers with the same key see the same rows and
        the same filter bar. A list that some readers see whole shares one key among them."""
        return reader_of(self.request.user)

    def cached_rows(self) -> str:
        query = urlencode(sorted(self.request.GET.lists()), doseq=True)
        digest = hashlib.sha256(query.encode()).hexdigest()[:32]
        # The day, for lists whose defaults or flags read it (this year's actions, "Försenad").
        day = timezone.localdate().isoformat()
        name = f"list:{self.rows_template_name}:{self.rows_reader()}:{get_language()}:{day}:{digest}"
        return cached_figures(name, self.render_rows)

    def render_rows(self) -> str:
        self.object_list = self.get_queryset()
        return render_to_string(self.rows_template_name, self.get_context_data(), self.request)

    def export_rows(self):
        """The rows of the download (a queryset); override to read the export's columns as values."""
        return self.get_queryset()

    def paginate_queryset(self, queryset, page_size):
        """The page of ``queryset``: its ids first, then those rows (in the same order)."""
        paginator, page, _rows, is_paginated = super().paginate_queryset(
            queryset.values_list("pk", flat=True), page_size
        )
        ids = list(page.object_list)
        by_id = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)} if ids else {}
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        return paginator, page, page.object_list, is_paginated

    def export_cells(self, columns):
        """The download's rows as lists of cells, in the order of ``columns``: each column's value of
        each row of export_rows. A list whose rows are read as cells already overrides this."""
        return cells(columns, self.export_rows().iterator(chunk_size=EXPORT_CHUNK_ROWS))

    def export(self, export_format: str):
        columns = [as_column(column) for column in self.export_columns]
        rows = self.export_cells(columns)
        if export_format == "csv":
            return download(f"{self.export_name}.csv", "text/csv; charset=utf-8", iter_csv(columns, rows))
        return download(f"{self.export_name}.xlsx", XLSX_TYPE, to_xlsx(str(self.export_name), columns, rows))

    def get_context_data(self, **kwargs):
        query = self.query().copy()
        query.pop("page", None)
        without_sort = query.copy()
        without_sort.pop("sort", None)
        without_format = query.copy()
        without_format.pop("format", None)
        return super().get_context_data(
            filter=self.filterset,
            querystring=query.urlencode(),
            sortstring=without_sort.urlencode(),
            exportstring=without_format.urlencode(),
            export_label=self.export_label,
            sorts=[(key, label) for key, (label, _ordering) in self.sorts.items()],
            sort=self.sort_key(),
            filtered=any(value for key, value in self.query().items() if key not in ("page", "sort")),
            # "Rensa filtret": every default filter sent empty (else the defaults come back)
            clearstring="&".join(f"{key}=" for key in self.default_filters()),
            **self.page_context(),
            **kwargs,
        )
