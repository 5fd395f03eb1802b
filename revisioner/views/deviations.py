"""Deviations: the list, the changes on one deviation from its audit's page, and desk verification."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from base.forms import AlreadyCreated, StaleEdit
from regions.access import Capability
from revisioner import documents, services
from revisioner.filters import DeviationFilter
from revisioner.forms import (
    CorrectiveActionForm,
    DeskVerificationForm,
    DeviationCheckForm,
    DeviationForm,
    add_errors,
)
from revisioner.models import (
    CorrectiveAction,
    Deviation,
)
from revisioner.views.audits import AuditDetailView, EditAuditMixin
from revisioner.views.common import (
    SupplierFilteredList,
    count_of,
    errors_text,
    fail,
    seen_version,
)


class DeviationActionView(EditAuditMixin, View):
    """On one deviation: change severity and description, add a corrective action, or, from a
    re-audit, record whether it was corrected (verified on site, with the verifier's optional
    effectiveness note)."""

    def post(self, request, *args, **kwargs):
        audit = self.get_audit()
        action = request.POST.get("action")
        if action in ("corrected", "not_corrected"):
            deviation = get_object_or_404(
                Deviation.objects.editable_by(request.user),
                pk=self.kwargs["deviation"],
                audit=audit.follows_up_id or -1,
            )
            form = DeviationCheckForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Kontrollera fälten: %(errors)s") % {"errors": errors_text(form)})
                return redirect(f"{audit.get_absolute_url()}#kontroll-{deviation.pk}")
            change = lambda: services.check_deviation(  # noqa: E731
                acting_user=request.user,
                re_audit=audit,
                deviation=deviation,
                corrected=action == "corrected",
                seen_version=seen_version(request),
                effectiveness_note=form.cleaned_data["effectiveness_note"].strip() if action == "corrected" else "",
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
    rows_template_name = "revisioner/deviation_list_rows.html"
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
    export_label = gettext_lazy("avvikelser")
    export_columns = documents.DEVIATION_COLUMNS

    def export_rows(self):
        return documents.deviation_rows(self.get_queryset())

    def base_queryset(self):
        rank = Case(
            When(severity=Deviation.Severity.CRITICAL, then=Value(3)),
            When(severity=Deviation.Severity.MAJOR, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            Deviation.objects.visible_to(self.request.user)
            .select_related("audit__supplier", "audit__procurement_region", "clause", "verified_by")
            .annotate(severity_rank=rank, action_count=count_of(CorrectiveAction.objects.unscoped(), "deviation"))
        )


class DeskVerificationView(EditAuditMixin, TemplateView):
    """Desk verification: a named verifier (one who leads the audit; anyone else: 404) closes an
    open deviation on the supplier's evidence, an implemented action with at least one file, and
    writes an effectiveness note. A critical deviation is verified on site, by a re-audit: the page
    says so instead of offering the form (and the service refuses it)."""

    template_name = "revisioner/deviation_desk_verification.html"
    http_method_names = ["get", "post"]

    def get_deviation(self, audit):
        actions = Prefetch(
            "actions",
            queryset=CorrectiveAction.objects.unscoped().prefetch_related("evidence").order_by("due_on", "pk"),
        )
        deviations = audit.deviations.select_related("clause", "verified_by").prefetch_related(actions)
        return get_object_or_404(deviations, pk=self.kwargs["deviation"])

    def context(self, audit, deviation, form):
        implemented = [a for a in deviation.actions.all() if a.status == CorrectiveAction.Status.IMPLEMENTED]
        return {
            "audit": audit,
            "deviation": deviation,
            "form": form,
            "implemented": implemented,
            "has_evidence": any(a.evidence.all() for a in implemented),
            "needs_re_audit": deviation.severity == Deviation.Severity.CRITICAL,
        }

    def get(self, request, *args, **kwargs):
        audit = self.get_audit()
        deviation = self.get_deviation(audit)
        form = DeskVerificationForm(initial={"version": deviation.version})
        return self.render_to_response(self.context(audit, deviation, form))

    def post(self, request, *args, **kwargs):
        audit = self.get_audit()
        deviation = self.get_deviation(audit)
        back = f"{audit.get_absolute_url()}#avvikelse-{deviation.pk}"
        form = DeskVerificationForm(request.POST)
        if form.is_valid():
            try:
                services.verify_at_desk(
                    acting_user=request.user,
                    deviation=deviation,
                    effectiveness_note=form.cleaned_data["effectiveness_note"],
                    seen_version=form.cleaned_data["version"],
                )
            except StaleEdit as error:
                fail(request, error)
                return redirect(back)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("Avvikelsen är verifierad åtgärdad vid skrivbordet. Leverantören får besked.")
                )
                return redirect(back)
        return self.render_to_response(self.context(audit, deviation, form), status=400)
