"""The supplier's own pages of its deviations and corrective actions.

A supplier's contact person reads the deviations of its suppliers' audits once the report is written
(``Deviation.objects.for_supplier_contact``; any other answers 404), proposes a corrective-action
plan (what, who, by when), changes a plan the coordinator returned, reports an accepted plan carried
out and sends evidence. What the pages show of an audit is its kind and date and the finding:
never its internal notes, a rating's comment, a contract or another supplier."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Min, Prefetch, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from base.evidence import EvidenceForm, serve_evidence, upload_help
from base.lists import FilteredListView
from regions.access import Capability, security_log
from revisioner import services
from revisioner.models import ActionEvidence, Audit, CorrectiveAction, Deviation
from revisioner.services.findings import ANSWERABLE_AUDIT_STATES
from revisioner.supplier_forms import ImplementedForm, PlanForm, SupplierDeviationFilter
from revisioner.views.common import fail

Status = CorrectiveAction.Status


def deviation_url(deviation_id: int, action_id: int | None = None) -> str:
    url = reverse("supplier_deviation", args=[deviation_id])
    return f"{url}#atgard-{action_id}" if action_id else url


def may_plan(deviation, actions) -> bool:
    """A new plan is asked for: the deviation is open, its audit awaits answers, and no plan the
    supplier sent stands (a returned plan is changed, not added to)."""
    return (
        deviation.status == Deviation.Status.OPEN
        and deviation.audit.status in ANSWERABLE_AUDIT_STATES
        and not any(action.status in CorrectiveAction.PLAN_UNDER_WAY for action in actions)
    )


def next_step(deviation, actions) -> str:
    """What the deviation asks of the supplier now, in a few words (from its actions, prefetched)."""
    if deviation.status != Deviation.Status.OPEN:
        return ""
    statuses = {action.status for action in actions}
    if deviation.audit.status in ANSWERABLE_AUDIT_STATES:
        if Status.RETURNED in statuses and not statuses & set(CorrectiveAction.PLAN_SENT):
            return _("Planen är returnerad: ändra den och skicka igen.")
        if not statuses & set(CorrectiveAction.PLAN_SENT):
            return _("Skicka en åtgärdsplan: vad, vem och när.")
    if Status.PLAN_RECEIVED in statuses:
        return _("Genomför planen och rapportera den genomförd, med underlag.")
    if Status.PROPOSED in statuses:
        return _("Planen väntar på samordnarens granskning.")
    if Status.IMPLEMENTED in statuses:
        return _("Genomförd; väntar på verifiering.")
    return ""


def supplier_actions(user, deviation):
    return (
        CorrectiveAction.objects.for_supplier_contact(user)
        .filter(deviation=deviation)
        .prefetch_related(Prefetch("evidence", queryset=ActionEvidence.objects.order_by("uploaded_at", "pk")))
        .order_by("pk")
    )


def deviation_page(http_request, deviation, *, plan_form=None, implemented_form=None, status=200):
    """The page of one deviation with its actions and the forms the supplier may use now;
    ``plan_form``/``implemented_form`` is a refused form shown again with the person's input."""
    actions = list(supplier_actions(http_request.user, deviation))
    deviation_open = deviation.status == Deviation.Status.OPEN
    answerable = deviation_open and deviation.audit.status in ANSWERABLE_AUDIT_STATES
    for action in actions:
        action.plan_form = action.implemented_form = None
        if answerable and action.status == Status.RETURNED:
            bound = plan_form is not None and plan_form.action is not None and plan_form.action.pk == action.pk
            action.plan_form = plan_form if bound else PlanForm(action=action)
        if deviation_open and action.status == Status.PLAN_RECEIVED:
            bound = implemented_form is not None and implemented_form.prefix == f"genomford-{action.pk}"
            action.implemented_form = implemented_form if bound else ImplementedForm(action=action)
        action.takes_evidence = answerable and action.status != Status.VERIFIED
    new_plan_form = None
    if may_plan(deviation, actions):
        new_plan_form = plan_form if plan_form is not None and plan_form.action is None else PlanForm()
    context = {
        "deviation": deviation,
        "audit": deviation.audit,
        "criterion": deviation.rating.criterion if deviation.rating_id else None,
        "actions": actions,
        "plan_form": new_plan_form,
        "next_step": next_step(deviation, actions),
        "evidence_form": EvidenceForm(),
        "upload_help": upload_help(),
    }
    return TemplateResponse(http_request, "revisioner/supplier_side/deviation.html", context, status=status)


def supplier_deviation_or_404(user, pk) -> Deviation:
    return get_object_or_404(
        Deviation.objects.for_supplier_contact(user).select_related(
            "audit__supplier", "clause__version__requirement", "rating__criterion"
        ),
        pk=pk,
    )


