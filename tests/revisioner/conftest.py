"""An adopted assessment template with three criteria, a category of procurement region A and
suppliers to audit; ``audit_of`` plans audits for a procurement region."""

import datetime

import pytest

from regions.access import Role
from revisioner import services
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Supplier
from riskanalys.models import Category
from tests import factories
from tests.revisioner import builders


@pytest.fixture
def due_diligence(kansliet):
    return builders.due_diligence_requirement(kansliet)


@pytest.fixture
def template(due_diligence, kansliet):
    return builders.adopted_template(kansliet, due_diligence)


@pytest.fixture
def category(reference):
    category = Category.objects.add_root({"name": "Handskar"})
    category.procurement_regions.add(factories.procurement_region("A"))
    return category


@pytest.fixture
def supplier(reference):
    return Supplier.objects.create(name="Abcur AB", org_number=with_check_digit("556677889"))


@pytest.fixture
def other_supplier(reference):
    return Supplier.objects.create(name="Medline GmbH", country="DE", foreign_identifier="DE123456789")


@pytest.fixture
def audit_of(template, category, supplier, kansliet):
    """Plan an audit led by procurement region ``letter`` (as the secretariat)."""

    def plan(letter="A", kind=Audit.Kind.OFFICE, **fields):
        audit = Audit(
            kind=kind,
            supplier=fields.pop("supplier", supplier),
            category=category,
            procurement_region=factories.procurement_region(letter),
            planned_on=fields.pop("planned_on", datetime.date(2024, 3, 1)),
            **fields,
        )
        return services.plan_audit(acting_user=kansliet, audit=audit)

    return plan


@pytest.fixture
def coordinator_of():
    def make(letter, **fields):
        return factories.member(Role.COORDINATOR, procurement_region=factories.procurement_region(letter), **fields)

    return make
