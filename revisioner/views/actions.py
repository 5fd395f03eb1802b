"""Corrective actions: the list, and moving one to its next state from its audit's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from regions.access import Capability
from revisioner import documents, services
from revisioner.filters import ActionFilter
from revisioner.models import (
    CorrectiveAction,
)
from revisioner.views.audits import EditAuditMixin, seen_version
from revisioner.views.common import (
    SupplierFilteredList,
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
    export_columns = documents.ACTION_COLUMNS

    def base_queryset(self):
        return CorrectiveAction.objects.visible_to(self.request.user).select_related(
            "deviation__audit__supplier", "deviation__clause", "responsible"
        )


class PlanReviewView(View):
    """TODO: built by the coordinators' side."""

    capability = Capability.WRITE_AUDITS

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")
