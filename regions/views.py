from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from base.registry import sign_in_elsewhere
from regions import services
from regions.access import Capability, Role, get_for_user
from regions.forms import EmployingRegionForm, MembershipForm, PersonFilterForm, PersonForm
from regions.models import Membership, ProcurementRegion, Region, User
from regions.tokens import invitation_token


def site_url(request) -> str:
    return request.build_absolute_uri("/")


def _members_with_users(queryset):
    return queryset.select_related("user", "organisation").filter(user__is_active=True).order_by("role", "user__name")


class RegionListView(ListView):
    capability = Capability.MEMBER
    template_name = "regions/region_list.html"
    paginate_by = 25
    SORTS = {"name": "short_name", "code": "county_code", "procurement_region": "procurement_region__letter"}

    def get_queryset(self):
        regions = Region.objects.select_related("procurement_region")
        letter = self.request.GET.get("procurement_region", "")
        if letter:
            regions = regions.filter(procurement_region__letter=letter)
        return regions.order_by(self.SORTS.get(self.request.GET.get("sort"), "short_name"), "short_name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            procurement_regions=ProcurementRegion.objects.all(),
            selected_letter=self.request.GET.get("procurement_region", ""),
            sort=self.request.GET.get("sort", "name"),
            **kwargs,
        )


class RegionDetailView(DetailView):
    capability = Capability.MEMBER
    template_name = "regions/region_detail.html"
    context_object_name = "region"

    def get_object(self):
        return get_object_or_404(Region.objects.select_related("procurement_region"), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        region = self.object
        members = Membership.objects.visible_to(self.request.user).filter(region=region)
        return super().get_context_data(
            members=_members_with_users(members),
            populations=region.populations.order_by("-year"),
            **kwargs,
        )


class ProcurementRegionListView(ListView):
    capability = Capability.MEMBER
    template_name = "regions/procurement_region_list.html"
    context_object_name = "procurement_regions"

    def get_queryset(self):
        coordinators = _members_with_users(
            Membership.objects.visible_to(self.request.user).filter(role=Role.COORDINATOR)
        )
        return ProcurementRegion.objects.prefetch_related(
            Prefetch("regions", queryset=Region.objects.order_by("short_name")),
            Prefetch("memberships", queryset=coordinators, to_attr="coordinators"),
        )


class ProcurementRegionDetailView(DetailView):
    capability = Capability.MEMBER
    template_name = "regions/procurement_region_detail.html"
    context_object_name = "procurement_region"

    def get_object(self):
        return get_object_or_404(ProcurementRegion, letter=self.kwargs["letter"].upper())

    def get_context_data(self, **kwargs):
        visible = Membership.objects.visible_to(self.request.user)
        return super().get_context_data(
            regions=self.object.regions.order_by("short_name"),
            coordinators=_members_with_users(visible.filter(role=Role.COORDINATOR, procurement_region=self.object)),
            contacts=_members_with_users(visible.filter(region__procurement_region=self.object)).select_related(
                "region"
            ),
            **kwargs,
        )


# People and memberships: the secretariat's -----------------------------------------------------


class PersonListView(ListView):
    capability = Capability.MANAGE_PEOPLE
    template_name = "regions/person_list.html"
    context_object_name = "people"
    paginate_by = 25

    def get_queryset(self):
        self.filters = PersonFilterForm(self.request.GET or None)
        people = User.objects.editable_by(self.request.user)
        if self.filters.is_valid():
            data = self.filters.cleaned_data
            people = (
                people.search(data["q"])
                .with_role(data["role"])
                .in_procurement_region(data["procurement_region"])
                .with_status(data["status"])
                .order_by(data["sort"] or "name", "email")
            )
        memberships = Membership.objects.visible_to(self.request.user).select_related("region", "procurement_region")
        return people.prefetch_related(Prefetch("memberships", queryset=memberships))

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filters=self.filters, querystring=query.urlencode(), **kwargs)


class PersonInviteView(TemplateView):
    capability = Capability.MANAGE_PEOPLE
    template_name = "regions/person_invite.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(person_form=PersonForm(), membership_form=MembershipForm())
        )

    def post(self, request, *args, **kwargs):
        person_form = PersonForm(request.POST)
        membership_form = MembershipForm(request.POST)
        if person_form.is_valid() and membership_form.is_valid():
            data = person_form.cleaned_data
            try:
                person = services.invite_person(
                    acting_user=request.user,
                    email=data["email"],
                    name=data["name"],
                    title=data["title"],
                    membership=membership_form.save(commit=False),
                    site_url=site_url(request),
                )
            except ValidationError as error:
                person_form.add_error(None, error)
            else:
                messages.success(request, _("Inbjudan har skickats till %(email)s.") % {"email": person.email})
                return redirect(person)
        context = self.get_context_data(person_form=person_form, membership_form=membership_form)
        return self.render_to_response(context, status=400)


