"""Booking a re-audit from the audit page or one of its deviations: the form opens prefilled with
the supplier, category, leading procurement region and the open deviations it will check."""

import pytest
from django.urls import reverse

from revisioner import services
from revisioner.models import Audit, Rating
from riskanalys.fields import text_of
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(audit_of, anna):
    """A's office audit with two open deviations, its report drafted."""
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    values = [Rating.Value.MEETS, Rating.Value.PARTLY, Rating.Value.DOES_NOT_MEET]
    criteria = list(audit.template.criteria.all())
    services.rate(
        acting_user=anna,
        audit=audit,
        ratings={criterion: (value, "", "Brist") for criterion, value in zip(criteria, values, strict=True)},
    )
    return services.draft_report(acting_user=anna, audit=audit)


def _shown_values(form) -> dict:
    """What the form shows in its fields, as the browser would send it back."""
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in values.items() if value not in (None, "", [])}


def test_a_re_audit_booked_from_a_deviation_opens_prefilled_and_plans(client, anna, reported, supplier, category):
    client.force_login(anna)
    deviation = reported.deviations.order_by("clause__number").first()
    audit_page = client.get(reverse("audit_detail", args=[reported.pk])).content.decode()
    link = f"{reverse('audit_create')}?deviation={deviation.pk}"
    assert f'href="{link}"' in audit_page and "Boka återrevision" in audit_page

    response = client.get(link)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["kind"].value() == Audit.Kind.RE_AUDIT
    assert form["supplier"].value() == supplier.org_number
    assert form["category"].value() == text_of(category)  # the category named, not its id
    assert str(form["procurement_region"].value()) == str(factories.procurement_region("A").pk)
    assert str(form["follows_up"].value()) == str(reported.pk)
    page = response.content.decode()
    assert "Den kontrollerar 2 öppna avvikelser:" in page
    assert "2 Riskanalys av leveranskedjan" in page and "3 Hantering av avvikelser" in page

    # Only the date is left to give.
    sent = client.post(reverse("audit_create"), {**_shown_values(form), "planned_on": "2024-11-01"})
    assert sent.status_code == 302
    re_audit = Audit.objects.unscoped().get(follows_up=reported)
    assert (re_audit.kind, re_audit.supplier, re_audit.category) == (Audit.Kind.RE_AUDIT, supplier, category)


def test_the_audit_pages_link_books_from_the_audit_and_another_region_gets_nothing(client, anna, bertil, reported):
    client.force_login(anna)
    audit_page = client.get(reverse("audit_detail", args=[reported.pk])).content.decode()
    link = f"{reverse('audit_create')}?follows_up={reported.pk}"
    assert f'href="{link}"' in audit_page
    assert client.get(link).context["form"]["follows_up"].value() == reported.pk
    # A coordinator of another procurement region does not book a re-audit of A's audit.
    client.force_login(bertil)
    assert client.get(link).status_code == 404
    deviation = reported.deviations.first()
    assert client.get(reverse("audit_create"), {"deviation": deviation.pk}).status_code == 404