class DeviationListView(FilteredListView):
    """The supplier's deviations: open first, those with the nearest due date of an action first."""

    capability = Capability.ANSWER_FOR_SUPPLIER
    template_name = "revisioner/supplier_side/deviation_list.html"
    context_object_name = "deviations"
    filterset_class = SupplierDeviationFilter
    sorts = {
        "open": (
            gettext_lazy("Öppna först"),
            ["open_rank", F("next_due").asc(nulls_last=True), "-created_at", "-pk"],
        ),
        "-recorded": (gettext_lazy("Senaste först"), ["-created_at", "-pk"]),
    }

    def base_queryset(self):
        return (
            Deviation.objects.for_supplier_contact(self.request.user)
            .select_related("audit__supplier", "clause")
            .annotate(
                open_rank=Case(
                    When(status=Deviation.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
                ),
                next_due=Min("actions__due_on", filter=Q(actions__status__in=CorrectiveAction.UNFINISHED)),
            )
            .prefetch_related(
                Prefetch("actions", queryset=CorrectiveAction.objects.unscoped().order_by("due_on", "pk"))
            )
        )

    def get(self, request, *args, **kwargs):
        # No download of the list for a supplier: only the page.
        return super(FilteredListView, self).get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for deviation in context["deviations"]:
            deviation.next_step = next_step(deviation, deviation.actions.all())
        context["several_suppliers"] = len({deviation.audit.supplier_id for deviation in context["deviations"]}) > 1
        return context


class DeviationView(View):
    capability = Capability.ANSWER_FOR_SUPPLIER

    def get(self, request, pk):
        return deviation_page(request, supplier_deviation_or_404(request.user, pk))


class PlanView(View):
    """Propose a plan for a deviation, or change the returned one (``action`` names it) and send it again."""

    capability = Capability.ANSWER_FOR_SUPPLIER
    http_method_names = ["post"]

    def post(self, request, pk):
        deviation = supplier_deviation_or_404(request.user, pk)
        actions = list(supplier_actions(request.user, deviation))
        action = None
        if request.POST.get("action"):
            action = next(
                (a for a in actions if str(a.pk) == request.POST["action"] and a.status == Status.RETURNED), None
            )
            if action is None:
                messages.error(request, _("Planen kan inte längre ändras."))
                return redirect(deviation_url(deviation.pk))
        form = PlanForm(request.POST, action=action)
        if not form.is_valid():
            return deviation_page(request, deviation, plan_form=form, status=400)
        try:
            # The same plan sent twice (a double click, two at once) is the first one; another new
            # plan while one is under way is refused: the service decides, under the deviation's lock.
            action = services.propose_plan(
                acting_user=request.user,
                deviation=deviation,
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                action=action,
            )
        except ValidationError as error:
            fail(request, error)
            return redirect(deviation_url(deviation.pk))
        messages.success(request, _("Tack! Åtgärdsplanen är skickad till samordnaren för granskning."))
        return redirect(deviation_url(deviation.pk, action.pk))


class SupplierActionMixin:
    capability = Capability.ANSWER_FOR_SUPPLIER
    http_method_names = ["post"]

    def get_action(self) -> CorrectiveAction:
        return get_object_or_404(
            CorrectiveAction.objects.for_supplier_contact(self.request.user).select_related("deviation__audit"),
            pk=self.kwargs["pk"],
        )


class ImplementedView(SupplierActionMixin, View):
    """Report an accepted plan carried out, with a note of what was done."""

    def post(self, request, pk):
        action = self.get_action()
        form = ImplementedForm(request.POST, action=action)
        if not form.is_valid():
            deviation = supplier_deviation_or_404(request.user, action.deviation_id)
            return deviation_page(request, deviation, implemented_form=form, status=400)
        try:
            services.report_implemented(
                acting_user=request.user,
                action=action,
                note=form.cleaned_data["note"],
                seen_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(
                request, _("Tack! Åtgärden är rapporterad genomförd. Samordnaren verifierar den med ert underlag.")
            )
        return redirect(deviation_url(action.deviation_id, action.pk))


class ActionEvidenceView(SupplierActionMixin, View):
    """A file sent with a corrective action. A refused file is named in a message; nothing is stored."""

    def post(self, request, pk):
        action = self.get_action()
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["file"]))
            return redirect(deviation_url(action.deviation_id, action.pk))
        try:
            evidence = services.add_action_evidence(
                acting_user=request.user, action=action, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, _("Filen %(name)s är sparad som underlag.") % {"name": evidence.name})
        return redirect(deviation_url(action.deviation_id, action.pk))


class ActionEvidenceDownloadView(View):
    """A file sent with a corrective action, as an attachment under the name it was sent with.

    Declares ``Capability.PUBLIC`` because two kinds of people use it, and checks access itself:
    the supplier's contact person of the action's supplier
    (``CorrectiveAction.objects.for_supplier_contact``), or a member who sees the action's audit
    (``Audit.objects.visible_to``). Anyone else gets 404, whether or not the file exists; a person
    not logged in is sent to the login first."""

    capability = Capability.PUBLIC
    http_method_names = ["get"]

    def get(self, request, pk):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        evidence = ActionEvidence.objects.select_related("action__deviation").filter(pk=pk).first()
        if evidence is None or not self.may_read(user, evidence):
            if evidence is not None:
                security_log.warning("denied action evidence %s to user %s", pk, user.pk)
            raise Http404
        return serve_evidence(request, evidence)

    @staticmethod
    def may_read(user, evidence) -> bool:
        if CorrectiveAction.objects.for_supplier_contact(user).filter(pk=evidence.action_id).exists():
            return True
        return Audit.objects.visible_to(user).filter(pk=evidence.action.deviation.audit_id).exists()
