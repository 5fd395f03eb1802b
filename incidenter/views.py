"""Pages of incident cases: the list (filtered, sorted, paged, downloadable), opening a case,
the case page with its timeline and outcomes, the steps a named participant takes, and the
timeline's files.

Reads go through ``Incident.objects.visible_to``/``get_for_user`` (a case outside the reader's
scope answers 404); writes through ``get_for_user(..., edit=True)`` and incidenter/services.py.
Every read of a confidential case, page or file, is recorded."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from base.forms import AlreadyCreated, StaleEdit
from base.history import link_changes
from base.lists import FilteredListView
from incidenter import documents, services
from incidenter.access import can_edit_case, can_see_reads
from incidenter.filters import IncidentFilter
from incidenter.forms import (
    AuditLinkForm,
    CloseForm,
    ContractLinkForm,
    IncidentForm,
    OutcomeForm,
    ParticipantForm,
    PartyForm,
    SummaryForm,
    TimelineEntryForm,
)
from incidenter.models import (
    Incident,
    IncidentParticipant,
    InvolvedParty,
    Outcome,
    TimelineAttachment,
    TimelineEntry,
)
from regions.access import Capability, get_for_user
from revisioner.models import Audit, Contract, Supplier

# How many reads of a confidential case its page lists.
READ_LOG_ROWS = 20

# The links whose changes the case history shows (Incident.history records them).
HISTORY_LINKS = ["participating_regions", "affected_regions", "affected_contracts", "audits"]


def _parties_prefetch():
    return Prefetch("parties", queryset=InvolvedParty.objects.select_related("supplier"))


class IncidentListView(FilteredListView):
    capability = Capability.RECORD_INCIDENTS
    template_name = "incidenter/incident_list.html"
    rows_template_name = "incidenter/incident_list_rows.html"
    context_object_name = "incidents"
    filterset_class = IncidentFilter
    sorts = {
        "-opened": (gettext_lazy("Nyast"), ["-opened_on", "-pk"]),
        "opened": (gettext_lazy("Äldst"), ["opened_on", "pk"]),
        "title": (gettext_lazy("Rubrik"), ["title", "pk"]),
        "status": (gettext_lazy("Status"), ["status", "-opened_on", "-pk"]),
    }
    export_name = "incidentarenden"
    export_label = gettext_lazy("incidentärenden")
    export_columns = documents.INCIDENT_COLUMNS

    def base_queryset(self):
        return (
            Incident.objects.visible_to(self.request.user)
            .select_related("lead_region")
            .prefetch_related("allegations", _parties_prefetch())
        )

    def get_context_data(self, **kwargs):
        supplier_id = self.request.GET.get("supplier", "")
        supplier = Supplier.objects.filter(pk=supplier_id).first() if supplier_id.isdigit() else None
        return super().get_context_data(supplier_filter=supplier, **kwargs)


class IncidentCreateView(TemplateView):
    capability = Capability.RECORD_INCIDENTS
    template_name = "incidenter/incident_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": IncidentForm(user=request.user)})

    def post(self, request, *args, **kwargs):
        form = IncidentForm(request.POST, user=request.user)
        if form.is_valid():
            supplier = form.cleaned_data["supplier"]
            try:
                incident = services.open_case(
                    acting_user=request.user,
                    incident=form.save(commit=False),
                    allegations=form.cleaned_data["allegations"],
                    suppliers=[supplier] if supplier else [],
                    participating_regions=form.cleaned_data["participating_regions"],
                    partner_organisations=form.cleaned_data["partner_organisations"],
                )
            except AlreadyCreated as sent:
                messages.info(request, _("Formuläret var redan skickat. Här är ärendet som öppnades då."))
                return redirect(sent.obj)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Ärendet är öppnat."))
                _say_if_notifications_wait(request, incident)
                return redirect(incident)
        return self.render_to_response({"form": form}, status=400)


class IncidentEditView(TemplateView):
    capability = Capability.RECORD_INCIDENTS
    template_name = "incidenter/incident_form.html"

    def get_incident(self):
        incident = get_for_user(Incident.objects.all(), self.request.user, edit=True, pk=self.kwargs["pk"])
        if not incident.is_open:
            raise Http404
        return incident

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": IncidentForm(instance=self.get_incident(), user=request.user)})

    def post(self, request, *args, **kwargs):
        form = IncidentForm(request.POST, instance=self.get_incident(), user=request.user)
        status = 400
        if form.is_valid():
            try:
                incident = services.update_case(
                    acting_user=request.user,
                    incident=form.save(commit=False),
                    allegations=form.cleaned_data["allegations"],
                    participating_regions=form.cleaned_data["participating_regions"],
                    partner_organisations=form.cleaned_data["partner_organisations"],
                )
            except StaleEdit as error:
                form.refuse_stale(error)
                status = 409
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Ärendet är sparat."))
                return redirect(incident)
        return self.render_to_response({"form": form}, status=status)


def get_incident(request, pk, *, edit=False):
    incidents = Incident.objects.select_related("lead_region", "category", "created_by").prefetch_related(
        "participating_regions",
        "affected_regions",
        "partner_organisations",
        "allegations",
        Prefetch("participants", queryset=IncidentParticipant.objects.select_related("user")),
        _parties_prefetch(),
        Prefetch("affected_contracts", queryset=Contract.objects.visible_to(request.user).select_related("supplier")),
        # A linked audit the reader may not see is left out: even its existence is not theirs.
        Prefetch("audits", queryset=Audit.objects.visible_to(request.user).select_related("supplier")),
        Prefetch("timeline", queryset=TimelineEntry.objects.prefetch_related("attachments")),
        Prefetch("outcomes", queryset=Outcome.objects.select_related("contract__supplier", "region")),
    )
    return get_for_user(incidents, request.user, edit=edit, pk=pk)


class IncidentDetailView(TemplateView):
    """A case: its facts, parties, contracts and regions, the timeline with files, the outcomes;
    for its named participants the next steps; for the secretariat who read it."""

    capability = Capability.RECORD_INCIDENTS
    template_name = "incidenter/incident_detail.html"

    def get(self, request, *args, **kwargs):
        incident = get_incident(request, self.kwargs["pk"])
        services.record_read(incident, request.user, "ärendet")
        return self.render_to_response(case_context(request, incident))


def case_context(request, incident, **forms) -> dict:
    user = request.user
    editable = can_edit_case(user, incident)
    context = {
        "incident": incident,
        "editable": editable,
        "can_edit_open": editable and incident.is_open,
        "history": link_changes(incident.history.select_related("history_user")[:8], HISTORY_LINKS, user),
    }
    if can_see_reads(user, incident):
        context["reads"] = incident.reads.select_related("user")[:READ_LOG_ROWS]
    if editable and incident.is_open:
        context.update(
            party_form=forms.get("party_form") or PartyForm(),
            timeline_form=forms.get("timeline_form") or TimelineEntryForm(),
            outcome_form=forms.get("outcome_form") or OutcomeForm(incident=incident, user=user),
            contract_form=forms.get("contract_form") or ContractLinkForm(incident=incident, user=user),
            audit_form=forms.get("audit_form") or AuditLinkForm(incident=incident, user=user),
            participant_form=forms.get("participant_form") or ParticipantForm(incident=incident, user=user),
            summary_form=forms.get("summary_form") or SummaryForm(initial={"summary": incident.summary}),
            close_form=forms.get("close_form") or CloseForm(initial={"summary": incident.summary}),
        )
        # Where the case cannot close yet the page says why instead of a form that is refused
        # (a refused close is shown with its errors, as sent).
        refusal = services.why_not_closable(incident, len(incident.outcomes.all()))
        if refusal and "close_form" not in forms:
            context.update(close_form=None, close_refusal=refusal)
    return context


class IncidentStepView(TemplateView):
    """A step a named participant takes on an open case: a form posted from the case page, handed
    to a service; an invalid form shows the case page again with its errors."""

    capability = Capability.RECORD_INCIDENTS
    template_name = "incidenter/incident_detail.html"
    http_method_names = ["post"]
    form_class = None
    form_name = ""
    done = ""
    takes_case = False  # whether the form needs the case and the user

    def make_form(self, incident):
        extra = {"incident": incident, "user": self.request.user} if self.takes_case else {}
        return self.form_class(self.request.POST, self.request.FILES, **extra)

    def post(self, request, *args, **kwargs):
        incident = get_incident(request, self.kwargs["pk"], edit=True)
        form = self.make_form(incident)
        if form.is_valid():
            try:
                self.act(incident, form)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, self.done)
                _say_if_notifications_wait(request, incident)
                return redirect(incident)
        context = case_context(request, incident, **{self.form_name: form})
        return self.render_to_response(context, status=400)

    def act(self, incident, form):
        raise NotImplementedError


def _add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PartyAddView(IncidentStepView):
    form_class, form_name = PartyForm, "party_form"
    done = gettext_lazy("Parten är tillagd.")

    def act(self, incident, form):
        services.add_party(acting_user=self.request.user, incident=incident, party=form.save(commit=False))


class TimelineAddView(IncidentStepView):
    form_class, form_name = TimelineEntryForm, "timeline_form"
    done = gettext_lazy("Händelsen är registrerad.")

    def act(self, incident, form):
        services.add_timeline_entry(
            acting_user=self.request.user,
            incident=incident,
            entry=form.save(commit=False),
            attachments=form.attachments(),
        )


class OutcomeAddView(IncidentStepView):
    form_class, form_name, takes_case = OutcomeForm, "outcome_form", True
    done = gettext_lazy("Utfallet är registrerat.")

    def act(self, incident, form):
        services.record_outcome(acting_user=self.request.user, incident=incident, outcome=form.save(commit=False))


class ContractLinkView(IncidentStepView):
    form_class, form_name, takes_case = ContractLinkForm, "contract_form", True
    done = gettext_lazy("Avtalet är kopplat till ärendet.")

    def act(self, incident, form):
        services.link_contract(acting_user=self.request.user, incident=incident, contract=form.cleaned_data["contract"])


class AuditLinkView(IncidentStepView):
    form_class, form_name, takes_case = AuditLinkForm, "audit_form", True
    done = gettext_lazy("Revisionen är kopplad till ärendet.")

    def act(self, incident, form):
        services.link_audit(acting_user=self.request.user, incident=incident, audit=form.cleaned_data["audit"])


class ParticipantAddView(IncidentStepView):
    form_class, form_name, takes_case = ParticipantForm, "participant_form", True
    done = gettext_lazy("Personen är namngiven i ärendet.")

    def act(self, incident, form):
        services.add_participant(acting_user=self.request.user, incident=incident, user=form.cleaned_data["user"])


class SummaryView(IncidentStepView):
    form_class, form_name = SummaryForm, "summary_form"
    done = gettext_lazy("Sammanfattningen är sparad.")

    def act(self, incident, form):
        services.save_summary(acting_user=self.request.user, incident=incident, summary=form.cleaned_data["summary"])


class CloseView(IncidentStepView):
    form_class, form_name = CloseForm, "close_form"
    done = gettext_lazy("Ärendet är avslutat.")

    def act(self, incident, form):
        services.close_case(
            acting_user=self.request.user,
            incident=incident,
            summary=form.cleaned_data["summary"],
            closed_on=form.cleaned_data["closed_on"],
        )


def _say_if_notifications_wait(request, incident) -> None:
    if getattr(incident, "notifications_delayed", False):
        messages.warning(
            request,
            _(
                "E-posten till regionernas kontaktpersoner kunde inte köas just nu. Den är sparad och "
                "skickas automatiskt inom en timme."
            ),
        )


class MakeNetworkView(View):
    capability = Capability.RECORD_INCIDENTS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        incident = get_for_user(Incident.objects.all(), request.user, edit=True, pk=self.kwargs["pk"])
        try:
            services.make_network(acting_user=request.user, incident=incident)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Ärendet delas nu med nätverket och regionernas kontaktpersoner får besked."))
            _say_if_notifications_wait(request, incident)
        return redirect(incident)


class AttachmentDownloadView(View):
    """A timeline file, only after the same check as its case; a read of a confidential case's file is recorded."""

    capability = Capability.RECORD_INCIDENTS

    def get(self, request, *args, **kwargs):
        incident = get_for_user(Incident.objects.all(), request.user, pk=self.kwargs["pk"])
        attachment = get_object_or_404(
            TimelineAttachment.objects.filter(entry__incident=incident), pk=self.kwargs["attachment"]
        )
        services.record_read(incident, request.user, f"bilaga {attachment.name}")
        response = FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.split("/")[-1]
        )
        response["Content-Type"] = attachment.content_type
        return response
