"""Rules of the self-assessment's services the review of the supplier change asked for: who answers
for a subsidiary (its parent company's contact persons too), an answer short of the criterion is
never accepted, the request is locked before its answers, counts said in the number's form, and
a merged supplier's requests moved only by whoever merges suppliers."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from revisioner import access as audit_access
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Supplier, SupplierContact, SupplierMessage
from revisioner.services.contacts import mail_message
from sjalvskattning import services
from sjalvskattning.models import Answer, Request
from tests import factories
from tests.sjalvskattning.test_services import A, answer_all, answers_of, fresh, review_all, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def subsidiary(supplier):
    """Abcur Dotter AB, a subsidiary of Abcur AB (whose contact person is Sara)."""
    return Supplier.objects.create(name="Abcur Dotter AB", org_number=with_check_digit("556677111"), parent=supplier)


# Who answers for a subsidiary ------------------------------------------------------------------


def test_the_parent_companys_contact_persons_are_mailed_about_a_subsidiary(template, anna, sara, subsidiary, category):
    send(anna, A, subsidiary, category)
    [message] = SupplierMessage.objects.filter(supplier=subsidiary)
    mail.outbox.clear()
    assert mail_message(message.pk)
    assert [sent.to for sent in mail.outbox] == [["sara@abcur.example"]]


def test_a_person_answering_for_both_companies_is_mailed_once(template, anna, sara, subsidiary, category):
    SupplierContact.objects.create(user=sara, supplier=subsidiary)
    send(anna, A, subsidiary, category)
    mail.outbox.clear()
    mail_message(SupplierMessage.objects.get(supplier=subsidiary).pk)
    assert [sent.to for sent in mail.outbox] == [["sara@abcur.example"]]


def test_the_preview_counts_the_parent_companys_contact_persons_once_each(
    template, supplier, subsidiary, sara, django_assert_max_num_queries
):
    grandchild = Supplier.objects.create(
        name="Abcur Barnbarn AB", country="NO", foreign_identifier="9", parent=subsidiary
    )
    factories.supplier_contact(subsidiary, name="Sven Dotter")
    SupplierContact.objects.create(user=sara, supplier=subsidiary)
    with django_assert_max_num_queries(6):  # open requests, the tree's levels, the contact persons
        rows = services.preview(suppliers=[supplier, subsidiary, grandchild], template=template)
    assert [(row.supplier, row.contacts) for row in rows] == [(supplier, 1), (subsidiary, 2), (grandchild, 2)]


def test_who_answers_for_many_suppliers_is_what_it_is_for_each(supplier, subsidiary, other_supplier):
    ids = [supplier.pk, subsidiary.pk, other_supplier.pk]
    assert audit_access.answering_supplier_ids_of(ids) == {pk: audit_access.answering_supplier_ids(pk) for pk in ids}
    assert audit_access.answering_supplier_ids(subsidiary.pk) == {supplier.pk, subsidiary.pk}


# An answer short of the criterion --------------------------------------------------------------


@pytest.mark.parametrize("value", ["partly", "does_not_meet"])
def test_an_answer_short_of_the_criterion_is_not_accepted(sent_request, anna, sara, value):
    answer_all(sent_request, sara, values=("meets", value, "not_applicable"))
    first, short, not_applicable = answers_of(sent_request)
    with pytest.raises(ValidationError) as refused:
        services.review_answer(acting_user=anna, answer=short, review="accepted")
    assert refused.value.message_dict["review"] == [str(services.NOT_ACCEPTABLE)]
    assert Answer.objects.unscoped().get(pk=short.pk).review == Answer.Review.PENDING
    services.review_answer(acting_user=anna, answer=first, review="accepted")
    services.review_answer(acting_user=anna, answer=not_applicable, review="accepted")
    services.review_answer(acting_user=anna, answer=short, review="not_met", comment="Delvis.", severity="minor")
    audit = services.complete_review(acting_user=anna, request=fresh(sent_request))
    [deviation] = audit.deviations.unscoped()
    assert (deviation.severity, deviation.description) == ("minor", "Delvis.")


def test_all_answers_partly_accepted_make_no_audit_nobody_decided_on(answered_request, anna):
    """A "partly" accepted before the rule (stored so) is no reviewed answer: the review is not completed."""
    Answer.objects.unscoped().filter(request=answered_request).update(value="partly", review="accepted")
    with pytest.raises(ValidationError, match="3 svar är inte granskade"):
        services.complete_review(acting_user=anna, request=fresh(answered_request))
    assert not Audit.objects.unscoped().exists()


# Locks: the request, then its answers ----------------------------------------------------------


def test_the_request_is_locked_before_its_answer(sent_request, anna, sara, monkeypatch):
    """Saving and reviewing an answer lock its request first, as submitting and completing the
    review do: in one order, two people never wait for each other (a deadlock on PostgreSQL)."""
    order = []
    real = services.locked

    def recording(instance):
        order.append(type(instance).__name__)
        return real(instance)

    monkeypatch.setattr(services, "locked", recording)
    answer = answers_of(sent_request)[0]
    services.save_answer(acting_user=sara, answer=answer, value="meets", text="Ja.")
    assert order == ["Request", "Answer"]
    monkeypatch.setattr(services, "locked", real)
    answer_all(sent_request, sara)
    monkeypatch.setattr(services, "locked", recording)
    order.clear()
    services.review_answer(acting_user=anna, answer=answers_of(sent_request)[0], review="accepted")
    assert order == ["Request", "Answer"]


# Counts ----------------------------------------------------------------------------------------


def test_one_criterion_unanswered_is_said_in_the_singular_to_the_supplier(sent_request, sara):
    for answer in answers_of(sent_request)[:2]:
        services.save_answer(acting_user=sara, answer=answer, value="meets", text="")
    with pytest.raises(ValidationError) as refused:
        services.submit_request(acting_user=sara, request=fresh(sent_request))
    assert refused.value.messages == ["1 kriterium saknar svar. Svara på det innan ni skickar in."]


def test_one_answer_unreviewed_is_said_in_the_singular(answered_request, anna):
    review_all(answered_request, anna, ["accepted", "accepted", "pending"])
    with pytest.raises(ValidationError) as refused:
        services.complete_review(acting_user=anna, request=fresh(answered_request))
    assert refused.value.messages == ["1 svar är inte granskat eller väntar på komplettering."]


# Suppliers merged ------------------------------------------------------------------------------


def test_only_whoever_merges_suppliers_moves_their_self_assessments(sent_request, anna, supplier, other_supplier):
    with pytest.raises(ValidationError, match="slår samman leverantörer"):
        services.move_requests(acting_user=anna, source=supplier, target=other_supplier)
    assert Request.objects.unscoped().get(pk=sent_request.pk).supplier == supplier
