"""The academy's documents: the diploma's certificate (PDF), the columns of the event list's and the
participant list's downloads, and the example file of the attendance import."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akademi.diploma import progress_for
from akademi.resources import AttendanceResource
from akademi.statistics import participants_of
from base.exports import Column, to_csv
from base.formats import figure
from base.pdf import render_pdf


def certificate_pdf(diploma, progress=None) -> bytes:
    progress = progress or progress_for(diploma.user)
    return render_pdf("akademi/certificate_pdf.html", {"diploma": diploma, "progress": progress})


def attendance_example() -> tuple[str, str, bytes]:
    """An example participant list for the attendance import, with the columns it reads."""
    columns = AttendanceResource.example_columns()
    rows = [[row.get(column, "") for column in columns] for row in AttendanceResource.example]
    return "exempel-narvaro.csv", "text/csv; charset=utf-8", to_csv(columns, rows, delimiter=",")  # the import's format


# The event list (annotated with registered_count and participant_count, co-organisers prefetched).
EVENT_COLUMNS = [
    Column(gettext_lazy("Datum"), lambda e: e.starts_at, "datetime"),
    Column(gettext_lazy("Typ"), lambda e: e.get_kind_display()),
    Column(gettext_lazy("Titel"), lambda e: e.title),
    Column(gettext_lazy("Tema"), lambda e: e.theme),
    Column(gettext_lazy("Medarrangörer"), lambda e: ", ".join(str(o) for o in e.co_organisers.all())),
    Column(gettext_lazy("Anmälda"), lambda e: e.registered_count, "int", summed=True),
    # A lower bound stays one in the cell and in the sum row ("över 910"), never a bare number.
    Column(gettext_lazy("Deltagare"), participants_of, "int", summed=True),
    # The figure as published: a recorded number entered as a lower bound reads "över 140".
    Column(gettext_lazy("Deltagare som redovisat"), lambda e: figure(participants_of(e))),
]


# An event's participants (members' memberships prefetched with region, procurement region and organisation).


def _roles(registration):
    if registration.user_id is None:
        return _("Extern")
    return ", ".join(sorted({m.get_role_display() for m in registration.user.memberships.all()}))


def _places(registration):
    if registration.user_id is None:
        return ""
    places = set()
    for membership in registration.user.memberships.all():
        if membership.region_id:
            places.add(membership.region.short_name)
        elif membership.procurement_region_id:
            places.add(_("Upphandlingsregion %(letter)s") % {"letter": membership.procurement_region.letter})
    return ", ".join(sorted(places))


def _organisation(registration):
    if registration.user_id is None:
        return registration.organisation
    return ", ".join(sorted({str(m.organisation) for m in registration.user.memberships.all() if m.organisation_id}))


PARTICIPANT_COLUMNS = [
    Column(gettext_lazy("Namn"), lambda r: r.person_name),
    Column(gettext_lazy("E-postadress"), lambda r: r.contact_email),
    Column(gettext_lazy("Roll"), _roles),
    Column(gettext_lazy("Region"), _places),
    Column(gettext_lazy("Organisation"), _organisation),
    Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
    Column(gettext_lazy("Närvarade"), lambda r: _("ja") if r.attended else _("nej")),
    Column(gettext_lazy("Anmäld"), lambda r: r.registered_at, "datetime"),
]
