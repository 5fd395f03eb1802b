from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import CreateView, ListView, TemplateView, View
from import_export.results import RowResult

from base.exports import download
from base.formats import swedish_sort_key
from base.forms import AlreadyCreated, already_created, once_token_from
from ekonomi import services
from ekonomi.access import can_edit_fiscal_year
from ekonomi.documents import STATEMENT_FORMATS, fee_letter_pdf
from ekonomi.forms import AllocationForm, BudgetForm, CostForm, FiscalYearForm, PopulationImportForm
from ekonomi.models import AllocationDecision, Cost, Fee, FiscalYear
from ekonomi.statement import build_statement, years_compared
from regions.access import Capability, get_for_user


class FinanceHomeView(TemplateView):
    """Every fiscal year side by side: opening balance, fees, costs, closing balance."""

    capability = Capability.VIEW_FINANCE
    template_name = "ekonomi/home.html"

    def get_context_data(self, **kwargs):
        years = list(FiscalYear.objects.all())
        return super().get_context_data(years=years_compared(years), **kwargs)


class FiscalYearCreateView(CreateView):
    capability = Capability.EDIT_FINANCE
    model = FiscalYear
    form_class = FiscalYearForm
    template_name = "ekonomi/fiscal_year_form.html"

    def get_initial(self):
        latest = FiscalYear.objects.first()
        year = latest.year + 1 if latest else 2025
        return {"year": year, "population_year": year - 1}

    def post(self, request, *args, **kwargs):
        # Sent again, the form would be refused for its year, which the first submit now holds:
        # the year it opened is looked up by the form's one-time token first.
        first = already_created(FiscalYear, "created_with", once_token_from(request.POST))
        if first is not None:
            return self._already(first)
        return super().post(request, *args, **kwargs)

    def _already(self, first):
        messages.info(self.request, _("Formuläret var redan skickat. Här är räkenskapsåret som skapades då."))
        return redirect(first)

    def form_valid(self, form):
        try:
            self.object = services.open_fiscal_year(acting_user=self.request.user, fiscal_year=form.instance)
        except AlreadyCreated as sent:
            return self._already(sent.obj)
        messages.success(self.request, _("Räkenskapsåret %(year)s är skapat.") % {"year": self.object.year})
        return redirect(self.object)


class FiscalYearMixin:
    def get_fiscal_year(self):
        return get_object_or_404(FiscalYear, year=self.kwargs["year"])


class FiscalYearDetailView(FiscalYearMixin, TemplateView):
    capability = Capability.VIEW_FINANCE
    template_name = "ekonomi/fiscal_year_detail.html"

    def get_context_data(self, **kwargs):
        fiscal_year = self.get_fiscal_year()
        statement = build_statement(fiscal_year)
        fee_total_population = sum(fee.population for fee in self._fees(fiscal_year)) or 1
        return super().get_context_data(
            fiscal_year=fiscal_year,
            statement=statement,
            fees=[(fee, 100 * fee.population / fee_total_population) for fee in self._fees(fiscal_year)],
            costs=Cost.objects.filter(fiscal_year=fiscal_year)[:50],
            decisions=AllocationDecision.objects.filter(fiscal_year=fiscal_year).select_related("decided_by"),
            can_edit=can_edit_fiscal_year(self.request.user, fiscal_year),
            allocation_form=kwargs.pop("allocation_form", None) or AllocationForm(),
            cost_form=kwargs.pop("cost_form", None) or CostForm(),
            budget_form=kwargs.pop("budget_form", None) or BudgetForm(),
            formats=list(STATEMENT_FORMATS),
            **kwargs,
        )

    def _fees(self, fiscal_year):
        if not hasattr(self, "_fee_rows"):
            fees = Fee.objects.visible_to(self.request.user).filter(fiscal_year=fiscal_year).select_related("region")
            self._fee_rows = sorted(fees, key=lambda fee: swedish_sort_key(fee.region.short_name))
        return self._fee_rows


class FiscalYearActionView(FiscalYearDetailView):
    """A POST that changes the year through a service; a bad form shows the page again with its errors."""

    capability = Capability.EDIT_FINANCE
    http_method_names = ["post"]
    form_class = None
    form_name = ""

    def post(self, request, *args, **kwargs):
        fiscal_year = self.get_fiscal_year()
        form = self.form_class(request.POST) if self.form_class else None
        if form is None or form.is_valid():
            try:
                message = self.act(fiscal_year, form)
            except ValidationError as error:
                if form is None:
                    messages.error(request, " ".join(error.messages))
                    return redirect(fiscal_year)
                form.add_error(None, error)
            else:
                messages.success(request, message)
                return redirect(fiscal_year)
        return self.render_to_response(self.get_context_data(**{self.form_name: form}), status=400)


