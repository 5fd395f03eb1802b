import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import AccessToken

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TokenForm(forms.ModelForm):
    class Meta:
        model = AccessToken
        fields = ["name", "scope", "expires_on"]
        widgets = {"expires_on": DATE, "scope": forms.RadioSelect}
        help_texts = {
            "scope": _(
                "Läsa: allt du ser. Läsa och skriva: dessutom lägga in avtal i omgångar, där du får lägga in avtal."
            ),
            "expires_on": _("Som längst ett år framåt."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)
