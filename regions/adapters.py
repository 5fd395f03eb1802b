from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join when the secretariat invites them."""

    # allauth's Swedish reads "Epost-adressen och/eller lösenordet är felaktigt."
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("E-postadressen eller lösenordet är fel."),
    }

    def is_open_for_signup(self, request):
        return False
