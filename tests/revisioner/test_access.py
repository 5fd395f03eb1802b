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


# Who changes a supplier: the secretariat, and the coordinators of a procurement region holding a
# contract with it. (supplier with a contract of A; other supplier with a contract of B only;
# a supplier nobody has bought from) -> status of the edit page per persona.
SUPPLIER_EDIT_MATRIX = {
    "kansliet": {"A": 200, "B": 200, "none": 200},
    "anna": {"A": 200, "B": 404, "none": 404},
    "bertil": {"A": 404, "B": 200, "none": 404},
    "kalle": {"A": 404, "B": 404, "none": 404},
    "stina": {"A": 404, "B": 404, "none": 404},
}


@pytest.fixture
def suppliers_by_buyer(supplier, other_supplier, category):
    from revisioner.identifiers import with_check_digit
    from revisioner.models import Contract, Supplier

    for bought, letter in ((supplier, "A"), (other_supplier, "B")):
        Contract.objects.create(
            procurement_region=factories.procurement_region(letter),
            supplier=bought,
            category=category,
            reference=f"{letter}-1",
            starts_on=datetime.date(2019, 1, 1),
            ends_on=datetime.date(2020, 12, 31),  # a contract of any year counts
        )
    nobodys = Supplier.objects.create(name="Okänd AB", org_number=with_check_digit("559988776"))
    return {"A": supplier, "B": other_supplier, "none": nobodys}


@pytest.mark.parametrize("who", SUPPLIER_EDIT_MATRIX)
@pytest.mark.parametrize("bought_by", ["A", "B", "none"])
def test_who_changes_a_supplier_follows_the_matrix(
    client, request, suppliers_by_buyer, kansliet, anna, bertil, kalle, stina, who, bought_by
):
    supplier = suppliers_by_buyer[bought_by]
    expected = SUPPLIER_EDIT_MATRIX[who][bought_by]
    client.force_login(request.getfixturevalue(who))
    edit = reverse("supplier_edit", args=[supplier.pk])

    assert client.get(edit).status_code == expected
    page = client.get(supplier.get_absolute_url()).content.decode()
    assert (f'href="{edit}"' in page) == (expected == 200)

    data = {"name": "Nytt Namn AB", "country": supplier.country, "org_number": supplier.org_number}
    data |= {"foreign_identifier": supplier.foreign_identifier, "aliases": "Ett alias", "version": supplier.version}
    response = client.post(edit, data)
    supplier.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302 and supplier.name == "Nytt Namn AB"
        assert supplier.aliases.filter(name="Ett alias").exists()
    else:
        assert response.status_code == 404 and supplier.name != "Nytt Namn AB"
        assert not supplier.aliases.exists()


def test_the_service_refuses_a_change_of_a_supplier_the_person_may_not_change(suppliers_by_buyer, bertil, anna):
    from django.core.exceptions import ValidationError

    supplier = suppliers_by_buyer["A"]
    supplier.name = "Kapad AB"
    with pytest.raises(ValidationError, match="avtal med den"):
        services.save_supplier(acting_user=bertil, supplier=supplier, aliases=["Kapad"])
    supplier.refresh_from_db()
    assert supplier.name == "Abcur AB" and not supplier.aliases.exists()
    supplier.name = "Abcur Sverige AB"
    services.save_supplier(acting_user=anna, supplier=supplier, allow_similar_name=True)
    supplier.refresh_from_db()
    assert supplier.name == "Abcur Sverige AB"


def test_a_coordinator_creates_a_new_supplier_and_imports_changes_only_to_suppliers_of_their_region(
    suppliers_by_buyer, anna
):
    from import_export.formats.base_formats import CSV

    from revisioner.models import Supplier
    from revisioner.resources import SupplierResource

    own, others = suppliers_by_buyer["A"], suppliers_by_buyer["B"]
    text = (
        "name,org_number,country,foreign_identifier\n"
        f"Abcur Nordic AB,{own.org_number},SE,\n"
        f"Medline Europe GmbH,,DE,{others.foreign_identifier}\n"
    )
    result = SupplierResource(user=anna).import_data(CSV().create_dataset(text), dry_run=True)
    assert result.has_validation_errors() or result.has_errors()
    messages = " ".join(str(error) for row in result.invalid_rows for error in row.non_field_specific_errors)
    messages += " ".join(str(error.error) for error in result.base_errors)
    assert "Medline Europe GmbH är en känd leverantör" in messages and "Abcur Nordic AB är" not in messages
    assert set(Supplier.objects.values_list("name", flat=True)) == {"Abcur AB", "Medline GmbH", "Okänd AB"}

    # Only the own region's supplier in the file: imported.
    text = f"name,org_number,country,foreign_identifier\nAbcur Nordic AB,{own.org_number},SE,\n"
    result = SupplierResource(user=anna).import_data(CSV().create_dataset(text))
    assert not result.has_errors() and not result.has_validation_errors()
    own.refresh_from_db()
    assert own.name == "Abcur Nordic AB"
