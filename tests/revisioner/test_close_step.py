"""The audit's page offers "Avsluta revisionen" only where the audit may close; while deviations
are open it says so in words, with their count, instead of a button that would be refused."""

import pytest
from django.urls import reverse

from revisioner import services
from revisioner.models import Deviation, Rating

pytestmark = pytest.mark.django_db

# A deviation verified (on site, as a re-audit would): the page counts what is still open.
VERIFIED = {"status": Deviation.Status.VERIFIED, "verification_method": Deviation.Verification.ON_SITE}


def _reported(audit_of, anna, values):
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    criteria = list(audit.template.criteria.all())
    services.rate(
        acting_user=anna,
        audit=audit,
        ratings={criterion: (value, "", "Brist") for criterion, value in zip(criteria, values, strict=True)},
    )
    return services.draft_report(acting_user=anna, audit=audit)


def _page(client, audit):
    return client.get(reverse("audit_detail", args=[audit.pk])).content.decode()


def _close_url(audit):
    return reverse("audit_transition", args=[audit.pk, "close"])


def test_an_audit_with_open_deviations_says_why_it_cannot_close_yet(client, anna, audit_of):
    audit = _reported(audit_of, anna, [Rating.Value.MEETS, Rating.Value.PARTLY, Rating.Value.DOES_NOT_MEET])
    client.force_login(anna)
    page = _page(client, audit)
    assert _close_url(audit) not in page
    assert "Kan avslutas när alla avvikelser är verifierade (2 öppna)." in page
    assert reverse("audit_transition", args=[audit.pk, "await-actions"]) in page

    services.await_actions(acting_user=anna, audit=audit)
    first, second = audit.deviations.order_by("clause__number")
    Deviation.objects.unscoped().filter(pk=first.pk).update(**VERIFIED)
    assert "Kan avslutas när alla avvikelser är verifierade (1 öppen)." in _page(client, audit)

    Deviation.objects.unscoped().filter(pk=second.pk).update(**VERIFIED)
    page = _page(client, audit)
    assert _close_url(audit) in page and "Avsluta revisionen" in page
    assert "Kan avslutas" not in page
    assert client.post(_close_url(audit), {"version": audit.version + 1}).status_code == 302


def test_an_audit_without_deviations_offers_closing_not_waiting_for_actions(client, anna, audit_of):
    audit = _reported(audit_of, anna, [Rating.Value.MEETS] * 3)
    client.force_login(anna)
    page = _page(client, audit)
    assert _close_url(audit) in page and "Kan avslutas" not in page
    assert reverse("audit_transition", args=[audit.pk, "await-actions"]) not in page
