"""The supplier page's section of self-assessments (revisioner.views.SUPPLIER_SECTIONS): every member
sees that a supplier's self-assessment exists, its state and outcome, and until when it is valid."""

from django.utils.translation import gettext_lazy as _

from sjalvskattning import services
from sjalvskattning.models import Request

SUPPLIER_PAGE_ROWS = 10


def supplier_self_assessments(supplier, user):
    """The supplier's self-assessments the reader sees, newest first: one query."""
    requests = list(
        Request.objects.visible_to(user)
        .filter(supplier=supplier)
        .exclude(status=Request.Status.CANCELLED)
        .select_related("template", "procurement_region", "audit")[: SUPPLIER_PAGE_ROWS + 1]
    )
    context = {
        "requests": requests[:SUPPLIER_PAGE_ROWS],
        "more": len(requests) > SUPPLIER_PAGE_ROWS,
        "supplier": supplier,
    }
    return _("Självskattningar"), "sjalvskattning/supplier_section.html", context


def move_self_assessments(sender, *, source, target, acting_user, **kwargs):
    """revisioner.signals.supplier_merging: the source's requests become the target's."""
    services.move_requests(acting_user=acting_user, source=source, target=target)
