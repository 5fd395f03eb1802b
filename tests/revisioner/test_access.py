"""Who sees and changes which audit: role × audit state × action, as a table."""

import datetime

import pytest
from django.urls import reverse

from regions.access import Role
from revisioner import services
from revisioner.models import Audit, CorrectiveAction, Rating
from tests import factories
from tests.hallbar.test_report import pdf_text

pytestmark = pytest.mark.django_db


def _close_with_summary(audit, kansliet, *, approve):
    services.start_audit(acting_user=kansliet, audit=audit)
    services.rate(
        acting_user=kansliet,
        audit=audit,
        ratings=dict.fromkeys(audit.template.criteria.all(), (Rating.Value.MEETS, "", "")),
    )
    services.draft_report(acting_user=kansliet, audit=audit)
    services.close_audit(acting_user=kansliet, audit=audit)
    services.submit_summary(acting_user=kansliet, audit=audit, summary="Offentlig text.")
    if approve:
        services.approve_summary(acting_user=kansliet, audit=audit)
    return audit


@pytest.fixture
def audits(audit_of, kansliet):
    """A's draft (planned) audit, A's closed audit, and A's closed audit with a public summary."""
    draft = audit_of("A", internal_notes="Hemligt: leverantören misstänks för mutor.")
    closed = _close_with_summary(audit_of("A"), kansliet, approve=False)
    public = _close_with_summary(audit_of("A"), kansliet, approve=True)
    return {"draft": draft, "closed": closed, "public": public}


@pytest.fixture
def people(personas, reference):
    people = dict(personas)
    people["anonymous"] = None
    people["participant_of_b"] = factories.member(
        Role.COORDINATOR, procurement_region=factories.procurement_region("B"), name="Petra Revisor B"
    )
    return people


# (person, audit state) -> status of the audit page
VIEW = {
    ("secretariat", "draft"): 200,
    ("coordinator", "draft"): 200,
    ("other_coordinator", "draft"): 404,
    ("participant_of_b", "draft"): 200,  # named as auditor
    ("region_contact", "draft"): 404,  # Kalmar is in procurement region F
    ("steering", "draft"): 404,
    ("finance", "draft"): 404,
    ("no_role", "draft"): 404,
    ("anonymous", "draft"): 302,
    ("secretariat", "closed"): 200,
    ("coordinator", "closed"): 200,
    ("other_coordinator", "closed"): 200,
    ("region_contact", "closed"): 200,
    ("steering", "closed"): 200,
    ("no_role", "closed"): 404,
    ("anonymous", "closed"): 302,
}


@pytest.mark.parametrize("who, state", VIEW)
def test_who_sees_an_audit(client, people, audits, who, state):
    audit = audits[state]
    if state == "draft":
        audit.participants.create(user=people["participant_of_b"], role="auditor")
    if people[who]:
        client.force_login(people[who])
    response = client.get(reverse("audit_detail", args=[audit.pk]))
    assert response.status_code == VIEW[(who, state)]


# person -> status of writing on A's draft (rating page; starting it)
WRITE = {
    "secretariat": 302,
    "coordinator": 302,
    "other_coordinator": 404,
    "participant_of_b": 404,  # auditors read; the lead procurement region's coordinators write
    "region_contact": 403,  # no capability to write audits at all
    "steering": 403,
    "no_role": 403,
}


@pytest.mark.parametrize("who", WRITE)
def test_who_moves_an_audit(client, people, audits, who):
    client.force_login(people[who])
    response = client.post(reverse("audit_transition", args=[audits["draft"].pk, "start"]))
    expected = WRITE[who]
    if expected == 403:  # the capability is missing; URLs that name an object answer 404 then
        expected = 404
    assert response.status_code == expected
    started = Audit.objects.unscoped().get(pk=audits["draft"].pk).status == Audit.Status.IN_PROGRESS
    assert started == (WRITE[who] == 302)


def test_internal_notes_never_reach_the_pdf_or_the_public_page(client, kansliet, audits, tmp_path):
    draft = audits["draft"]
    client.force_login(kansliet)
    page = client.get(reverse("audit_detail", args=[draft.pk])).content.decode()
    assert "misstänks för mutor" in page  # the editors see them on the page
    pdf = client.get(reverse("audit_pdf", args=[draft.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path, layout=False)
    assert draft.supplier.name in text
    assert "mutor" not in text


def test_the_public_reads_approved_summaries_only(client, audits):
    listing = client.get(reverse("public_audit_list")).content.decode()
    assert reverse("public_audit_summary", args=[audits["public"].pk]) in listing
    assert reverse("public_audit_summary", args=[audits["closed"].pk]) not in listing
    assert client.get(reverse("public_audit_summary", args=[audits["public"].pk])).status_code == 200
    assert client.get(reverse("public_audit_summary", args=[audits["closed"].pk])).status_code == 404
    assert client.get(reverse("public_audit_summary", args=[audits["draft"].pk])).status_code == 404


def test_lists_show_another_regions_drafts_to_nobody_outside(client, bertil, anna, audits):
    client.force_login(bertil)
    page = client.get(reverse("audit_list")).content.decode()
    assert reverse("audit_detail", args=[audits["closed"].pk]) in page
    assert reverse("audit_detail", args=[audits["draft"].pk]) not in page
    client.force_login(anna)
    assert reverse("audit_detail", args=[audits["draft"].pk]) in client.get(reverse("audit_list")).content.decode()


def test_only_the_secretariat_approves_summaries(client, anna, kansliet, audit_of):
    audit = _close_with_summary(audit_of("A"), kansliet, approve=False)
    client.force_login(anna)
    client.post(reverse("audit_summary", args=[audit.pk]), {"action": "approve"})
    assert Audit.objects.unscoped().get(pk=audit.pk).summary_status == Audit.SummaryStatus.SUBMITTED
    client.force_login(kansliet)
    client.post(reverse("audit_summary", args=[audit.pk]), {"action": "approve"})
    assert Audit.objects.unscoped().get(pk=audit.pk).summary_status == Audit.SummaryStatus.APPROVED


def test_only_the_secretariat_merges_suppliers(client, anna, kansliet, supplier, other_supplier):
    url = reverse("supplier_merge", args=[other_supplier.pk])
    client.force_login(anna)
    assert client.post(url, {"target": supplier.org_number}).status_code == 404
    client.force_login(kansliet)
    assert client.post(url, {"target": supplier.org_number}).status_code == 302
    assert supplier.aliases.filter(name=other_supplier.name).exists()


def test_a_coordinator_of_another_region_cannot_touch_deviations_or_actions(client, bertil, anna, audit_of):
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    services.rate(
        acting_user=anna,
        audit=audit,
        ratings=dict.fromkeys(audit.template.criteria.all(), (Rating.Value.DOES_NOT_MEET, "", "")),
    )
    deviation = audit.deviations.first()
    action = services.add_action(
        acting_user=anna,
        deviation=deviation,
        action=CorrectiveAction(description="x", due_on=datetime.date(2030, 1, 1)),
    )
    client.force_login(bertil)
    add = client.post(
        reverse("deviation_action", args=[audit.pk, deviation.pk]),
        {"action": "add_action", "description": "y", "due_on": "2030-01-01"},
    )
    move = client.post(reverse("action_move", args=[audit.pk, action.pk]), {"status": "implemented"})
    assert (add.status_code, move.status_code) == (404, 404)
    assert deviation.actions.count() == 1
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.OPEN