class PersonMixin:
    """The person named in the URL, if the user may manage them; otherwise 404."""

    capability = Capability.MANAGE_PEOPLE

    def get_person(self):
        return get_for_user(User.objects.all(), self.request.user, edit=True, pk=self.kwargs["pk"])


class PersonDetailView(PersonMixin, TemplateView):
    template_name = "regions/person_detail.html"

    def get_context_data(self, **kwargs):
        person = self.get_person()
        memberships = Membership.objects.editable_by(self.request.user).filter(user=person)
        return super().get_context_data(
            person=person,
            memberships=memberships.select_related("region", "procurement_region", "organisation"),
            membership_form=kwargs.pop("membership_form", None) or MembershipForm(),
            employer_form=kwargs.pop("employer_form", None) or EmployingRegionForm(instance=person),
            **kwargs,
        )


class PersonActionView(PersonMixin, View):
    """A POST that changes a person through a service, then goes back to the person's page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        try:
            message = self.act(person)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect(person)


class PersonDeactivateView(PersonActionView):
    def act(self, person):
        services.set_person_active(acting_user=self.request.user, user=person, active=False)
        return _("%(name)s är inaktiverad och kan inte längre logga in.") % {"name": person}


class PersonReactivateView(PersonActionView):
    def act(self, person):
        services.set_person_active(acting_user=self.request.user, user=person, active=True)
        return _("%(name)s är aktiv igen.") % {"name": person}


class PersonResendInvitationView(PersonActionView):
    def act(self, person):
        services.resend_invitation(acting_user=self.request.user, user=person, site_url=site_url(self.request))
        return _("En ny inbjudan har skickats till %(email)s.") % {"email": person.email}


class PersonEmployingRegionView(PersonDetailView):
    """The region that employs a person (a coordinator's role is of a procurement region)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        form = EmployingRegionForm(request.POST, instance=person)
        if form.is_valid():
            services.set_employing_region(
                acting_user=request.user, user=person, region=form.cleaned_data["employing_region"]
            )
            messages.success(request, _("Uppgiften om anställande region är sparad."))
            return redirect(person)
        return self.render_to_response(self.get_context_data(employer_form=form), status=400)


class MembershipAddView(PersonDetailView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        form = MembershipForm(request.POST, instance=Membership(user=person))
        if form.is_valid():
            try:
                services.add_membership(acting_user=request.user, membership=form.save(commit=False))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Rollen är tillagd."))
                return redirect(person)
        return self.render_to_response(self.get_context_data(membership_form=form), status=400)


class MembershipRemoveView(View):
    capability = Capability.MANAGE_PEOPLE
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        membership = get_for_user(
            Membership.objects.select_related("user"), request.user, edit=True, pk=self.kwargs["pk"]
        )
        try:
            services.remove_membership(acting_user=request.user, membership=membership)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Rollen är borttagen."))
        return redirect(membership.user)


class AcceptInvitationView(FormView):
    """The invitee sets a first password through the one-time link of the invitation."""

    capability = Capability.PUBLIC
    template_name = "regions/accept_invitation.html"
    form_class = SetPasswordForm

    def dispatch(self, request, *args, **kwargs):
        self.replaced = False
        self.invitee = self._invitee()
        return super().dispatch(request, *args, **kwargs)

    def _invitee(self):
        try:
            pk = force_str(urlsafe_base64_decode(self.kwargs["uidb64"]))
            user = User.objects.get(pk=pk, is_active=True)
        except (ValueError, User.DoesNotExist):
            return None
        if user.has_usable_password():
            return None
        if not invitation_token.check_token(user, self.kwargs["token"]):
            # The link of an earlier invitation: the person was invited again, only the newest link works.
            self.replaced = invitation_token.was_replaced(user, self.kwargs["token"])
            return None
        return user

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.invitee}

    def get(self, request, *args, **kwargs):
        if self.invitee is None:
            return self.render_to_response({"invalid": True, "replaced": self.replaced}, status=404)
        provider = sign_in_elsewhere(self.invitee)
        if provider:
            # The region signs its people in through its identity provider: no password to choose.
            return self.render_to_response({"provider": provider})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.invitee is None or sign_in_elsewhere(self.invitee):
            raise Http404
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        services.accept_invitation(user=self.invitee, password=form.cleaned_data["new_password1"])
        messages.success(self.request, _("Ditt lösenord är sparat. Logga in med din e-postadress."))
        return redirect(reverse("account_login"))
