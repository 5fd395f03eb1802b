"""What the people of the cooperation put in a person's work queue ("Mitt arbete",
base.registry): invitations not accepted yet, for whoever manages people (the secretariat;
``User.objects.editable_by``)."""

from functools import partial

from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from base.formats import short_date
from base.registry import WorkItem, WorkItemKind, count_and_first, register_work
from regions.access import Capability, has_capability
from regions.models import User


def _date(value) -> str:
    return short_date(value, get_language() or "sv")


def invitations_not_accepted(user, limit):
    people = User.objects.editable_by(user).with_status("invited").order_by("invited_at", "pk")
    count, rows = count_and_first(people, limit)
    items = []
    for person in rows:
        when = person.invited_at
        detail = _("Inbjuden %(date)s") % {"date": _date(localtime(when).date())} if when else ""
        items.append(WorkItem(f"{person.name} ({person.email})", person.get_absolute_url(), detail))
    return count, items


register_work(
    WorkItemKind(
        "invitations",
        gettext_lazy("Inbjudningar som inte har accepterats"),
        invitations_not_accepted,
        partial(has_capability, capability=Capability.MANAGE_PEOPLE),
        order=80,
    )
)
