"""Scale data: questionnaires to the generated suppliers with ten answers each, spread over the
states of a request, some supplier contact persons; topped up rather than duplicated when run again."""

from collections import Counter

import pytest
from django.db.models import Count

from hallbar.management.commands.generate_scale_data import SCALE_APPS
from regions.access import Role, is_supplier_contact
from revisioner import scale as audits_scale
from revisioner.identifiers import normalise_name, with_check_digit
from revisioner.models import AssessmentTemplate, Audit, Supplier, SupplierContact
from riskanalys import scale as risk_scale
from sjalvskattning import scale
from sjalvskattning.models import Answer, Request

pytestmark = pytest.mark.django_db


def _generated():
    return Request.objects.unscoped().filter(supplier__name__startswith=audits_scale.SUPPLIER_PREFIX)


def test_scale_data_makes_requests_with_ten_answers_each_once(reference):
    # The steps of generate_scale_data this one stands on: categories, then suppliers and audits.
    assert SCALE_APPS.index("revisioner") < SCALE_APPS.index("sjalvskattning")
    risk_scale.generate_scale_data("small")
    audits_scale.generate_scale_data("small")
    assert scale.generate_scale_data("small") == [
        ("self-assessment requests", 100, 100),
        ("self-assessment answers", 1000, 1000),
        ("supplier contacts", 20, 20),
    ]
    requests = _generated()
    statuses = Counter(requests.values_list("status", flat=True))
    assert set(statuses) == set(Request.Status)
    assert statuses[Request.Status.REVIEWED] > 0 and statuses[Request.Status.SENT] > 0
    per_request = requests.annotate(count=Count("answers")).values_list("count", flat=True)
    assert set(per_request) == {scale.ANSWERS_PER_REQUEST}
    # One open request per supplier after the template; spread over many suppliers.
    open_suppliers = list(requests.open().values_list("supplier_id", flat=True))
    assert len(open_suppliers) == len(set(open_suppliers)) > 20
    # A reviewed request is the review of a self-assessment audit of the same supplier.
    for request in requests.filter(status=Request.Status.REVIEWED).select_related("audit"):
        assert request.audit.kind == Audit.Kind.SELF_ASSESSMENT and request.audit.supplier_id == request.supplier_id
        assert request.valid_until and request.reviewed_at
    answers = Answer.objects.unscoped().filter(request__in=requests)
    assert answers.filter(request__status=Request.Status.RETURNED, review=Answer.Review.NEEDS_COMPLETION).exists()
    assert answers.filter(review=Answer.Review.NOT_MET).exclude(review_comment="").exists()
    assert answers.filter(request__status=Request.Status.SENT, value="").exists()
    assert requests.filter(asked_by__isnull=False).count() > requests.count()  # some asked by two regions
    contacts = SupplierContact.objects.select_related("user")
    assert {contact.supplier_id for contact in contacts} <= set(open_suppliers)
    assert all(is_supplier_contact(contact.user) for contact in contacts)
    assert {contact.user.memberships.get().role for contact in contacts} == {Role.SUPPLIER_CONTACT}

    assert scale.generate_scale_data("small") == [
        ("self-assessment requests", 0, 100),
        ("self-assessment answers", 0, 1000),
        ("supplier contacts", 0, 20),
    ]


def test_a_template_with_fewer_than_ten_criteria_gets_a_scale_template_and_still_ten_answers(template, category):
    assert template.criteria.count() < scale.ANSWERS_PER_REQUEST
    Supplier.objects.bulk_create(
        Supplier(
            name=f"{audits_scale.SUPPLIER_PREFIX} {number:05d}",
            normalised_name=normalise_name(f"{audits_scale.SUPPLIER_PREFIX} {number:05d}"),
            org_number=with_check_digit(f"559800{number:03d}"),
        )
        for number in range(30)
    )
    rows = scale.generate_scale_data("small")
    assert rows[:2] == [("self-assessment requests", 100, 100), ("self-assessment answers", 1000, 1000)]
    used = AssessmentTemplate.objects.get(requests__isnull=False, requests__pk=_generated().first().pk)
    assert used.name == scale.SCALE_TEMPLATE and used.status == AssessmentTemplate.Status.RETIRED
    assert used.criteria.count() == scale.ANSWERS_PER_REQUEST
    assert template.status == AssessmentTemplate.Status.ADOPTED
    # Thirty suppliers: at most one open request each, the rest withdrawn; no audits to review.
    open_suppliers = list(_generated().open().values_list("supplier_id", flat=True))
    assert len(open_suppliers) == len(set(open_suppliers)) <= 30
    assert not _generated().filter(status=Request.Status.REVIEWED).exists()
    assert scale.generate_scale_data("small")[:2] == [
        ("self-assessment requests", 0, 100),
        ("self-assessment answers", 0, 1000),
    ]
