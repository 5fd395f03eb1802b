"""Pages of suppliers, contracts, audits with their ratings, deviations and corrective actions,
the assessment template, and the public summaries.

Reads go through ``visible_to``/``get_for_user``; writes through ``get_for_user(..., edit=True)``
and the functions of revisioner/services.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView, View

from base.exports import download, iso_date
from base.lists import FilteredListView
from base.pdf import render_pdf
from regions.access import Capability, get_for_user
from revisioner import access, services
from revisioner.filters import ActionFilter, AuditFilter, ContractFilter, DeviationFilter, SupplierFilter
from revisioner.forms import (
    AuditForm,
    ContractForm,
    CorrectiveActionForm,
    DeviationForm,
    MergeForm,
    RatingForm,
    SummaryForm,
    SupplierForm,
)
from revisioner.models import (
    AssessmentTemplate,
    Audit,
    AuditParticipant,
    Contract,
    CorrectiveAction,
    Deviation,
    Supplier,
)

# How many of a supplier's contracts and audits its page shows before "all of them" links to the list.
SUPPLIER_PAGE_ROWS = 20


def _count_of(queryset, link: str):
    """A correlated count of the rows of ``queryset`` that point at the outer row through ``link``:
    computed for the page's rows only, where a join with COUNT would group the whole table first."""
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


def _fail(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))


class SupplierFilteredList(FilteredListView):
    """A list that the supplier page links to with ?supplier=<id>: it names the supplier."""

    def get_context_data(self, **kwargs):
        supplier_id = self.request.GET.get("supplier", "")
        supplier = Supplier.objects.filter(pk=supplier_id).first() if supplier_id.isdigit() else None
        return super().get_context_data(supplier_filter=supplier, **kwargs)


# Suppliers -----------------------------------------------------------------------------------


class SupplierListView(FilteredListView):
    capability = Capability.MEMBER
    template_name = "revisioner/supplier_list.html"
    context_object_name = "suppliers"
    filterset_class = SupplierFilter
    sorts = {
        "name": (gettext_lazy("Namn"), ["name", "pk"]),
        "-audits": (gettext_lazy("Flest revisioner"), ["-audit_count", "name", "pk"]),
        "-open": (gettext_lazy("Flest öppna avvikelser"), ["-open_deviations", "name", "pk"]),
        "-created": (gettext_lazy("Senast tillagda"), ["-created_at", "-pk"]),
    }
    export_name = "leverantorer"
    export_columns = [
        (gettext_lazy("Namn"), lambda s: s.name),
        (gettext_lazy("Land"), lambda s: s.country),
        (gettext_lazy("Organisationsnummer"), lambda s: s.org_number),
        (gettext_lazy("Utländsk identitet"), lambda s: s.foreign_identifier),
        (gettext_lazy("Avtal"), lambda s: s.contract_count),
        (gettext_lazy("Revisioner"), lambda s: s.audit_count),
        (gettext_lazy("Öppna avvikelser"), lambda s: s.open_deviations),
    ]

    def base_queryset(self):
        user = self.request.user
        return Supplier.objects.annotate(
            contract_count=_count_of(Contract.objects.visible_to(user), "supplier"),
            audit_count=_count_of(Audit.objects.visible_to(user), "supplier"),
            open_deviations=_count_of(Deviation.objects.visible_to(user).open(), "audit__supplier"),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_write=access.can_write_audits(self.request.user), **kwargs)


