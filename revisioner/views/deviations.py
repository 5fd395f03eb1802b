"""Deviations: the list, and the changes on one deviation from its audit's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View

from base.forms import AlreadyCreated, StaleEdit
from regions.access import Capability
from revisioner import documents, services
from revisioner.filters import DeviationFilter
from revisioner.forms import (
    CorrectiveActionForm,
    DeviationForm,
)
from revisioner.models import (
    CorrectiveAction,
    Deviation,
)
from revisioner.views.audits import AuditDetailView, EditAuditMixin, seen_version
from revisioner.views.common import (
    SupplierFilteredList,
    count_of,
    errors_text,
    fail,
)


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
                acting_user=request.user,
                re_audit=audit,
                deviation=deviation,
                corrected=action == "corrected",
                seen_version=seen_version(request),
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
                messages.error(request, _("Kontrollera fälten: %(errors)s") % {"errors": errors_text(form)})
                return redirect(f"{audit.get_absolute_url()}#avvikelse-{deviation.pk}")
        try:
            change()
        except AlreadyCreated:
            messages.info(request, _("Formuläret var redan skickat: åtgärden registrerades första gången."))
        except StaleEdit as error:
            if action != "severity":
                fail(request, error)
            else:  # the audit's page again, the person's input in the deviation's form
                form.refuse_stale(error)
                return self.refused(request, form)
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, done)
        return redirect(f"{audit.get_absolute_url()}#avvikelse-{deviation.pk}")

    def refused(self, request, form):
        page = AuditDetailView()
        page.setup(request, *self.args, pk=self.kwargs["pk"])
        context = page.get_context_data(refused_deviation_form=form)
        return TemplateResponse(request, page.template_name, context, status=409)


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
    export_columns = documents.DEVIATION_COLUMNS

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
            .annotate(severity_rank=rank, action_count=count_of(CorrectiveAction.objects.unscoped(), "deviation"))
        )


class DeskVerificationView(View):
    """TODO: built by the coordinators' side."""

    capability = Capability.WRITE_AUDITS

    def dispatch(self, request, *args, **kwargs):
        raise Http404("not built yet")
