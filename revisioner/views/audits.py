"""Audits: the list, one audit with its ratings and findings, planning, rating, the steps of its
state, the summary for publication, and the report as PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from base.exports import download
from base.forms import AlreadyCreated, StaleEdit
from regions.access import Capability, get_for_user
from revisioner import access, documents, services
from revisioner.filters import AuditFilter
from revisioner.forms import (
    AuditForm,
    CorrectiveActionForm,
    DeviationCheckForm,
    DeviationForm,
    RatingForm,
    SummaryForm,
)
from revisioner.models import (
    Audit,
    AuditParticipant,
    CorrectiveAction,
    Deviation,
)
from revisioner.views.common import (
    SupplierFilteredList,
    by_clause,
    count_of,
    fail,
    seen_version,
)


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
    export_label = gettext_lazy("revisioner")
    export_columns = documents.AUDIT_COLUMNS

    def base_queryset(self):
        return (
            Audit.objects.visible_to(self.request.user)
            .select_related("supplier", "category", "procurement_region")
            .annotate(
                deviation_count=count_of(Deviation.objects.unscoped(), "audit"),
                open_deviation_count=count_of(Deviation.objects.unscoped().open(), "audit"),
            )
        )

    rows_template_name = "revisioner/audit_list_rows.html"

    def page_context(self):
        return {"can_write": access.can_write_audits(self.request.user)}


class AuditDetailView(TemplateView):
    """An audit: its facts, the ratings per criterion grouped by clause, the deviations with
    their corrective actions, what a re-audit checks, and the next steps its state allows."""

    capability = Capability.MEMBER
    template_name = "revisioner/audit_detail.html"

    def get_audit(self):
        audits = Audit.objects.select_related(
            "facility", "supplier", "category", "procurement_region", "template", "follows_up", "summary_approved_by"
        ).prefetch_related(
            "participating_regions", Prefetch("participants", queryset=AuditParticipant.objects.select_related("user"))
        )
        return get_for_user(audits, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        audit = self.get_audit()
        user = self.request.user
        editable = access.can_edit(user, audit)
        # The actions with who proposed them (the supplier's plans) and the files the supplier sent.
        actions = Prefetch(
            "actions",
            queryset=CorrectiveAction.objects.unscoped()
            .select_related("responsible", "proposed_by")
            .prefetch_related("evidence")
            .order_by("due_on"),
        )
        deviations = list(
            audit.deviations.select_related("clause", "verified_in", "verified_by").prefetch_related(actions)
        )
        refused = kwargs.pop("refused_deviation_form", None)
        for deviation in deviations:
            deviation.desk_ready = _desk_ready(deviation)
            # The severity form's values: the stored ones, or the person's input when their save was refused.
            kept = refused if refused is not None and refused.instance.pk == deviation.pk else None
            deviation.edit_form = kept
            deviation.edit_severity = kept.data.get("severity") if kept else deviation.severity
            deviation.edit_description = kept.data.get("description") if kept else deviation.description
            deviation.edit_version = kept.data.get("version") if kept else deviation.version
        open_count = sum(1 for deviation in deviations if deviation.status == Deviation.Status.OPEN)
        ratings = {rating.criterion_id: rating for rating in audit.ratings.all()}
        criteria = (
            list(audit.template.criteria.select_related("clause__version__requirement")) if audit.template else []
        )
        checks = []
        if audit.kind == Audit.Kind.RE_AUDIT and audit.follows_up_id:
            checks = list(
                Deviation.objects.visible_to(user)
                .filter(audit_id=audit.follows_up_id)
                .select_related("clause", "verified_in", "reopened_in", "verified_by")
                .prefetch_related(actions)
            )
        return super().get_context_data(
            audit=audit,
            editable=editable,
            # Those who lead the audit answer the supplier's plans and verify at the desk.
            can_review=access.can_review_for(user, audit.procurement_region),
            can_manage=access.can_approve_summary(user),
            groups=by_clause(criteria, ratings),
            deviations=deviations,
            checks=checks,
            transitions=_transitions(audit, open_count) if editable else [],
            # Where closing is not possible yet the page says why, instead of a step that fails.
            close_refusal=services.why_not_closable(audit, open_count) if editable else "",
            deviation_form=DeviationForm(),
            check_form=DeviationCheckForm(),
            action_form=CorrectiveActionForm(),
            summary_form=SummaryForm(initial={"summary": audit.summary}),
            re_audits=Audit.objects.visible_to(user).filter(follows_up=audit),
            history=_history(audit),
            **kwargs,
        )


def _history(audit: Audit, size: int = 8) -> list:
    """The audit's latest changes: its own steps and who joined or left it, newest first. A
    participant's change carries ``participant``, the sentence that says it."""
    participants = AuditParticipant.history.filter(audit_id=audit.pk).select_related("history_user", "user")
    rows = list(audit.history.select_related("history_user")[:size]) + list(participants[:size])
    for row in rows:
        if row.instance_type is AuditParticipant:
            name = row.user.name if row.user_id and row.user else row.name or "–"
            role = row.get_role_display().lower()
            row.participant = {
                "+": _("%(name)s deltar som %(role)s"),
                "~": _("%(name)s deltar nu som %(role)s"),
                "-": _("%(name)s deltar inte längre"),
            }[row.history_type] % {"name": name, "role": role}
    return sorted(rows, key=lambda row: row.history_date, reverse=True)[:size]


