"""What self-assessments put in a person's work queue ("Mitt arbete", base.registry): the answers
suppliers submitted, for the coordinators of the procurement region that leads the request (and
the secretariat) to review; who that is, is sjalvskattning.access (``editable_by``)."""

from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from base.formats import short_date
from base.registry import WorkItem, WorkItemKind, count_and_first, register_work
from sjalvskattning.access import can_send_requests
from sjalvskattning.models import Request


def _date(value) -> str:
    return short_date(value, get_language() or "sv")


def answers_to_review(user, limit):
    requests = (
        Request.objects.editable_by(user)
        .waiting_for_review()
        .select_related("supplier", "template")
        .order_by("submitted_at", "pk")
    )
    count, rows = count_and_first(requests, limit)
    items = []
    for request in rows:
        when = request.submitted_at
        detail = _("Besvarad %(date)s") % {"date": _date(localtime(when).date())} if when else ""
        items.append(WorkItem(str(request), request.get_absolute_url(), detail))
    return count, items


register_work(
    WorkItemKind(
        "self_assessments",
        gettext_lazy("Självskattningar att granska"),
        answers_to_review,
        can_send_requests,
        order=30,
    )
)
