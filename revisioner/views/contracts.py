"""The network's contracts: the list, one contract, writing one (the leading region's coordinators)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from base.forms import AlreadyCreated, StaleEdit
from regions.access import Capability, get_for_user
from revisioner import access, documents, services
from revisioner.filters import ContractFilter
from revisioner.forms import (
    ContractForm,
)
from revisioner.models import (
    Contract,
)
from revisioner.views.common import SupplierFilteredList, created_before


class ContractListView(SupplierFilteredList):
    capability = Capability.MEMBER
    template_name = "revisioner/contract_list.html"
    rows_template_name = "revisioner/contract_list_rows.html"
    context_object_name = "contracts"
    filterset_class = ContractFilter
    sorts = {
        "-starts_on": (gettext_lazy("Nyast"), ["-starts_on", "-pk"]),
        "supplier": (gettext_lazy("Leverantör"), ["supplier__name", "-starts_on", "pk"]),
        "-value": (gettext_lazy("Högst värde"), [Coalesce("yearly_value", 0).desc(), "pk"]),
    }
    export_name = "avtal"
    export_label = gettext_lazy("avtal")
    export_columns = documents.CONTRACT_COLUMNS

    def base_queryset(self):
        return (
            Contract.objects.visible_to(self.request.user)
            .select_related("supplier", "category", "procurement_region")
            .prefetch_related("regions")
        )

    def export_cells(self, columns):
        return documents.contract_cells(self.get_queryset())

    def page_context(self):
        return {"can_write": access.can_write_audits(self.request.user)}


class ContractDetailView(TemplateView):
    capability = Capability.MEMBER
    template_name = "revisioner/contract_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        contracts = Contract.objects.select_related("supplier", "category", "procurement_region").prefetch_related(
            "regions", "requirement_versions__requirement"
        )
        contract = get_for_user(contracts, user, pk=self.kwargs["pk"])
        return super().get_context_data(
            contract=contract,
            editable=access.can_edit(user, contract),
            history=contract.history.select_related("history_user")[:5],
            **kwargs,
        )


class ContractFormView(TemplateView):
    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/contract_form.html"

    def get_contract(self):
        if "pk" in self.kwargs:
            return get_for_user(Contract.objects.all(), self.request.user, edit=True, pk=self.kwargs["pk"])
        return Contract()

    def get(self, request, *args, **kwargs):
        initial = {"supplier": request.GET.get("supplier")} if request.GET.get("supplier") else None
        form = ContractForm(instance=self.get_contract(), user=request.user, initial=initial)
        return self.render_to_response({"form": form})

    def post(self, request, *args, **kwargs):
        contract = self.get_contract()
        first = created_before(request, Contract) if contract.pk is None else None
        if first is not None:
            return self.sent_before(first)
        form = ContractForm(request.POST, instance=contract, user=request.user)
        status = 400
        if form.is_valid():
            try:
                contract = services.save_contract(
                    acting_user=request.user,
                    contract=form.save(commit=False),
                    regions=form.cleaned_data["regions"],
                    requirement_versions=form.cleaned_data["requirement_versions"],
                )
            except AlreadyCreated as sent:
                return self.sent_before(sent.obj)
            except StaleEdit as error:
                form.refuse_stale(error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Avtalet är sparat."))
                return redirect(contract)
        return self.render_to_response({"form": form}, status=status)

    def sent_before(self, first):
        messages.info(self.request, _("Formuläret var redan skickat. Här är avtalet som lades till då."))
        return redirect(first)
