from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from akademi.models import Event, EventMaterial
from base.forms import OnceTokenMixin, VersionedFormMixin
from regions.models import Organisation

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(VersionedFormMixin, OnceTokenMixin, forms.ModelForm):
    """A new event (a one-time token: sent twice, it creates one) or a change of one (the version
    the person saw: another's change in between is shown, not overwritten)."""

    once_model_field = "created_with"
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Medarrangörer"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Declared here so that an address typed without a scheme gets https (Django 6's default).
    link = forms.URLField(label=_("länk till mötet"), required=False, assume_scheme="https", max_length=200)
    recording_link = forms.URLField(
        label=_("länk till inspelning"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "theme",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "link",
            "co_organisers",
            "audience",
            "open_to_public",
            "capacity",
            "registration_deadline",
            "recording_link",
            "recorded_participants",
            "recorded_participants_lower_bound",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "registration_deadline": DATETIME}


class MaterialForm(forms.ModelForm):
    class Meta:
        model = EventMaterial
        fields = ["file", "name"]
        help_texts = {"file": _("PDF, DOCX eller XLSX, högst 10 MB.")}


class PublicRegistrationForm(OnceTokenMixin, forms.Form):
    """Registration without an account. The service checks again and stores nothing when it refuses;
    the one-time token makes a second submit show the first registration."""

    name = forms.CharField(label=_("Namn"), max_length=150)
    email = forms.EmailField(
        label=_("E-postadress"), max_length=254, error_messages={"invalid": _("Ange en giltig e-postadress.")}
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": _("Du behöver samtycka till att vi sparar dina uppgifter för att kunna anmäla dig.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.ACADEMY_RETENTION_DAYS
        self.fields["consent"].label = ngettext(
            "Jag samtycker till att kansliet sparar mitt namn, min e-postadress och min organisation för att "
            "administrera evenemanget. Uppgifterna raderas %(days)d dag efter evenemanget.",
            "Jag samtycker till att kansliet sparar mitt namn, min e-postadress och min organisation för att "
            "administrera evenemanget. Uppgifterna raderas %(days)d dagar efter evenemanget.",
            days,
        ) % {"days": days}


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "En rad per deltagare med kolumnen email (e-post) och gärna name (namn) och organisation, "
            "t.ex. deltagarlistan som webinarverktyget exporterar."
        ),
    )

    def clean_file(self):
        from revisioner.forms_import import MAX_SIZE, read_dataset

        file = self.cleaned_data["file"]
        if file.size > MAX_SIZE:
            raise forms.ValidationError(_("Filen är större än 20 MB."))
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen måste vara CSV eller XLSX."))
        content = file.read()
        try:
            self.dataset = read_dataset(file.name, content)
        except Exception as error:  # tablib, csv and openpyxl raise many kinds on a broken file
            raise forms.ValidationError(_("Filen %(name)s kunde inte läsas.") % {"name": file.name}) from error
        self.content = content
        return file


class InviteNewcomersForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Introduktionsutbildning"), queryset=Event.objects.none())

    def __init__(self, *args, **kwargs):
        from django.utils import timezone

        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(
            kind=Event.Kind.INTRODUCTION, starts_at__gt=timezone.now()
        ).order_by("starts_at")
