"""Corrective actions: the list, moving one to its next state from its audit's page, and the answer
to a plan the supplier proposed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from base.forms import StaleEdit
from regions.access import Capability
from revisioner import documents, services
from revisioner.filters import UNFINISHED, ActionFilter
from revisioner.forms import PlanReviewForm, add_errors
from revisioner.models import (
    CorrectiveAction,
)
from revisioner.views.audits import EditAuditMixin
from revisioner.views.common import (
    SupplierFilteredList,
    fail,
    seen_version,
)


class ActionMoveView(EditAuditMixin, View):
    def post(self, request, *args, **kwargs):
        audit = self.get_audit()
        action = get_object_or_404(
            CorrectiveAction.objects.unscoped(), pk=self.kwargs["action"], deviation__audit=audit
        )
        try:
            services.move_action(
                acting_user=request.user,
                action=action,
                status=request.POST.get("status", ""),
                seen_version=seen_version(request),
            )
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Åtgärden har status %(status)s.") % {"status": action.get_status_display()})
        return redirect(f"{audit.get_absolute_url()}#avvikelse-{action.deviation_id}")


class ActionListView(SupplierFilteredList):
    """The corrective actions: it opens on those not done of this year's audits, the overdue first;
    the filter, the sorting and the page stay in the URL."""

    capability = Capability.MEMBER
    template_name = "revisioner/action_list.html"
    rows_template_name = "revisioner/action_list_rows.html"
    context_object_name = "actions"
    filterset_class = ActionFilter
    export_name = "atgarder"
    export_columns = documents.ACTION_COLUMNS

    @property
    def sorts(self):
        overdue_first = Case(
            When(status__in=CorrectiveAction.UNFINISHED, due_on__lt=timezone.localdate(), then=Value(0)),
            default=Value(1),
        )
        return {
            "overdue": (gettext_lazy("Försenade först"), [overdue_first, "due_on", "pk"]),
            "due_on": (gettext_lazy("Förfaller först"), ["due_on", "pk"]),
            "-due_on": (gettext_lazy("Förfaller sist"), ["-due_on", "-pk"]),
            "supplier": (gettext_lazy("Leverantör"), ["deviation__audit__supplier__name", "due_on", "pk"]),
        }

    def default_filters(self):
        return {"status": UNFINISHED, "year": timezone.localdate().year}

    def base_queryset(self):
        return CorrectiveAction.objects.visible_to(self.request.user).select_related(
            "deviation__audit__supplier", "deviation__clause", "responsible"
        )


class PlanReviewView(EditAuditMixin, TemplateView):
    """The supplier's proposed plan for a corrective action, accepted or returned with a comment by
    those who lead the audit (anyone else: 404). The audit's page carries the form; this page shows
    it again when the answer was refused (a return without a comment), with the error at the field."""

    template_name = "revisioner/action_plan_review.html"
    http_method_names = ["get", "post"]

    def get_action(self, audit):
        actions = CorrectiveAction.objects.unscoped().select_related("deviation__clause", "proposed_by")
        return get_object_or_404(actions, pk=self.kwargs["action"], deviation__audit=audit)

    def get(self, request, *args, **kwargs):
        audit = self.get_audit()
        action = self.get_action(audit)
        form = PlanReviewForm(initial={"version": action.version})
        return self.render_to_response({"audit": audit, "action": action, "form": form})

    def post(self, request, *args, **kwargs):
        audit = self.get_audit()
        action = self.get_action(audit)
        back = f"{audit.get_absolute_url()}#avvikelse-{action.deviation_id}"
        form = PlanReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            accept = data["decision"] == PlanReviewForm.ACCEPT
            review = services.accept_plan if accept else services.return_plan
            try:
                review(acting_user=request.user, action=action, comment=data["comment"], seen_version=data["version"])
            except StaleEdit as error:
                fail(request, error)
                return redirect(back)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Planen är godkänd. Leverantören får besked och rapporterar när åtgärden är genomförd.")
                    if accept
                    else _("Planen är returnerad till leverantören med din kommentar."),
                )
                return redirect(back)
        return self.render_to_response({"audit": audit, "action": action, "form": form}, status=400)
