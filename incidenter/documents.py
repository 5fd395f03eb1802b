"""The incident cases' documents: the columns of the case list's download (CSV, XLSX)."""

from django.utils.translation import gettext_lazy

from base.exports import iso_date

# The case list (allegations and parties prefetched, the lead region selected).
INCIDENT_COLUMNS = [
    (gettext_lazy("Nummer"), lambda i: i.pk),
    (gettext_lazy("Rubrik"), lambda i: i.title),
    (gettext_lazy("Misstankar"), lambda i: ", ".join(str(a) for a in i.allegations.all())),
    (gettext_lazy("Källa"), lambda i: i.get_source_display()),
    (gettext_lazy("Leverantörer och underleverantörer"), lambda i: ", ".join(str(p) for p in i.parties.all())),
    (gettext_lazy("Leds av"), lambda i: i.lead_name),
    (gettext_lazy("Status"), lambda i: i.get_status_display()),
    (gettext_lazy("Synlighet"), lambda i: i.get_visibility_display()),
    (gettext_lazy("Inlett"), lambda i: iso_date(i.opened_on)),
    (gettext_lazy("Avslutat"), lambda i: iso_date(i.closed_on)),
]