class AllocateView(FiscalYearActionView):
    form_class = AllocationForm
    form_name = "allocation_form"

    def act(self, fiscal_year, form):
        data = form.cleaned_data
        fees = services.allocate_fees(
            acting_user=self.request.user,
            fiscal_year=fiscal_year,
            total=data["total"],
            per_inhabitant=data["per_inhabitant"],
            reason=data["reason"],
        )
        return ngettext(
            "Avgifterna är fördelade på %(count)d region.", "Avgifterna är fördelade på %(count)d regioner.", len(fees)
        ) % {"count": len(fees)}


class AdoptView(FiscalYearActionView):
    def act(self, fiscal_year, form):
        services.adopt(acting_user=self.request.user, fiscal_year=fiscal_year)
        return _("Fördelningen för %(year)s är fastställd.") % {"year": fiscal_year.year}


class CloseView(FiscalYearActionView):
    def act(self, fiscal_year, form):
        following = services.close_year(acting_user=self.request.user, fiscal_year=fiscal_year)
        return _("%(year)s är stängt; den utgående balansen är ingående balans för %(next)s.") % {
            "year": fiscal_year.year,
            "next": following.year,
        }


class AddCostView(FiscalYearActionView):
    form_class = CostForm
    form_name = "cost_form"

    def act(self, fiscal_year, form):
        form.instance.fiscal_year = fiscal_year
        services.add_cost(acting_user=self.request.user, cost=form.instance)
        return _("Kostnaden är registrerad.")


class SetBudgetView(FiscalYearActionView):
    form_class = BudgetForm
    form_name = "budget_form"

    def act(self, fiscal_year, form):
        data = form.cleaned_data
        services.set_budget(
            acting_user=self.request.user, fiscal_year=fiscal_year, cost_line=data["cost_line"], amount=data["amount"]
        )
        return _("Budgeten är sparad.")


class StatementDownloadView(FiscalYearMixin, View):
    capability = Capability.VIEW_FINANCE

    def get(self, request, *args, **kwargs):
        render = STATEMENT_FORMATS[self.kwargs["fmt"]]
        return download(*render(build_statement(self.get_fiscal_year())))


class FeeLetterListView(ListView):
    """The fee letters a person may read: all for finance, their own region's for others."""

    capability = Capability.MEMBER
    template_name = "ekonomi/fee_letters.html"
    context_object_name = "fees"
    paginate_by = 50

    def get_queryset(self):
        fees = Fee.objects.visible_to(self.request.user).select_related("region", "fiscal_year")
        return fees.order_by("-fiscal_year__year", "region__short_name")


class FeeLetterView(View):
    capability = Capability.MEMBER

    def get(self, request, *args, **kwargs):
        fee = get_for_user(
            Fee.objects.select_related("region", "fiscal_year"),
            request.user,
            fiscal_year__year=self.kwargs["year"],
            region__slug=self.kwargs["slug"],
        )
        return download(*fee_letter_pdf(fee))


class PopulationImportView(TemplateView):
    """Upload SCB's table, see what would change (a dry run), then confirm; all rows or none."""

    capability = Capability.EDIT_FINANCE
    template_name = "ekonomi/population_import.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=PopulationImportForm()))

    def post(self, request, *args, **kwargs):
        if "data" in request.POST:
            return self._confirm(request.POST["data"])
        form = PopulationImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            preview = services.preview_population_import(acting_user=request.user, upload=upload)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        context = {"form": form, "filename": upload.name, "warnings": preview.warnings}
        if preview.problems:
            return self.render_to_response(self.get_context_data(problems=preview.problems, **context), status=400)
        return self.render_to_response(
            self.get_context_data(preview=self._preview(preview.result), data=preview.data, **context)
        )

    def _confirm(self, data):
        imported = services.import_population(acting_user=self.request.user, data=data)
        if imported.problems:
            return self.render_to_response(
                self.get_context_data(form=PopulationImportForm(), problems=imported.problems), status=400
            )
        totals = imported.result.totals
        new, updated = totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE]
        messages.success(
            self.request,
            _("Befolkningen är inläst: %(new)s och %(updated)s.")
            % {
                "new": ngettext("%(count)d ny rad", "%(count)d nya rader", new) % {"count": new},
                "updated": ngettext("%(count)d ändrad rad", "%(count)d ändrade rader", updated) % {"count": updated},
            },
        )
        return redirect("finance_home")

    @staticmethod
    def _preview(result):
        labels = {RowResult.IMPORT_TYPE_NEW: _("Ny"), RowResult.IMPORT_TYPE_UPDATE: _("Ändras")}
        return [(labels.get(row.import_type, row.import_type), row.object_repr) for row in result.rows]