def _desk_ready(deviation: Deviation) -> bool:
    """Whether an open deviation has what desk verification needs: an implemented action with a file."""
    return deviation.status == Deviation.Status.OPEN and any(
        action.status == CorrectiveAction.Status.IMPLEMENTED and action.evidence.all()
        for action in deviation.actions.all()
    )


def _transitions(audit: Audit, open_deviations: int) -> list[tuple[str, str, str]]:
    """(action in the URL, button label, style) for what the audit's state allows next: closing
    only once no deviation is open (services.why_not_closable), awaiting actions only while one is."""
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
    if services.why_not_closable(audit, open_deviations):
        allowed = [step for step in allowed if step[0] != "close"]
    if not open_deviations:
        allowed = [step for step in allowed if step[0] != "await-actions"]
        allowed = [(action, label, "primary" if action == "close" else style) for action, label, style in allowed]
    if audit.status in (Status.PLANNED, Status.IN_PROGRESS):
        allowed = [*allowed, ("cancel", _("Ställ in revisionen"), "danger")]
    return allowed


class AuditFormView(TemplateView):
    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/audit_form.html"

    def get_audit(self, only_planned=True):
        if "pk" in self.kwargs:
            audit = get_for_user(Audit.objects.all(), self.request.user, edit=True, pk=self.kwargs["pk"])
            if only_planned and audit.status != Audit.Status.PLANNED:
                raise Http404
            return audit
        return Audit()

    def followed_audit(self):
        """The audit a re-audit is booked from (``?follows_up=<audit>`` or ``?deviation=<deviation>``):
        one the person leads, else 404, as the form's follow-up number asks."""
        audit_id, deviation_id = self.request.GET.get("follows_up", ""), self.request.GET.get("deviation", "")
        if not audit_id.isdigit() and not deviation_id.isdigit():
            return None
        audits = Audit.objects.select_related("supplier").prefetch_related("participating_regions")
        if audit_id.isdigit():
            return get_for_user(audits, self.request.user, edit=True, pk=int(audit_id))
        return get_for_user(audits, self.request.user, edit=True, deviations=int(deviation_id))

    def get(self, request, *args, **kwargs):
        initial = {key: request.GET[key] for key in ("supplier", "category", "kind") if key in request.GET}
        followed, checks = (None, []) if "pk" in kwargs else (self.followed_audit(), [])
        if followed is not None:
            # A re-audit of the same supplier, category and site, led by the same procurement region,
            # checking the open deviations of the audit it follows up.
            initial = {
                "kind": Audit.Kind.RE_AUDIT,
                "follows_up": followed.pk,
                "supplier": followed.supplier,
                "category": followed.category_id,
                "procurement_region": followed.procurement_region_id,
                "participating_regions": [region.pk for region in followed.participating_regions.all()],
                "site": followed.site,
                "country": followed.country,
            }
            checks = list(followed.deviations.open().select_related("clause"))
        form = AuditForm(instance=self.get_audit(), user=request.user, initial=initial)
        return self.render_to_response({"form": form, "followed": followed, "checks": checks})

    def post(self, request, *args, **kwargs):
        # An audit started meanwhile is refused by the service, with the person's input kept.
        form = AuditForm(request.POST, instance=self.get_audit(only_planned=False), user=request.user)
        status = 400
        if form.is_valid():
            try:
                audit = services.plan_audit(
                    acting_user=request.user,
                    audit=form.save(commit=False),
                    participating_regions=form.cleaned_data["participating_regions"],
                    participants=form.participants(),
                    facility=form.facility(),
                )
            except AlreadyCreated as sent:
                messages.info(request, _("Formuläret var redan skickat. Här är revisionen som planerades då."))
                return redirect(sent.obj)
            except StaleEdit as error:
                form.refuse_stale(error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Revisionen är planerad."))
                return redirect(audit)
        return self.render_to_response({"form": form}, status=status)


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
                    + (
                        " "
                        + ngettext("%(count)d ny avvikelse.", "%(count)d nya avvikelser.", len(created))
                        % {"count": len(created)}
                        if created
                        else ""
                    ),
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
            result = change(acting_user=request.user, audit=audit, seen_version=seen_version(request))
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, done)
            if isinstance(result, list) and len(result) > 1:
                messages.success(
                    request,
                    _("Revision %(number)d är också avslutad: alla dess avvikelser är verifierade.")
                    % {"number": result[1].pk},
                )
        return redirect(audit)


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
                acting_user=user, audit=audit, summary=form.cleaned_data["summary"], seen_version=seen_version(request)
            )
            done = _("Sammanfattningen är skickad till kansliet för godkännande.")
        try:
            change()
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, done)
        return redirect(audit)


class AuditReportPdfView(AuditDetailView):
    """The audit report as PDF, for the supplier and the file: never the internal notes."""

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return download(
            *documents.audit_report(context["audit"], groups=context["groups"], deviations=context["deviations"])
        )
