"""Merging two suppliers keeps what the supplier's side holds: its contact persons, its messages,
its self-assessments and the incident cases naming it (they are the merged supplier's)."""

from incidenter.models import InvolvedParty
from revisioner import services as audits
from revisioner.models import SupplierContact, SupplierMessage
from sjalvskattning.models import Request
from tests.incidenter.conftest import open_case  # noqa: F401  (fixture)


def test_a_merged_supplier_keeps_its_contacts_messages_self_assessments_and_cases(
    kansliet,
    sent_request,
    supplier,
    other_supplier,
    sara,
    otto,
    open_case,  # noqa: F811
):
    case = open_case(kansliet, suppliers=[supplier])
    audits.merge_suppliers(acting_user=kansliet, source=supplier, target=other_supplier)

    assert set(SupplierContact.objects.filter(supplier=other_supplier).values_list("user", flat=True)) == {
        sara.pk,
        otto.pk,
    }
    assert SupplierMessage.objects.filter(supplier=other_supplier, kind="request_sent").count() == 1
    moved = Request.objects.unscoped().get(pk=sent_request.pk)
    assert moved.supplier == other_supplier and moved.is_open
    assert InvolvedParty.objects.get(incident=case).supplier == other_supplier


def test_an_open_self_assessment_of_both_becomes_one(
    kansliet, anna, bertil, sent_request, supplier, other_supplier, category
):
    from sjalvskattning import services
    from tests import factories

    other, _created = services.send_request(
        acting_user=bertil, supplier=other_supplier, category=category,
        procurement_region=factories.procurement_region("B"), due_on=sent_request.due_on,
    )  # fmt: skip
    audits.merge_suppliers(acting_user=kansliet, source=supplier, target=other_supplier)

    open_requests = Request.objects.unscoped().open().filter(supplier=other_supplier)
    assert list(open_requests) == [other]
    assert {region.letter for region in other.asked_by.all()} == {"A", "B"}
