"""The yearly national audit plan and the ranking it is chosen from (revisioner/selection.py).

Every member reads the plan; coordinators add suppliers from the ranking for their own
procurement region and plan the audits; the secretariat adopts the plan, after which only
the secretariat changes it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView, TemplateView, View

from base.lists import FilteredListView
from regions.access import Capability, get_for_user
from revisioner import access, documents, selection, services
from revisioner.filters import PlanEntryFilter, SelectionFilterForm
from revisioner.forms import PlanEntryForm
from revisioner.models import Audit, AuditPlan, PlanEntry
from revisioner.views.common import fail

RANKING_PAGE_ROWS = 50
PLAN_YEARS = range(2000, 2100)


def _plan_year(kwargs) -> int:
    if kwargs["year"] not in PLAN_YEARS:
        raise Http404
    return kwargs["year"]


class AuditPlanRedirectView(RedirectView):
    """The newest plan, or this year's when there is none yet."""

    capability = Capability.MEMBER

    def get_redirect_url(self, *args, **kwargs):
        year = AuditPlan.objects.order_by("-year").values_list("year", flat=True).first()
        return reverse("audit_plan", args=[year or timezone.localdate().year])


class AuditPlanView(FilteredListView):
    capability = Capability.MEMBER
    template_name = "revisioner/audit_plan.html"
    context_object_name = "entries"
    filterset_class = PlanEntryFilter
    paginate_by = 50
    sorts = {
        "region": (gettext_lazy("Upphandlingsregion"), ["procurement_region__letter", "supplier__name", "pk"]),
        "-score": (gettext_lazy("Högst poäng"), ["-score", "supplier__name", "pk"]),
        "supplier": (gettext_lazy("Leverantör"), ["supplier__name", "pk"]),
    }
    export_columns = documents.PLAN_COLUMNS

    @property
    def export_name(self):
        return f"revisionsplan-{self.kwargs['year']}"

    def base_queryset(self):
        return (
            PlanEntry.objects.visible_to(self.request.user)
            .filter(plan__year=_plan_year(self.kwargs))
            .select_related("supplier", "category", "procurement_region", "audit")
        )

    def get_context_data(self, **kwargs):
        user, year = self.request.user, self.kwargs["year"]
        plan = AuditPlan.objects.filter(year=year).first()
        plan_open = access.can_change_plan(user, plan)
        return super().get_context_data(
            year=year,
            plan=plan,
            years=sorted({*AuditPlan.objects.values_list("year", flat=True), timezone.localdate().year}),
            can_select=access.can_select_for_plan(user, plan),
            can_adopt=access.can_adopt_plan(user, plan),
            editable_regions=access.plan_region_ids_for(user),
            plan_open=plan_open,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Adopt the plan (the secretariat)."""
        if not access.can_manage_audits(request.user):
            raise Http404
        plan = get_object_or_404(AuditPlan, year=_plan_year(kwargs))
        try:
            services.adopt_plan(acting_user=request.user, plan=plan)
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, _("Revisionsplanen för %(year)s är fastställd.") % {"year": plan.year})
        return redirect(plan)


def _options(choices, selected=None) -> str:
    """The ``<option>``s of a select that every row of the ranking repeats, rendered once a page."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == selected else "", label) for value, label in choices),
    )


class SelectionView(TemplateView):
    """The ranking of supplier × category for the year, each component of the score shown, with a
    button that adds a row to the plan. The ranking is read from the cache (selection.Ranking.page):
    one query computes the whole of it when a record it is computed from has changed, the next
    pages read it with none."""

    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/selection.html"

    def query(self):
        """The request's query; without a procurement region named, the person's own (the first of
        theirs by letter), or the first one when they have none: the filter then stays in the URL
        of the page's links, and "Alla" sends it empty."""
        query = self.request.GET.copy()
        if "procurement_region" not in query:
            own = access.own_procurement_region_ids(self.request.user)
            if len(own) == 1:
                query["procurement_region"] = str(next(iter(own)))
            else:
                regions = SelectionFilterForm().fields["procurement_region"].queryset
                first = (regions.filter(pk__in=own) if own else regions).values_list("pk", flat=True).first()
                query["procurement_region"] = str(first or "")
        return query

    def get_context_data(self, **kwargs):
        year = _plan_year(self.kwargs)
        query = self.query()
        filters = SelectionFilterForm(query)
        criteria = filters.cleaned_data if filters.is_valid() else {}
        ranking = selection.ranking(
            year,
            user=self.request.user,
            category=criteria.get("category"),
            procurement_region=criteria.get("procurement_region"),
            search=criteria.get("q") or "",
        )
        number = self.request.GET.get("page", "1")
        number = int(number) if number.isdigit() and int(number) > 0 else 1
        page_rows, total = ranking.page((number - 1) * RANKING_PAGE_ROWS, RANKING_PAGE_ROWS)
        # The paginator only does the page arithmetic: it is given the count the ranking carried.
        paginator = Paginator(range(total), RANKING_PAGE_ROWS)
        page = paginator.get_page(number)
        if page.number != number and total:  # past the last page: the last one, as the lists do
            page_rows, total = ranking.page((page.number - 1) * RANKING_PAGE_ROWS, RANKING_PAGE_ROWS)
        query.pop("page", None)
        leading_regions = list(PlanEntryForm(user=self.request.user).fields["procurement_region"].queryset)
        return super().get_context_data(
            filter=filters,
            rows=selection.page_rows(year, page_rows, get_format("DECIMAL_SEPARATOR")),
            total=total,
            page_obj=page,
            is_paginated=paginator.num_pages > 1,
            querystring=query.urlencode(),
            filtered=any(value for value in query.values()),
            kind_options=_options(Audit.Kind.choices, selected=Audit.Kind.OFFICE),
            leading_regions=leading_regions,
            region_options=_options((region.pk, region.letter) for region in leading_regions),
            component_max=selection.COMPONENT_MAX,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        year = _plan_year(kwargs)
        form = PlanEntryForm(request.POST, user=request.user)
        back = request.POST.get("next", "")
        back = back if back.startswith("?") else ""
        if not form.is_valid():
            messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
            return redirect(reverse("audit_selection", args=[year]) + back)
        try:
            entry = services.add_to_plan(acting_user=request.user, year=year, **form.cleaned_data)
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(
                request,
                _("%(supplier)s (%(category)s) är tillagd i revisionsplanen för %(year)s.")
                % {"supplier": entry.supplier, "category": entry.category, "year": year},
            )
        return redirect(reverse("audit_selection", args=[year]) + back)


class PlanEntryRemoveView(View):
    capability = Capability.WRITE_AUDITS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        entries = PlanEntry.objects.select_related("plan", "supplier")
        entry = get_for_user(entries, request.user, edit=True, pk=kwargs["pk"], plan__year=_plan_year(kwargs))
        try:
            services.remove_from_plan(acting_user=request.user, entry=entry)
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, _("%(supplier)s är borttagen ur planen.") % {"supplier": entry.supplier})
        return redirect(entry.plan)
