"""The incident cases' documents: the columns of the case list's download (CSV, XLSX)."""

from django.utils.translation import gettext_lazy

from base.exports import Column

# The case list (allegations and parties prefetched, the lead region selected).
INCIDENT_COLUMNS = [
    Column(gettext_lazy("Nummer"), lambda i: i.pk, "int"),
    Column(gettext_lazy("Rubrik"), lambda i: i.title),
    Column(gettext_lazy("Misstankar"), lambda i: ", ".join(str(a) for a in i.allegations.all())),
    Column(gettext_lazy("Källa"), lambda i: i.get_source_display()),
    Column(gettext_lazy("Leverantörer och underleverantörer"), lambda i: ", ".join(str(p) for p in i.parties.all())),
    Column(gettext_lazy("Leds av"), lambda i: i.lead_name),
    Column(gettext_lazy("Status"), lambda i: i.get_status_display()),
    Column(gettext_lazy("Synlighet"), lambda i: i.get_visibility_display()),
    Column(gettext_lazy("Inlett"), lambda i: i.opened_on, "date"),
    Column(gettext_lazy("Avslutat"), lambda i: i.closed_on, "date"),
]