class SupplierDetailView(DetailView):
    """Everything the network knows about a supplier: its contracts in which regions, its
    audits, open deviations; the newest rows, with links to the full filtered lists."""

    capability = Capability.MEMBER
    template_name = "revisioner/supplier_detail.html"
    context_object_name = "supplier"

    def get_queryset(self):
        return Supplier.objects.select_related("parent").prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        user, supplier = self.request.user, self.object
        contracts = Contract.objects.visible_to(user).filter(supplier=supplier)
        audits = Audit.objects.visible_to(user).filter(supplier=supplier)
        open_deviations = Deviation.objects.visible_to(user).open().filter(audit__supplier=supplier)
        totals = {
            "contracts": contracts.count(),
            "audits": audits.count(),
            "open_deviations": open_deviations.count(),
        }
        return super().get_context_data(
            totals=totals,
            contracts=contracts.select_related("procurement_region", "category").prefetch_related("regions")[
                :SUPPLIER_PAGE_ROWS
            ],
            audits=audits.select_related("procurement_region", "category")[:SUPPLIER_PAGE_ROWS],
            open_deviation_rows=open_deviations.select_related("audit", "clause").order_by("-audit__year", "pk")[
                :SUPPLIER_PAGE_ROWS
            ],
            subsidiaries=supplier.subsidiaries.all()[:SUPPLIER_PAGE_ROWS],
            can_write=access.can_write_audits(user),
            can_merge=access.can_merge_suppliers(user),
            merge_form=MergeForm(),
            history=supplier.history.select_related("history_user")[:5],
            extra_sections=[section(supplier, user) for section in SUPPLIER_SECTIONS],
            **kwargs,
        )


# Later apps (incidents) add what they know about a supplier: section(supplier, user) -> (title, template, context)
SUPPLIER_SECTIONS = []


class SupplierCreateView(TemplateView):
    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/supplier_form.html"

    def get_supplier(self):
        return Supplier()

    def get(self, request, *args, **kwargs):
        supplier = self.get_supplier()
        return self.render_to_response({"form": SupplierForm(instance=supplier), "supplier": supplier})

    def post(self, request, *args, **kwargs):
        supplier = self.get_supplier()
        form = SupplierForm(request.POST, instance=supplier)
        if form.is_valid():
            try:
                services.save_supplier(
                    acting_user=request.user,
                    supplier=form.save(commit=False),
                    aliases=form.alias_names(),
                    allow_similar_name=form.cleaned_data["allow_similar_name"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                if error.code == "similar_name":
                    form.show_similar_name_confirmation()
            else:
                messages.success(request, _("Leverantören är sparad."))
                return redirect(form.instance)
        return self.render_to_response({"form": form, "supplier": supplier}, status=400)


class SupplierEditView(SupplierCreateView):
    def get_supplier(self):
        return get_object_or_404(Supplier, pk=self.kwargs["pk"])


class SupplierMergeView(View):
    capability = Capability.MANAGE_AUDITS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        source = get_object_or_404(Supplier, pk=self.kwargs["pk"])
        form = MergeForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["target"]))
            return redirect(source)
        name = source.name
        try:
            target = services.merge_suppliers(
                acting_user=request.user, source=source, target=form.cleaned_data["target"]
            )
        except ValidationError as error:
            _fail(request, error)
            return redirect(source)
        messages.success(request, _("%(source)s är sammanslagen med %(target)s.") % {"source": name, "target": target})
        return redirect(target)


# Contracts -----------------------------------------------------------------------------------


