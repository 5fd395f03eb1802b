"""Who sees and changes self-assessment requests and answers: role × rule, as tables.

Every member sees that a request exists (and its outcome); the answers' words and files are read
by the secretariat and the procurement regions that asked; the leading procurement region's
coordinators (and the secretariat) change them. A supplier's contact person reads their own
supplier's requests through ``for_supplier_contact`` only, never through the members' rules."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from regions.models import User
from revisioner import services as audits
from revisioner.identifiers import with_check_digit
from revisioner.models import Supplier, SupplierContact
from sjalvskattning import access, services
from sjalvskattning.models import Answer, Request
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas, sara, otto):
    return {**personas, "supplier_contact": sara, "other_supplier_contact": otto, "anonymous": AnonymousUser()}


def _ask(request, letter):
    """Procurement region ``letter``'s coordinator sends the same questionnaire: it is merged."""
    coordinator = factories.member("coordinator", procurement_region=factories.procurement_region(letter))
    merged, created = services.send_request(
        acting_user=coordinator, supplier=request.supplier, category=request.category,
        procurement_region=factories.procurement_region(letter), due_on=request.due_on,
    )  # fmt: skip
    assert (merged, created) == (request, False)


# who -> sees the request exists (visible_to), changes it (editable_by), reads the answers, changes the answers
REQUEST_MATRIX = {
    "secretariat": (True, True, True, True),
    "coordinator": (True, True, True, True),  # Anna leads for procurement region A, which asked
    "other_coordinator": (True, False, False, False),  # Bertil's B did not ask
    "region_contact": (True, False, False, False),  # Kalmar is in F, which did not ask
    "steering": (True, False, False, False),
    "finance": (True, False, False, False),
    "no_role": (False, False, False, False),
    "supplier_contact": (False, False, False, False),  # Sara: her supplier's request, but not through these
    "other_supplier_contact": (False, False, False, False),
    "anonymous": (False, False, False, False),
}


@pytest.mark.parametrize("who", REQUEST_MATRIX)
def test_who_sees_and_changes_a_request_and_its_answers(people, sent_request, who):
    person = people[who]
    sees, changes, reads_answers, changes_answers = REQUEST_MATRIX[who]
    answers = Answer.objects.filter(request=sent_request)
    assert Request.objects.visible_to(person).filter(pk=sent_request.pk).exists() is sees
    assert Request.objects.editable_by(person).filter(pk=sent_request.pk).exists() is changes
    assert answers.visible_to(person).count() == (3 if reads_answers else 0)
    assert answers.editable_by(person).count() == (3 if changes_answers else 0)
    if not isinstance(person, AnonymousUser):
        assert access.can_read_answers(person, sent_request) is reads_answers
        assert access.can_review(person, sent_request) is changes


def test_a_procurement_region_that_asked_too_reads_the_answers_but_does_not_review(people, sent_request):
    bertil, kalle = people["other_coordinator"], people["region_contact"]
    _ask(sent_request, "B")
    assert Answer.objects.visible_to(bertil).filter(request=sent_request).count() == 3
    assert access.can_read_answers(bertil, sent_request)
    assert not access.can_review(bertil, sent_request)  # A asked first and leads the review
    assert not Answer.objects.editable_by(bertil).filter(request=sent_request).exists()
    assert not Request.objects.editable_by(bertil).filter(pk=sent_request.pk).exists()
    assert not Answer.objects.visible_to(kalle).filter(request=sent_request).exists()
    _ask(sent_request, "F")  # Kalmar's procurement region asks: its contact person reads the answers
    assert Answer.objects.visible_to(kalle).filter(request=sent_request).count() == 3


def test_the_members_see_that_a_reviewed_request_exists(people, answered_request, anna):
    for answer in answered_request.answers.unscoped():
        services.review_answer(acting_user=anna, answer=answer, review=Answer.Review.ACCEPTED)
    services.complete_review(acting_user=anna, request=answered_request)
    for who in ("secretariat", "coordinator", "other_coordinator", "region_contact", "steering", "finance"):
        assert Request.objects.visible_to(people[who]).filter(status=Request.Status.REVIEWED).count() == 1, who
    assert not Request.objects.visible_to(people["supplier_contact"]).exists()


def test_who_may_send_questionnaires(people):
    expected = {"secretariat": True, "coordinator": True, "other_coordinator": True}
    for who, person in people.items():
        if isinstance(person, AnonymousUser):
            continue
        assert access.can_send_requests(person) is expected.get(who, False), who


# The supplier's side --------------------------------------------------------------------------


def test_a_contact_reads_their_suppliers_requests_and_answers_and_nothing_else(sent_request, sara, otto, people):
    assert list(Request.objects.for_supplier_contact(sara)) == [sent_request]
    assert Answer.objects.for_supplier_contact(sara).count() == 3
    assert not Request.objects.for_supplier_contact(otto).exists()
    assert not Answer.objects.for_supplier_contact(otto).exists()
    for who in ("secretariat", "coordinator", "other_coordinator", "no_role", "anonymous"):
        assert not Request.objects.for_supplier_contact(people[who]).exists(), who
        assert not Answer.objects.for_supplier_contact(people[who]).exists(), who


def test_a_withdrawn_request_leaves_the_suppliers_pages(sent_request, sara, anna):
    services.cancel_request(acting_user=anna, request=sent_request)
    assert not Request.objects.for_supplier_contact(sara).exists()
    assert not Answer.objects.for_supplier_contact(sara).exists()


def test_a_contact_of_the_parent_company_answers_a_subsidiarys_request(supplier, category, template, anna, sara):
    subsidiary = Supplier.objects.create(
        name="Abcur Lager AB", org_number=with_check_digit("556000005"), parent=supplier
    )
    parent = Supplier.objects.create(name="Abcur Holding AB", org_number=with_check_digit("556000001"))
    Supplier.objects.filter(pk=supplier.pk).update(parent=parent)
    due_on = timezone.localdate() + datetime.timedelta(days=30)
    region = factories.procurement_region("A")
    theirs, _ = services.send_request(
        acting_user=anna, supplier=subsidiary, category=category, procurement_region=region, due_on=due_on
    )
    above, _ = services.send_request(
        acting_user=anna, supplier=parent, category=category, procurement_region=region, due_on=due_on
    )
    assert list(Request.objects.for_supplier_contact(sara)) == [theirs]
    assert above not in Request.objects.for_supplier_contact(sara)


def test_a_removed_contact_answers_no_more_and_their_answers_stay(answered_request, sara, kansliet):
    audits.remove_supplier_contact(acting_user=kansliet, contact=SupplierContact.objects.get(user=sara))
    sara = User.objects.get(pk=sara.pk)
    assert not sara.is_active
    assert not Request.objects.for_supplier_contact(sara).exists()
    answers = Answer.objects.unscoped().filter(request=answered_request)
    assert {(answer.value, answer.answered_by_id) for answer in answers} == {("meets", sara.pk)}
    assert Request.objects.unscoped().get(pk=answered_request.pk).submitted_by == sara
    with pytest.raises(ValidationError, match="svarar inte för"):
        services.save_answer(acting_user=sara, answer=answers.first(), value="partly", text="")
