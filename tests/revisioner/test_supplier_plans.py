"""The coordinators' side of the supplier's corrective-action plans, through the pages: the audit's
page shows a proposed plan, the leading coordinator accepts it or returns it with a comment, and
what the supplier reported done is shown with its files."""

import datetime

import pytest
from django.urls import reverse

from revisioner import services
from revisioner.models import CorrectiveAction, Deviation, Rating, SupplierMessage
from revisioner.reminders import send_action_reminders
from tests import factories

pytestmark = pytest.mark.django_db

DUE = datetime.date(2025, 3, 31)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def sara(supplier):
    """Sara answers for Abcur AB."""
    return factories.supplier_contact(supplier, name="Sara Leverantör", email="sara@abcur.example")


@pytest.fixture
def reported(audit_of, anna):
    """An office audit of A rated meets / partly / does not meet, its report sent: two open
    deviations (minor on clause 2, major on clause 3) awaiting the supplier's actions."""
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    criteria = list(audit.template.criteria.order_by("number"))
    values = [Rating.Value.MEETS, Rating.Value.PARTLY, Rating.Value.DOES_NOT_MEET]
    services.rate(
        acting_user=anna,
        audit=audit,
        ratings={c: (v, "Dokument", f"Brist {c.number}") for c, v in zip(criteria, values, strict=True)},
    )
    services.draft_report(acting_user=anna, audit=audit)
    services.await_actions(acting_user=anna, audit=audit)
    return audit


@pytest.fixture
def deviation(reported):
    return reported.deviations.order_by("clause__number").first()


@pytest.fixture
def proposed(deviation, sara):
    """Sara's plan for the first deviation."""
    return services.propose_plan(
        acting_user=sara, deviation=deviation, description="Ny rutin för riskanalys", owner="Per Inköp", due_on=DUE
    )


def implemented(action, sara, anna, *, files=1):
    """The plan accepted, carried out and reported with ``files`` PDFs."""
    services.accept_plan(acting_user=anna, action=action)
    for number in range(files):
        services.add_action_evidence(acting_user=sara, action=action, upload=factories.upload(f"rutin-{number}.pdf"))
    return services.report_implemented(acting_user=sara, action=action, note="Rutinen är antagen och införd.")


def audit_page(client, audit):
    return client.get(reverse("audit_detail", args=[audit.pk])).content.decode()


def review(client, audit, action, **data):
    data.setdefault("version", CorrectiveAction.objects.unscoped().get(pk=action.pk).version)
    return client.post(reverse("action_plan_review", args=[audit.pk, action.pk]), data)


def test_the_audit_page_shows_the_proposed_plan_with_the_answers_to_give(client, anna, reported, proposed):
    client.force_login(anna)
    page = audit_page(client, reported)
    assert "Leverantörens förslag till åtgärdsplan" in page
    for shown in ("Ny rutin för riskanalys", "Per Inköp", "31 mars 2025", "Sara Leverantör", "Plan föreslagen"):
        assert shown in page
    assert reverse("action_plan_review", args=[reported.pk, proposed.pk]) in page
    assert 'value="accept"' in page and 'value="return"' in page


def test_a_member_who_does_not_lead_the_audit_sees_the_plan_but_no_answer(client, kansliet, bertil, reported, proposed):
    reported.visibility = "network"
    reported.save(update_fields=["visibility"])
    client.force_login(bertil)
    page = audit_page(client, reported)
    assert "Ny rutin för riskanalys" in page
    assert reverse("action_plan_review", args=[reported.pk, proposed.pk]) not in page
    assert review(client, reported, proposed, decision="accept").status_code == 404
    assert CorrectiveAction.objects.unscoped().get(pk=proposed.pk).status == CorrectiveAction.Status.PROPOSED


def test_returning_a_plan_needs_a_comment_shown_at_the_field(client, anna, reported, proposed):
    client.force_login(anna)
    response = review(client, reported, proposed, decision="return", comment="  ")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_comment_error"' in page and "Skriv vad leverantören behöver ändra." in page
    assert CorrectiveAction.objects.unscoped().get(pk=proposed.pk).status == CorrectiveAction.Status.PROPOSED