class ContractListView(SupplierFilteredList):
    capability = Capability.MEMBER
    template_name = "revisioner/contract_list.html"
    context_object_name = "contracts"
    filterset_class = ContractFilter
    sorts = {
        "-starts_on": (gettext_lazy("Nyast"), ["-starts_on", "-pk"]),
        "supplier": (gettext_lazy("Leverantör"), ["supplier__name", "-starts_on", "pk"]),
        "-value": (gettext_lazy("Högst värde"), [Coalesce("yearly_value", 0).desc(), "pk"]),
    }
    export_name = "avtal"
    export_columns = [
        (gettext_lazy("Avtalsnummer"), lambda c: c.reference),
        (gettext_lazy("Benämning"), lambda c: c.title),
        (gettext_lazy("Leverantör"), lambda c: c.supplier.name),
        (gettext_lazy("Organisationsnummer"), lambda c: c.supplier.identifier),
        (gettext_lazy("Kategori"), lambda c: c.category.name),
        (gettext_lazy("Upphandlingsregion"), lambda c: c.procurement_region.letter),
        (gettext_lazy("Regioner"), lambda c: ", ".join(r.short_name for r in c.regions.all())),
        (gettext_lazy("Gäller från"), lambda c: iso_date(c.starts_on)),
        (gettext_lazy("Gäller till"), lambda c: iso_date(c.ends_on)),
        (gettext_lazy("Årligt värde (kr)"), lambda c: c.yearly_value),
    ]

    def base_queryset(self):
        return (
            Contract.objects.visible_to(self.request.user)
            .select_related("supplier", "category", "procurement_region")
            .prefetch_related("regions")
        )

    def export_rows(self):
        return self.get_queryset()  # iterator() keeps the prefetch since Django 5.0 when chunk_size is set

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_write=access.can_write_audits(self.request.user), **kwargs)


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
        form = ContractForm(request.POST, instance=self.get_contract(), user=request.user)
        if form.is_valid():
            try:
                contract = services.save_contract(
                    acting_user=request.user,
                    contract=form.save(commit=False),
                    regions=form.cleaned_data["regions"],
                    requirement_versions=form.cleaned_data["requirement_versions"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Avtalet är sparat."))
                return redirect(contract)
        return self.render_to_response({"form": form}, status=400)


# Audits --------------------------------------------------------------------------------------


class AuditListView(SupplierFilteredList):
    capability = Capability.MEMBER
    template_name = "revisioner/audit_list.html"
    context_object_name = "audits"
    filterset_class = AuditFilter
    sorts = {
        "-date": (
            gettext_lazy("Nyast"),
            ["-year", Coalesce("performed_on", "planned_on").desc(nulls_last=True), "-pk"],
        ),
        "supplier": (gettext_lazy("Leverantör"), ["supplier__name", "-year", "pk"]),
        "status": (gettext_lazy("Status"), ["status", "-year", "pk"]),
        "date": (gettext_lazy("Äldst"), ["year", Coalesce("performed_on", "planned_on").asc(nulls_last=True), "pk"]),
    }
    export_name = "revisioner"
    export_columns = [
        (gettext_lazy("Nummer"), lambda a: a.pk),
        (gettext_lazy("År"), lambda a: a.year),
        (gettext_lazy("Typ"), lambda a: a.get_kind_display()),
        (gettext_lazy("Leverantör"), lambda a: a.supplier.name),
        (gettext_lazy("Organisationsnummer"), lambda a: a.supplier.identifier),
        (gettext_lazy("Kategori"), lambda a: a.category.name),
        (gettext_lazy("Upphandlingsregion"), lambda a: a.procurement_region.letter),
        (gettext_lazy("Planerad"), lambda a: iso_date(a.planned_on)),
        (gettext_lazy("Genomförd"), lambda a: iso_date(a.performed_on)),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
        (gettext_lazy("Avvikelser"), lambda a: a.deviation_count),
        (gettext_lazy("Öppna avvikelser"), lambda a: a.open_deviation_count),
    ]

    def base_queryset(self):
        return (
            Audit.objects.visible_to(self.request.user)
            .select_related("supplier", "category", "procurement_region")
            .annotate(
                deviation_count=_count_of(Deviation.objects.unscoped(), "audit"),
                open_deviation_count=_count_of(Deviation.objects.unscoped().open(), "audit"),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_write=access.can_write_audits(self.request.user),
            can_import=access.can_write_audits(self.request.user),
            **kwargs,
        )


class AuditDetailView(TemplateView):
    """An audit: its facts, the ratings per criterion grouped by clause, the deviations with
    their corrective actions, what a re-audit checks, and the next steps its state allows."""

    capability = Capability.MEMBER
    template_name = "revisioner/audit_detail.html"

    def get_audit(self):
        audits = Audit.objects.select_related(
            "supplier", "category", "procurement_region", "template", "follows_up", "summary_approved_by"
        ).prefetch_related(
            "participating_regions", Prefetch("participants", queryset=AuditParticipant.objects.select_related("user"))
        )
        return get_for_user(audits, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        user = self.request.user
        editable = access.can_edit(user, audit)
        actions = Prefetch(
            "actions", queryset=CorrectiveAction.objects.unscoped().select_related("responsible").order_by("due_on")
        )
        deviations = list(audit.deviations.select_related("clause", "verified_in").prefetch_related(actions))
        ratings = {rating.criterion_id: rating for rating in audit.ratings.all()}
        criteria = (
            list(audit.template.criteria.select_related("clause__version__requirement")) if audit.template else []
        )
        checks = []
        if audit.kind == Audit.Kind.RE_AUDIT and audit.follows_up_id:
            checks = list(
                Deviation.objects.visible_to(user)
                .filter(audit_id=audit.follows_up_id)
                .select_related("clause", "verified_in", "reopened_in")
                .prefetch_related(actions)
            )
        return super().get_context_data(
            audit=audit,
            editable=editable,
            can_manage=access.can_approve_summary(user),
            groups=_by_clause(criteria, ratings),
            deviations=deviations,
            checks=checks,
            transitions=_transitions(audit) if editable else [],
            deviation_form=DeviationForm(),
            action_form=CorrectiveActionForm(),
            summary_form=SummaryForm(initial={"summary": audit.summary}),
            re_audits=Audit.objects.visible_to(user).filter(follows_up=audit),
            history=audit.history.select_related("history_user")[:8],
            **kwargs,
        )


def _by_clause(criteria, ratings):
    """[(clause, [(criterion, rating or None)])] in the template's order."""
    groups = {}
    for criterion in criteria:
        groups.setdefault(criterion.clause, []).append((criterion, ratings.get(criterion.pk)))
    return list(groups.items())


def _transitions(audit: Audit) -> list[tuple[str, str, str]]:
    """(action in the URL, button label, style) for what the audit's state allows next."""
    Status = Audit.Status
    steps = {
        Status.PLANNED: [("start", _("Påbörja revisionen"), "primary")],
        Status.IN_PROGRESS: [("draft-report", _("Rapporten är skriven"), "primary")],
        Status.REPORT_DRAFTED: [
            ("await-actions", _("Skicka rapporten och invänta åtgärder"), "primary"),
            ("close", _("Avsluta revisionen"), ""),
        ],
        Status.AWAITING_ACTIONS: [("close", _("Avsluta revisionen"), "primary")],
    }
    allowed = steps.get(audit.status, [])
    if audit.status in (Status.PLANNED, Status.IN_PROGRESS):
        allowed = [*allowed, ("cancel", _("Ställ in revisionen"), "danger")]
    return allowed


class AuditFormView(TemplateView):
    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/audit_form.html"

    def get_audit(self):
        if "pk" in self.kwargs:
            audit = get_for_user(Audit.objects.all(), self.request.user, edit=True, pk=self.kwargs["pk"])
            if audit.status != Audit.Status.PLANNED:
                raise Http404
            return audit
        return Audit()

    def get(self, request, *args, **kwargs):
        initial = {
            key: request.GET[key] for key in ("supplier", "category", "kind", "follows_up") if key in request.GET
        }
        form = AuditForm(instance=self.get_audit(), user=request.user, initial=initial)
        return self.render_to_response({"form": form})

    def post(self, request, *args, **kwargs):
        form = AuditForm(request.POST, instance=self.get_audit(), user=request.user)
        if form.is_valid():
            try:
                audit = services.plan_audit(
                    acting_user=request.user,
                    audit=form.save(commit=False),
                    participating_regions=form.cleaned_data["participating_regions"],
                    participants=form.participants(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Revisionen är planerad."))
                return redirect(audit)
        return self.render_to_response({"form": form}, status=400)


class EditAuditMixin:
    """A write on an audit the user may edit; anything else answers 404."""

    capability = Capability.WRITE_AUDITS
    http_method_names = ["post"]

    def get_audit(self):
        return get_for_user(
            Audit.objects.select_related("template", "follows_up"), self.request.user, edit=True, pk=self.kwargs["pk"]
        )


class AuditRatingView(EditAuditMixin, TemplateView):
    """Rate every criterion of the template; deviations appear for "partly" and "does not meet"."""

    template_name = "revisioner/audit_rate.html"
    http_method_names = ["get", "post"]

    def form(self, audit, data=None):
        criteria = list(audit.template.criteria.select_related("clause")) if audit.template else []
        ratings = {rating.criterion_id: rating for rating in audit.ratings.all()}
        return RatingForm(data, criteria=criteria, ratings=ratings)

    def get(self, request, *args, **kwargs):
        audit = self.get_audit()
        if not audit.ratable:
            messages.error(request, _("Kriterierna bedöms när revisionen pågår."))
            return redirect(audit)
        return self.render_to_response({"audit": audit, "form": self.form(audit)})

    def post(self, request, *args, **kwargs):
        audit = self.get_audit()
        form = self.form(audit, request.POST)
        if form.is_valid():
            try:
                created = services.rate(acting_user=request.user, audit=audit, ratings=form.ratings())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Bedömningarna är sparade.")
                    + (" " + _("%(count)d nya avvikelser.") % {"count": len(created)} if created else ""),
                )
                return redirect(audit)
        return self.render_to_response({"audit": audit, "form": form}, status=400)


TRANSITIONS = {
    "start": (services.start_audit, gettext_lazy("Revisionen är påbörjad.")),
    "draft-report": (services.draft_report, gettext_lazy("Rapporten är registrerad.")),
    "await-actions": (services.await_actions, gettext_lazy("Revisionen väntar på leverantörens åtgärder.")),
    "close": (services.close_audit, gettext_lazy("Revisionen är avslutad.")),
    "cancel": (services.cancel_audit, gettext_lazy("Revisionen är inställd.")),
}


class AuditTransitionView(EditAuditMixin, View):
    def post(self, request, *args, **kwargs):
        audit = self.get_audit()
        change, done = TRANSITIONS[self.kwargs["action"]]
        try:
            result = change(acting_user=request.user, audit=audit)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, done)
            if isinstance(result, list) and len(result) > 1:
                messages.success(
                    request,
                    _("Revision %(number)d är också avslutad: alla dess avvikelser är verifierade.")
                    % {"number": result[1].pk},
                )
        return redirect(audit)


class DeviationActionView(EditAuditMixin, View):
    """On one deviation: change severity and description, add a corrective action, or, from a
    re-audit, record whether it was corrected."""

    def post(self, request, *args, **kwargs):
        audit = self.get_audit()
        action = request.POST.get("action")
        if action in ("corrected", "not_corrected"):
            deviation = get_object_or_404(
                Deviation.objects.editable_by(request.user),
                pk=self.kwargs["deviation"],
                audit=audit.follows_up_id or -1,
            )
            change = lambda: services.check_deviation(  # noqa: E731
                acting_user=request.user, re_audit=audit, deviation=deviation, corrected=action == "corrected"
            )
            done = _("Avvikelsen är verifierad åtgärdad.") if action == "corrected" else _("Avvikelsen är öppnad igen.")
        else:
            deviation = get_object_or_404(audit.deviations.all(), pk=self.kwargs["deviation"])
            if action == "severity":
                form = DeviationForm(request.POST, instance=deviation)
                change = lambda: services.set_severity(  # noqa: E731
                    acting_user=request.user, deviation=deviation, **form.cleaned_data
                )
                done = _("Avvikelsen är ändrad.")
            elif action == "add_action":
                form = CorrectiveActionForm(request.POST)
                change = lambda: services.add_action(  # noqa: E731
                    acting_user=request.user, deviation=deviation, action=form.save(commit=False)
                )
                done = _("Åtgärden är registrerad.")
            else:
                return redirect(audit)
            if not form.is_valid():
                messages.error(request, _("Kontrollera fälten: %(errors)s") % {"errors": _errors_text(form)})
                return redirect(f"{audit.get_absolute_url()}#avvikelse-{deviation.pk}")
        try:
            change()
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, done)
        return redirect(f"{audit.get_absolute_url()}#avvikelse-{deviation.pk}")


def _errors_text(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    )


class ActionMoveView(EditAuditMixin, View):
    def post(self, request, *args, **kwargs):
        audit = self.get_audit()
        action = get_object_or_404(
            CorrectiveAction.objects.unscoped(), pk=self.kwargs["action"], deviation__audit=audit
        )
        try:
            services.move_action(acting_user=request.user, action=action, status=request.POST.get("status", ""))
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Åtgärden har status %(status)s.") % {"status": action.get_status_display()})
        return redirect(f"{audit.get_absolute_url()}#avvikelse-{action.deviation_id}")


class SummaryView(View):
    """Write the summary (the audit's editors); approve or withdraw it (the secretariat)."""

    capability = Capability.WRITE_AUDITS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "submit")
        user = request.user
        if action in ("approve", "withdraw") and access.can_approve_summary(user):
            audit = get_for_user(Audit.objects.all(), user, pk=self.kwargs["pk"])
            service = services.approve_summary if action == "approve" else services.withdraw_summary
            change = lambda: service(acting_user=user, audit=audit)  # noqa: E731
            done = (
                _("Sammanfattningen är publicerad.")
                if action == "approve"
                else _("Sammanfattningen är tillbakadragen.")
            )
        else:
            audit = get_for_user(Audit.objects.all(), user, edit=True, pk=self.kwargs["pk"])
            form = SummaryForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Skriv sammanfattningen."))
                return redirect(audit)
            change = lambda: services.submit_summary(  # noqa: E731
                acting_user=user, audit=audit, summary=form.cleaned_data["summary"]
            )
            done = _("Sammanfattningen är skickad till kansliet för godkännande.")
        try:
            change()
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, done)
        return redirect(audit)


class AuditReportPdfView(AuditDetailView):
    """The audit report as PDF, for the supplier and the file: never the internal notes."""

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        audit = context["audit"]
        body = render_pdf("revisioner/audit_pdf.html", {**context, "internal_notes": None})
        return download(f"revision-{audit.pk}.pdf", "application/pdf", body)


# Deviations and corrective actions -----------------------------------------------------------


class DeviationListView(SupplierFilteredList):
    capability = Capability.MEMBER
    template_name = "revisioner/deviation_list.html"
    context_object_name = "deviations"
    filterset_class = DeviationFilter
    sorts = {
        # Newest recorded first, along the primary key: sorting 50 000 rows by their audit's year
        # is a join and a sort of the whole table on every page.
        "-recorded": (gettext_lazy("Senast registrerade"), ["-pk"]),
        "-year": (gettext_lazy("Revisionsår, nyast först"), ["-audit__year", "-pk"]),
        "severity": (gettext_lazy("Allvarligast"), ["-severity_rank", "-audit__year", "pk"]),
        "supplier": (gettext_lazy("Leverantör"), ["audit__supplier__name", "-pk"]),
        "clause": (gettext_lazy("Klausul"), ["clause__title", "-pk"]),
    }
    export_name = "avvikelser"
    export_columns = [
        (gettext_lazy("Revision"), lambda d: d.audit_id),
        (gettext_lazy("År"), lambda d: d.audit.year),
        (gettext_lazy("Leverantör"), lambda d: d.audit.supplier.name),
        (gettext_lazy("Upphandlingsregion"), lambda d: d.audit.procurement_region.letter),
        (gettext_lazy("Klausul"), lambda d: f"{d.clause.number} {d.clause.title}"),
        (gettext_lazy("Allvarlighetsgrad"), lambda d: d.get_severity_display()),
        (gettext_lazy("Beskrivning"), lambda d: d.description),
        (gettext_lazy("Status"), lambda d: d.get_status_display()),
    ]

    def base_queryset(self):
        rank = Case(
            When(severity=Deviation.Severity.CRITICAL, then=Value(3)),
            When(severity=Deviation.Severity.MAJOR, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            Deviation.objects.visible_to(self.request.user)
            .select_related("audit__supplier", "audit__procurement_region", "clause")
            .annotate(severity_rank=rank, action_count=_count_of(CorrectiveAction.objects.unscoped(), "deviation"))
        )


class ActionListView(SupplierFilteredList):
    capability = Capability.MEMBER
    template_name = "revisioner/action_list.html"
    context_object_name = "actions"
    filterset_class = ActionFilter
    sorts = {
        "due_on": (gettext_lazy("Förfaller först"), ["due_on", "pk"]),
        "-due_on": (gettext_lazy("Förfaller sist"), ["-due_on", "-pk"]),
        "supplier": (gettext_lazy("Leverantör"), ["deviation__audit__supplier__name", "due_on", "pk"]),
    }
    export_name = "atgarder"
    export_columns = [
        (gettext_lazy("Revision"), lambda a: a.deviation.audit_id),
        (gettext_lazy("Leverantör"), lambda a: a.deviation.audit.supplier.name),
        (gettext_lazy("Klausul"), lambda a: f"{a.deviation.clause.number} {a.deviation.clause.title}"),
        (gettext_lazy("Åtgärd"), lambda a: a.description),
        (gettext_lazy("Senast"), lambda a: iso_date(a.due_on)),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
        (gettext_lazy("Försenad"), lambda a: _("Ja") if a.overdue else ""),
        (gettext_lazy("Ansvarig"), lambda a: a.responsible.name if a.responsible else ""),
    ]

    def base_queryset(self):
        return CorrectiveAction.objects.visible_to(self.request.user).select_related(
            "deviation__audit__supplier", "deviation__clause", "responsible"
        )


# The assessment template ---------------------------------------------------------------------


class TemplateListView(ListView):
    capability = Capability.MEMBER
    template_name = "revisioner/template_list.html"
    context_object_name = "templates"

    def get_queryset(self):
        return AssessmentTemplate.objects.annotate(
            criterion_count=Count("criteria", distinct=True), audit_count=Count("audits", distinct=True)
        )


class TemplateDetailView(TemplateView):
    """A version of the template: criteria grouped by the requirement clause they verify."""

    capability = Capability.MEMBER
    template_name = "revisioner/template_detail.html"

    def get_context_data(self, **kwargs):
        template = get_object_or_404(AssessmentTemplate, pk=self.kwargs["pk"])
        criteria = template.criteria.select_related("clause__version__requirement")
        return super().get_context_data(
            template=template,
            groups=_by_clause(criteria, {}),
            can_adopt=access.can_adopt_template(self.request.user, template),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not access.can_manage_audits(request.user):
            raise Http404
        template = get_object_or_404(AssessmentTemplate, pk=self.kwargs["pk"])
        try:
            services.adopt_template(acting_user=request.user, template=template)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Mallen är antagen."))
        return redirect(template)


# Public summaries ----------------------------------------------------------------------------


def published_audits():
    """Audits whose summary the secretariat approved: the only audit text the public reads."""
    return Audit.objects.unscoped().with_summary_published().select_related("supplier", "category")


class PublicSummaryListView(ListView):
    capability = Capability.PUBLIC
    template_name = "revisioner/public_audit_list.html"
    context_object_name = "audits"
    paginate_by = 25

    def get_queryset(self):
        audits = published_audits().order_by("-summary_approved_at", "-pk")
        query = self.request.GET.get("q", "").strip()
        return audits.filter(supplier__in=Supplier.objects.search(query).values("pk")) if query else audits

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(q=self.request.GET.get("q", ""), querystring=query.urlencode(), **kwargs)


class PublicSummaryView(TemplateView):
    capability = Capability.PUBLIC
    template_name = "revisioner/public_audit_summary.html"

    def get_context_data(self, **kwargs):
        audit = get_object_or_404(published_audits(), pk=self.kwargs["pk"])
        return super().get_context_data(audit=audit, tree_url=reverse("public_category_tree"), **kwargs)
