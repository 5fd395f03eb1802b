"""The secretariat's pages of the regions' identity providers and the password exceptions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from regions.access import Capability
from sso import services
from sso.forms import IdentityProviderForm, PasswordLoginForm
from sso.models import IdentityProvider, PasswordLogin


class IdentityProviderListView(TemplateView):
    capability = Capability.MANAGE_PEOPLE
    template_name = "sso/provider_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            providers=IdentityProvider.objects.select_related("region"),
            allowances=PasswordLogin.objects.select_related("user", "allowed_by").order_by("user__name"),
            password_form=kwargs.pop("password_form", None) or PasswordLoginForm(),
            **kwargs,
        )


class IdentityProviderEditView(TemplateView):
    capability = Capability.MANAGE_PEOPLE
    template_name = "sso/provider_form.html"

    def get_provider(self):
        return get_object_or_404(IdentityProvider, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        provider = self.get_provider()
        return self.render_to_response(self.get_context_data(form=IdentityProviderForm(instance=provider)))

    def post(self, request, *args, **kwargs):
        form = IdentityProviderForm(request.POST, instance=self.get_provider())
        if form.is_valid():
            try:
                services.save_identity_provider(
                    acting_user=request.user, provider=form.save(commit=False), secret=form.cleaned_data["secret"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Inloggningen %(name)s har sparats.") % {"name": form.instance})
                return redirect("identity_provider_list")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordLoginAllowView(View):
    capability = Capability.MANAGE_PEOPLE

    def post(self, request):
        form = PasswordLoginForm(request.POST)
        if form.is_valid():
            try:
                allowance = services.allow_password_login(acting_user=request.user, email=form.cleaned_data["email"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s får logga in med lösenord.") % {"name": allowance.user})
                return redirect("identity_provider_list")
        view = IdentityProviderListView(request=request, kwargs={})
        return view.render_to_response(view.get_context_data(password_form=form), status=400)


class PasswordLoginWithdrawView(View):
    capability = Capability.MANAGE_PEOPLE

    def post(self, request, pk):
        allowance = get_object_or_404(PasswordLogin.objects.select_related("user"), pk=pk)
        services.withdraw_password_login(acting_user=request.user, allowance=allowance)
        messages.success(request, _("%(name)s loggar nu in via regionens inloggning.") % {"name": allowance.user})
        return redirect("identity_provider_list")
