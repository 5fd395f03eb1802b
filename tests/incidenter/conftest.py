"""A case of procurement region A's coordinator (anna), a supplier with a contract of Kalmar and
Västerbotten, and region contacts of other regions to receive notifications."""

import datetime

import pytest

from incidenter import services
from incidenter.models import Allegation, Incident, Source
from regions.access import Role, Visibility
from revisioner.identifiers import with_check_digit
from revisioner.models import Contract, Supplier
from riskanalys.models import Category
from tests import factories


@pytest.fixture
def supplier(reference):
    return Supplier.objects.create(name="Bake My Day AB", org_number=with_check_digit("556677889"))


@pytest.fixture
def contract(supplier):
    category = Category.objects.add_root({"name": "Livsmedel"})
    contract = Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=supplier,
        category=category,
        reference="A-2023-001",
        starts_on=datetime.date(2023, 1, 1),
    )
    contract.regions.add(factories.region("Kalmar"), factories.region("Västerbotten"))
    return contract


@pytest.fixture
def contacts(reference):
    """Contact persons of Dalarna, Kalmar's is kalle (tests/conftest.py), and Uppsala."""
    return [
        factories.member(Role.REGION_CONTACT, region=factories.region("Dalarna"), name="Dagny Dalarna"),
        factories.member(Role.REGION_CONTACT, region=factories.region("Uppsala"), name="Ulf Uppsala"),
    ]


@pytest.fixture
def open_case():
    """Open a case as ``user``; confidential unless told otherwise."""

    def make(user, *, title="Bröd från bageri med papperslösa", visibility=Visibility.CONFIDENTIAL, **fields):
        suppliers = fields.pop("suppliers", [])
        incident = Incident(
            title=title,
            source=fields.pop("source", Source.MEDIA),
            source_reference="Dalarnas Tidningar",
            description=fields.pop("description", "HEMLIG UPPGIFT: tips från anställd om svartarbete."),
            opened_on=fields.pop("opened_on", datetime.date(2024, 3, 1)),
            visibility=visibility,
            **fields,
        )
        return services.open_case(
            acting_user=user,
            incident=incident,
            allegations=[Allegation.LABOUR_LAW],
            suppliers=suppliers,
        )

    return make


@pytest.fixture
def case_of_anna(anna, open_case, supplier):
    return open_case(anna, suppliers=[supplier])
