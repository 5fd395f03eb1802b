from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join when the secretariat invites them."""

    def is_open_for_signup(self, request):
        return False
