"""What the audit pages share (and the self-assessment's pages above them): counts per row, the
message of a refused change, the version a button was pressed on, the lists the supplier page links
to."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from base.forms import already_created, once_token_from
from base.lists import FilteredListView
from revisioner import access
from revisioner.models import (
    Supplier,
)


def count_of(queryset, link: str):
    """A correlated count of the rows of ``queryset`` that point at the outer row through ``link``:
    computed for the page's rows only, where a join with COUNT would group the whole table first."""
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def created_before(request, model):
    """The row that a create form sent before made, when this submit carries its one-time token;
    looked up before the form is checked, since the first row now holds the form's unique values
    (an organisation number, a contract number) and the form would refuse them."""
    return already_created(model, "created_with", once_token_from(request.POST))


def fail(request, error: ValidationError) -> None:
    """A service's refusal as an error message on the next page."""
    messages.error(request, " ".join(error.messages))


def seen_version(request) -> int | None:
    """The version of the row on the page a button was pressed on (its hidden ``version``)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


class SupplierFilteredList(FilteredListView):
    """A list that the supplier page links to with ?supplier=<id>: it names the supplier."""

    def rows_reader(self):
        return access.follow_up_reader(self.request.user)

    def get_context_data(self, **kwargs):
        supplier_id = self.request.GET.get("supplier", "")
        supplier = Supplier.objects.filter(pk=supplier_id).first() if supplier_id.isdigit() else None
        return super().get_context_data(supplier_filter=supplier, **kwargs)


def by_clause(criteria, ratings):
    """[(clause, [(criterion, rating or None)])] in the template's order."""
    groups = {}
    for criterion in criteria:
        groups.setdefault(criterion.clause, []).append((criterion, ratings.get(criterion.pk)))
    return list(groups.items())


def errors_text(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )
