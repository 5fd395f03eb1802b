"""Pages of the academy: the events, registering, participant lists with attendance, newcomers,
the diploma, and the public registration form.

Events are the network's; registrations are read through ``Registration.objects.visible_to`` (the
secretariat sees all, a member their own); diplomas through ``get_for_user``. Writes go through
akademi/services.py."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from akademi import documents, services
from akademi.access import can_manage_academy
from akademi.diploma import coordinators, progress_for, progress_of
from akademi.filters import EventFilter, ParticipantFilter
from akademi.forms import EventForm, InviteNewcomersForm, MaterialForm, PublicRegistrationForm
from akademi.models import Diploma, Event, NewcomerInvitation, Registration
from akademi.statistics import breakdown, certified_per_year, newcomers
from base.exports import download
from base.forms import AlreadyCreated, StaleEdit, new_once_token, once_token_from
from base.lists import FilteredListView
from regions.access import Capability, get_for_user
from regions.models import Membership
from regions.views import site_url

Status = Registration.Status


def _fail(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))


def counted(prefix=""):
    """Registrations, waiting list and attendance of an event, as annotations or an aggregate."""
    return {
        "registered_count": Count("pk", filter=Q(**{f"{prefix}status": Status.REGISTERED})),
        "waiting_count": Count("pk", filter=Q(**{f"{prefix}status": Status.WAITING})),
        "attended_count": Count("pk", filter=Q(**{f"{prefix}attended": True})),
    }


# Events --------------------------------------------------------------------------------------


class EventListView(FilteredListView):
    capability = Capability.MEMBER
    template_name = "akademi/event_list.html"
    rows_template_name = "akademi/event_list_rows.html"
    context_object_name = "events"
    filterset_class = EventFilter
    sorts = {
        "-starts": (gettext_lazy("Senaste först"), ["-starts_at", "-pk"]),
        "starts": (gettext_lazy("Tidigaste först"), ["starts_at", "pk"]),
        "title": (gettext_lazy("Titel"), ["title", "pk"]),
        "-participants": (gettext_lazy("Flest deltagare"), ["-participant_count", "-starts_at", "-pk"]),
    }
    export_name = "evenemang"
    export_label = gettext_lazy("evenemang")
    export_columns = documents.EVENT_COLUMNS

    def base_queryset(self):
        # Historical events carry a recorded number of participants; others count their attendance.
        return (
            Event.objects.annotate(
                registered_count=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
                attended_count=Count("registrations", filter=Q(registrations__attended=True)),
            )
            .annotate(participant_count=Coalesce("recorded_participants", "attended_count"))
            .prefetch_related("co_organisers")
        )

    def page_context(self):
        return {"can_manage": can_manage_academy(self.request.user)}


def _event(pk):
    return get_object_or_404(Event.objects.prefetch_related("co_organisers"), pk=pk)


class EventDetailView(TemplateView):
    capability = Capability.MEMBER
    template_name = "akademi/event_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        event = get_object_or_404(Event.objects.prefetch_related("co_organisers", "materials"), pk=self.kwargs["pk"])
        own = Registration.objects.visible_to(user).filter(event=event, user=user).first()
        totals = Registration.objects.unscoped().filter(event=event).aggregate(**counted())
        places_left = max(event.capacity - totals["registered_count"], 0) if event.capacity is not None else None
        return super().get_context_data(
            event=event,
            own=own if own and own.status != Status.CANCELLED else None,
            totals=totals,
            participants=event.recorded_participants or totals["attended_count"],
            places_left=places_left,
            registration_open=event.registration_open(),
            register_token=new_once_token(),
            can_manage=can_manage_academy(user),
            material_form=kwargs.pop("material_form", None) or MaterialForm(),
            **kwargs,
        )


class EventFormView(TemplateView):
    capability = Capability.MANAGE_ACADEMY
    template_name = "akademi/event_form.html"

    def get_event(self):
        return _event(self.kwargs["pk"]) if "pk" in self.kwargs else Event()

    def get(self, request, *args, **kwargs):
        event = self.get_event()
        return self.render_to_response({"form": EventForm(instance=event), "event": event})

    def post(self, request, *args, **kwargs):
        event = self.get_event()
        form = EventForm(request.POST, instance=event)
        status = 400
        if form.is_valid():
            try:
                services.save_event(
                    acting_user=request.user,
                    event=form.save(commit=False),
                    co_organisers=form.cleaned_data["co_organisers"],
                )
            except AlreadyCreated as sent:
                messages.info(request, _("Formuläret var redan skickat. Här är evenemanget som skapades då."))
                return redirect(sent.obj)
            except StaleEdit as error:
                form.refuse_stale(error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Evenemanget är sparat."))
                return redirect(form.instance)
        return self.render_to_response({"form": form, "event": event}, status=status)


class RegisterView(View):
    """One click: the member registers (or gets on the waiting list)."""

    capability = Capability.MEMBER
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        event = _event(self.kwargs["pk"])
        once = once_token_from(request.POST)
        if once is None:
            messages.error(request, _("Sidan var för gammal. Anmäl dig igen här."))
            return redirect(event)
        try:
            registration = services.register_member(acting_user=request.user, event=event, once=once)
        except AlreadyCreated as sent:
            first = sent.obj
            if first.status == Status.CANCELLED:
                messages.info(request, _("Anmälan var redan skickad, och du har avbokat den sedan."))
            else:
                messages.info(request, _("Anmälan var redan skickad: du har status %(status)s.")
                              % {"status": first.get_status_display()})  # fmt: skip
            return redirect(first.event)
        except ValidationError as error:
            _fail(request, error)
        else:
            if registration.status == Status.WAITING:
                messages.warning(request, _("Evenemanget är fullt. Du står på reservlistan."))
            else:
                messages.success(request, _("Du är anmäld."))
        return redirect(event)


class UnregisterView(View):
    capability = Capability.MEMBER
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        event = _event(self.kwargs["pk"])
        own = Registration.objects.visible_to(request.user).filter(event=event, user=request.user).first()
        if own is None or own.status == Status.CANCELLED:
            messages.error(request, _("Du är inte anmäld."))
        else:
            try:
                services.cancel(acting_user=request.user, registration=own)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Din anmälan är avbokad."))
        return redirect(event)


class MaterialUploadView(EventDetailView):
    capability = Capability.MANAGE_ACADEMY
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        event = _event(self.kwargs["pk"])
        form = MaterialForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(material_form=form), status=400)
        services.attach_material(acting_user=request.user, event=event, material=form.save(commit=False))
        messages.success(request, _("Materialet är sparat."))
        return redirect(event)


class MaterialDownloadView(View):
    """An event's files, for the members of the network; served only here."""

    capability = Capability.MEMBER

    def get(self, request, *args, **kwargs):
        event = _event(self.kwargs["pk"])
        material = get_object_or_404(event.materials, pk=self.kwargs["material"])
        response = FileResponse(
            material.file.open("rb"), as_attachment=True, filename=material.file.name.split("/")[-1]
        )
        response["Content-Type"] = material.content_type
        return response


# Participants --------------------------------------------------------------------------------


class ParticipantListView(FilteredListView):
    """An event's participants: the secretariat's only (restricted)."""

    capability = Capability.MANAGE_ACADEMY
    template_name = "akademi/participant_list.html"
    context_object_name = "registrations"
    filterset_class = ParticipantFilter
    paginate_by = 50
    sorts = {
        "registered": (gettext_lazy("Anmälningsordning"), ["registered_at", "pk"]),
        "name": (gettext_lazy("Namn"), ["user__name", "name", "pk"]),
        "status": (gettext_lazy("Status"), ["status", "registered_at", "pk"]),
    }
    export_columns = documents.PARTICIPANT_COLUMNS

    @property
    def export_name(self):
        return f"deltagare-{self.event.pk}"

    def dispatch(self, request, *args, **kwargs):
        self.event = _event(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        memberships = Membership.objects.unscoped().select_related("region", "procurement_region", "organisation")
        return (
            Registration.objects.visible_to(self.request.user)
            .filter(event=self.event)
            .select_related("user")
            .prefetch_related(Prefetch("user__memberships", queryset=memberships))
        )

    def get_context_data(self, **kwargs):
        totals = Registration.objects.unscoped().filter(event=self.event).aggregate(**counted())
        return super().get_context_data(
            event=self.event,
            totals=totals,
            breakdown=breakdown(self.event),
            attendance_open=self.event.starts_at <= timezone.now(),
            **kwargs,
        )


class AttendanceView(View):
    """Marks who of the shown registrations attended (the page's checkboxes)."""

    capability = Capability.MANAGE_ACADEMY
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        event = _event(self.kwargs["pk"])
        shown = [pk for pk in request.POST.getlist("shown") if pk.isdigit()]
        attended = [pk for pk in request.POST.getlist("attended") if pk.isdigit()]
        try:
            count = services.mark_attendance(
                acting_user=request.user, event=event, shown_ids=shown, attended_ids=attended
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Närvaron är sparad: %(count)d deltagare närvarade.",
                    "Närvaron är sparad: %(count)d deltagare närvarade.",
                    count,
                )
                % {"count": count},
            )
        return redirect("event_participants", pk=event.pk)


class ParticipantCancelView(View):
    capability = Capability.MANAGE_ACADEMY
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        event = _event(self.kwargs["pk"])
        registration = get_for_user(
            Registration.objects.filter(event=event), request.user, edit=True, pk=self.kwargs["registration"]
        )
        promoted = services.cancel(acting_user=request.user, registration=registration)
        messages.success(request, _("Anmälan för %(name)s är avbokad.") % {"name": registration})
        if promoted:
            messages.info(request, _("%(name)s fick platsen från reservlistan.") % {"name": promoted})
        return redirect("event_participants", pk=event.pk)


# Newcomers -----------------------------------------------------------------------------------


class NewcomersView(TemplateView):
    """Everyone who joined the network in a year and has not attended an introduction training."""

    capability = Capability.MANAGE_ACADEMY
    template_name = "akademi/newcomers.html"

    def year(self):
        value = self.request.GET.get("year") or self.request.POST.get("year") or ""
        return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year

    def get_context_data(self, **kwargs):
        year = self.year()
        people = newcomers(year)
        page = Paginator(people, 50).get_page(self.request.GET.get("page"))
        invited = dict(
            NewcomerInvitation.objects.filter(user__in=[person.pk for person in page])
            .order_by("user", "-invited_at")
            .values_list("user", "invited_at")
        )
        return super().get_context_data(
            year=year,
            page_obj=page,
            querystring=f"year={year}",
            people=[(person, invited.get(person.pk)) for person in page],
            form=kwargs.pop("form", None) or InviteNewcomersForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = InviteNewcomersForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            count = services.invite_newcomers(
                acting_user=request.user,
                event=form.cleaned_data["event"],
                users=list(newcomers(self.year())),
                site_url=site_url(request),
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d person är inbjuden.", "%(count)d personer är inbjudna.", count) % {"count": count},
            )
        return redirect(f"{request.path}?year={self.year()}")


# Diplomas ------------------------------------------------------------------------------------


class DiplomaListView(TemplateView):
    """The coordinators' progress towards the diploma; the secretariat issues it."""

    capability = Capability.MANAGE_ACADEMY
    template_name = "akademi/diploma_list.html"

    def get_context_data(self, **kwargs):
        people = coordinators().order_by("name", "pk")
        page = Paginator(people, 25).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            rows=progress_of(people.filter(pk__in=[person.pk for person in page])),
            per_year=certified_per_year(),
            **kwargs,
        )


class DiplomaIssueView(View):
    capability = Capability.MANAGE_ACADEMY
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        person = get_object_or_404(coordinators(), pk=self.kwargs["user"])
        try:
            services.issue_diploma(acting_user=request.user, user=person)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Diplomet är utfärdat till %(name)s.") % {"name": person.name})
        return redirect("diploma_list")


class MyDiplomaView(TemplateView):
    capability = Capability.MEMBER
    template_name = "akademi/my_diploma.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(progress=progress_for(self.request.user), **kwargs)


class CertificateView(View):
    """The diploma's certificate: for its holder and the secretariat."""

    capability = Capability.MEMBER

    def get(self, request, *args, **kwargs):
        diploma = get_for_user(Diploma.objects.select_related("user"), request.user, pk=self.kwargs["pk"])
        if diploma.certificate:
            with diploma.certificate.open("rb") as file:
                body = file.read()
        else:  # diplomas of earlier years, issued before certificates were stored
            body = documents.certificate_pdf(diploma)
        return download(f"diplom-{diploma.pk}.pdf", "application/pdf", body)


# Public --------------------------------------------------------------------------------------


# The public form mails a confirmation to the address given: limited per client address, so it
# cannot be used to flood someone's inbox.
PUBLIC_REGISTRATIONS_PER_HOUR = 20


def too_many_registrations(request) -> bool:
    key = f"akademi:public-registrations:{get_account_adapter().get_client_ip(request)}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        return cache.incr(key) > PUBLIC_REGISTRATIONS_PER_HOUR
    except ValueError:  # expired between add and incr
        return False


class PublicEventListView(TemplateView):
    capability = Capability.PUBLIC
    template_name = "akademi/public_event_list.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        still_open = Q(registration_deadline__gt=now) | Q(registration_deadline__isnull=True, starts_at__gt=now)
        upcoming = Event.objects.open_to_public().filter(still_open).order_by("starts_at", "pk")
        return super().get_context_data(events=upcoming[:50], **kwargs)


class PublicRegistrationView(TemplateView):
    """Registration without an account, for events open to external people."""

    capability = Capability.PUBLIC
    template_name = "akademi/public_registration.html"

    def get_event(self):
        return get_object_or_404(Event.objects.open_to_public().prefetch_related("co_organisers"), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        event = self.get_event()
        return self.render_to_response(self.get_context_data(event=event, form=PublicRegistrationForm()))

    def post(self, request, *args, **kwargs):
        event = self.get_event()
        form = PublicRegistrationForm(request.POST)
        if too_many_registrations(request):
            form.add_error(None, _("För många anmälningar från din adress. Försök igen om en stund."))
            return self.render_to_response(self.get_context_data(event=event, form=form), status=429)
        if form.is_valid():
            try:
                services.register_external(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    consent=form.cleaned_data["consent"],
                    site_url=site_url(request),
                    once=form.once_token,
                )
            except AlreadyCreated:  # sent twice: the answer of the first, no second mail
                return self.render_to_response(self.get_context_data(event=event, done=True))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                # The same answer whether the address was registered before or not: the details
                # go to the address (services.register_external).
                return self.render_to_response(self.get_context_data(event=event, done=True))
        return self.render_to_response(self.get_context_data(event=event, form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(registration_open=kwargs["event"].registration_open(), **kwargs)
