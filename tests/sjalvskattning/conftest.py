"""A supplier with a contact person, another supplier with its own, and a self-assessment request
sent by procurement region A (Anna) on the adopted template of tests/revisioner/conftest.py."""

import datetime

import pytest
from django.utils import timezone

from sjalvskattning import services
from tests import factories
from tests.revisioner import conftest as audits

# The fixtures of the audits' tests, shared: an adopted template, a category, two suppliers.
due_diligence, template, category = audits.due_diligence, audits.template, audits.category
supplier, other_supplier, audit_of, coordinator_of = (
    audits.supplier,
    audits.other_supplier,
    audits.audit_of,
    audits.coordinator_of,
)


@pytest.fixture
def sara(supplier):
    """Sara answers for Abcur AB."""
    return factories.supplier_contact(supplier, name="Sara Leverantör", email="sara@abcur.example")


@pytest.fixture
def otto(other_supplier):
    """Otto answers for Medline GmbH, another supplier."""
    return factories.supplier_contact(other_supplier, name="Otto Other", email="otto@medline.example")


@pytest.fixture
def sent_request(anna, supplier, category, template, sara):
    """A questionnaire Anna (procurement region A) sent to Abcur AB, due in 30 days."""
    request, _created = services.send_request(
        acting_user=anna,
        supplier=supplier,
        category=category,
        procurement_region=factories.procurement_region("A"),
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return request


@pytest.fixture
def answered_request(sent_request, sara):
    """Sara answered every criterion ("meets", with a line of text) and submitted."""
    for answer in sent_request.answers.unscoped():
        services.save_answer(acting_user=sara, answer=answer, value="meets", text="Vi har en uppförandekod.")
    return services.submit_request(acting_user=sara, request=sent_request)
