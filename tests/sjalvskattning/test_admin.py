"""The admin of self-assessments and of the suppliers' side of revisioner: the secretariat reads
requests, answers, reminders, evidence, contact persons and messages there, and changes none of
them: they change through the services (and the supplier page), which keep the states and the
history; a stored evidence file is not linked from the admin."""

import datetime

import pytest
from django.urls import reverse

from revisioner import services as audits
from revisioner.models import CorrectiveAction, Rating, SupplierContact, SupplierMessage
from sjalvskattning import services
from sjalvskattning.models import Answer, Request, RequestReminder
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = [
    "sjalvskattning_request",
    "sjalvskattning_answer",
    "sjalvskattning_answerevidence",
    "sjalvskattning_requestreminder",
    "revisioner_suppliercontact",
    "revisioner_suppliermessage",
    "revisioner_actionevidence",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rows(sent_request, sara, kansliet, audit_of):
    """A submitted request with a file on one answer and a reminder; a corrective action of an
    audit of the same supplier with a file from its contact person."""
    answers = list(sent_request.answers.unscoped())
    for answer in answers:
        services.save_answer(acting_user=sara, answer=answer, value=Rating.Value.MEETS, text="Vi har en policy.")
    answer = answers[0]
    answer_evidence = services.add_answer_evidence(acting_user=sara, answer=answer, upload=factories.upload())
    answered_request = services.submit_request(acting_user=sara, request=sent_request)
    reminder = RequestReminder.objects.create(request=answered_request, kind="due_soon", request_status="sent")
    audit = audit_of("A")
    audits.start_audit(acting_user=kansliet, audit=audit)
    ratings = dict.fromkeys(audit.template.criteria.all(), (Rating.Value.DOES_NOT_MEET, "", "Saknas"))
    audits.rate(acting_user=kansliet, audit=audit, ratings=ratings)
    action = audits.add_action(
        acting_user=kansliet,
        deviation=audit.deviations.first(),
        action=CorrectiveAction(description="Ny rutin", due_on=datetime.date(2024, 9, 1)),
    )
    audits.draft_report(acting_user=kansliet, audit=audit, performed_on=datetime.date(2024, 3, 10))
    action_evidence = audits.add_action_evidence(acting_user=sara, action=action, upload=factories.upload("plan.pdf"))
    return {
        "sjalvskattning_request": Request.objects.unscoped().get(pk=answered_request.pk),
        "sjalvskattning_answer": Answer.objects.unscoped().get(pk=answer.pk),
        "sjalvskattning_answerevidence": answer_evidence,
        "sjalvskattning_requestreminder": reminder,
        "revisioner_suppliercontact": SupplierContact.objects.get(user=sara),
        "revisioner_suppliermessage": SupplierMessage.objects.filter(supplier=answered_request.supplier).first(),
        "revisioner_actionevidence": action_evidence,
    }


@pytest.mark.parametrize("name", MODELS)
def test_the_secretariat_reads_them_in_the_admin(client, kansliet, rows, name):
    client.force_login(kansliet)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{name}_change", args=[rows[name].pk])).status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_nothing_is_added_or_deleted_in_the_admin(client, kansliet, rows, name):
    client.force_login(kansliet)
    assert client.get(reverse(f"admin:{name}_add")).status_code == 403
    row = rows[name]
    assert client.post(reverse(f"admin:{name}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert type(row)._base_manager.filter(pk=row.pk).exists()


def _post_change(client, name, row, **changes):
    url = reverse(f"admin:{name}_change", args=[row.pk])
    fields = {field.name: field.value_from_object(row) for field in row._meta.concrete_fields if field.editable}
    data = {key: "" if value is None else getattr(value, "pk", value) for key, value in fields.items() if key != "id"}
    return client.post(url, {**data, **changes})


def test_the_admin_moves_no_request_or_answer_to_another_state(client, kansliet, rows):
    client.force_login(kansliet)
    request, answer = rows["sjalvskattning_request"], rows["sjalvskattning_answer"]
    response = _post_change(client, "sjalvskattning_request", request, status=Request.Status.REVIEWED)
    assert response.status_code in (302, 403)
    response = _post_change(
        client, "sjalvskattning_answer", answer, review=Answer.Review.ACCEPTED, value=Rating.Value.DOES_NOT_MEET
    )
    assert response.status_code in (302, 403)
    request.refresh_from_db()
    answer.refresh_from_db()
    assert request.status == Request.Status.SUBMITTED
    assert (answer.review, answer.value) == (Answer.Review.PENDING, Rating.Value.MEETS)


def test_a_contact_person_is_not_moved_to_another_supplier_in_the_admin(client, kansliet, rows, other_supplier):
    client.force_login(kansliet)
    contact = rows["revisioner_suppliercontact"]
    response = _post_change(client, "revisioner_suppliercontact", contact, supplier=other_supplier.pk)
    assert response.status_code in (302, 403)
    contact.refresh_from_db()
    assert contact.supplier_id != other_supplier.pk


def test_reverting_a_request_to_an_earlier_version_is_refused(client, kansliet, rows):
    request = rows["sjalvskattning_request"]
    earliest = request.history.earliest()
    client.force_login(kansliet)
    url = reverse("admin:sjalvskattning_request_simple_history", args=[request.pk, earliest.history_id])
    assert client.post(url, {}).status_code == 403
    request.refresh_from_db()
    assert request.status == Request.Status.SUBMITTED != earliest.status


@pytest.mark.parametrize("name", ["sjalvskattning_answerevidence", "revisioner_actionevidence"])
def test_the_stored_evidence_file_is_not_linked_from_the_admin(client, kansliet, rows, name):
    evidence = rows[name]
    client.force_login(kansliet)
    page = client.get(reverse(f"admin:{name}_change", args=[evidence.pk])).content.decode()
    assert evidence.name in page
    assert evidence.file.name not in page and evidence.file.url not in page


@pytest.mark.parametrize("user", ["anna", "sara"])
def test_the_admin_is_the_secretariats_only(client, rows, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("admin:sjalvskattning_request_changelist")).status_code == 404
    assert client.get(reverse("admin:revisioner_suppliercontact_changelist")).status_code == 404