def test_a_returned_plan_is_changed_by_the_supplier_and_then_accepted(client, anna, sara, reported, proposed):
    client.force_login(anna)
    response = review(client, reported, proposed, decision="return", comment="Ange vem som följer upp.")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#avvikelse-{proposed.deviation_id}")
    action = CorrectiveAction.objects.unscoped().get(pk=proposed.pk)
    assert (action.status, action.review_comment) == (CorrectiveAction.Status.RETURNED, "Ange vem som följer upp.")
    message = SupplierMessage.objects.get(kind=SupplierMessage.Kind.PLAN_RETURNED)
    assert message.comment == "Ange vem som följer upp."
    page = audit_page(client, reported)
    assert "Plan returnerad" in page and "Ange vem som följer upp." in page
    assert 'value="accept"' not in page

    services.propose_plan(
        acting_user=sara,
        deviation=action.deviation,
        description="Ny rutin, följs upp av kvalitetschefen",
        owner="Kvalitetschefen",
        due_on=DUE,
        action=action,
    )
    response = review(client, reported, action, decision="accept", comment="")
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.PLAN_RECEIVED
    assert action.responsible == anna
    assert SupplierMessage.objects.filter(kind=SupplierMessage.Kind.PLAN_ACCEPTED).count() == 1
    page = audit_page(client, reported)
    assert "Plan mottagen" in page and "Kvalitetschefen" in page


def test_a_plan_answered_from_an_older_page_is_refused(client, anna, sara, reported, proposed):
    client.force_login(anna)
    seen = proposed.version
    services.propose_plan(
        acting_user=sara, deviation=proposed.deviation, description="Ändrad", owner="Per", due_on=DUE, action=proposed
    )
    response = review(client, reported, proposed, decision="accept", version=seen)
    assert response.status_code == 302
    assert CorrectiveAction.objects.unscoped().get(pk=proposed.pk).status == CorrectiveAction.Status.PROPOSED
    assert "Någon annan har ändrat åtgärdsplanen" in audit_page(client, reported)


def test_a_plan_already_answered_is_not_answered_again(client, anna, reported, proposed):
    client.force_login(anna)
    review(client, reported, proposed, decision="accept")
    response = review(client, reported, proposed, decision="return", comment="Nej")
    assert response.status_code == 400
    assert "väntar inte på granskning" in response.content.decode()
    assert CorrectiveAction.objects.unscoped().get(pk=proposed.pk).status == CorrectiveAction.Status.PLAN_RECEIVED


def test_the_review_page_shows_the_plan_and_answers_404_for_another_audits_action(
    client, anna, reported, proposed, audit_of
):
    client.force_login(anna)
    page = client.get(reverse("action_plan_review", args=[reported.pk, proposed.pk]))
    assert page.status_code == 200 and "Per Inköp" in page.content.decode()
    other = audit_of("A")
    assert client.get(reverse("action_plan_review", args=[other.pk, proposed.pk])).status_code == 404


def test_what_the_supplier_did_is_shown_with_its_files(client, anna, sara, reported, proposed):
    implemented(proposed, sara, anna, files=2)
    client.force_login(anna)
    page = audit_page(client, reported)
    assert "Genomförd" in page and "Rutinen är antagen och införd." in page
    for evidence in proposed.evidence.all():
        assert reverse("action_evidence_download", args=[evidence.pk]) in page
        assert evidence.name in page


def test_the_action_list_shows_the_suppliers_plans(client, anna, reported, proposed):
    client.force_login(anna)
    response = client.get(reverse("action_list"), {"status": CorrectiveAction.Status.PROPOSED})
    assert [a.pk for a in response.context["actions"]] == [proposed.pk]
    page = response.content.decode()
    assert "Plan föreslagen" in page and "Väntar på granskning" in page and "Per Inköp" in page
    download = client.get(reverse("action_list"), {"format": "csv"}).getvalue().decode("utf-8-sig")
    assert "Ansvarig hos leverantören" in download.splitlines()[0]
    assert "Per Inköp" in download


def test_the_deviation_stays_open_while_the_plan_is_handled(anna, sara, reported, proposed):
    implemented(proposed, sara, anna)
    assert Deviation.objects.unscoped().get(pk=proposed.deviation_id).status == Deviation.Status.OPEN


def test_a_plan_is_reminded_of_once_its_date_is_agreed(anna, sara, deviation, proposed, mailoutbox):
    """The coordinators' reminders follow the dates they agreed to: a plan the supplier proposed
    (or must change) is not reminded of, however near its date; once accepted it is."""
    near = DUE - datetime.timedelta(days=3)
    assert send_action_reminders(near) == 0
    services.return_plan(acting_user=anna, action=proposed, comment="Sätt ett tidigare datum.")
    assert send_action_reminders(near) == 0
    again = services.propose_plan(
        acting_user=sara, deviation=deviation, description=proposed.description, owner=proposed.owner, due_on=DUE,
        action=CorrectiveAction.objects.unscoped().get(pk=proposed.pk),
    )  # fmt: skip
    assert send_action_reminders(near) == 0
    services.accept_plan(acting_user=anna, action=again)
    assert send_action_reminders(near) == 1
    assert mailoutbox[0].to == [anna.email] and "Ny rutin för riskanalys" in mailoutbox[0].body
