"""The uptake matrix says in how many of a region's contracts a requirement is used and links to them:
"används i 2 avtal" opens the contract list of that region and requirement version."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from krav import services as requirements
from krav.models import Requirement
from revisioner.models import Contract
from tests import factories


@pytest.fixture
def version(kansliet):
    requirement = Requirement(title="Skyddsrockar", kind=Requirement.Kind.CHEMICALS, responsible="Kansliet")
    proposal = requirements.propose(acting_user=kansliet, requirement=requirement, text="Inga PFAS.")
    requirements.open_consultation(acting_user=kansliet, version=proposal)
    return requirements.adopt(acting_user=kansliet, version=proposal)


def _contract(supplier, category, reference, version, *regions):
    contract = Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=supplier,
        category=category,
        reference=reference,
        starts_on=datetime.date(2024, 1, 1),
    )
    contract.regions.set([factories.region(name) for name in regions])
    contract.requirement_versions.set([version])


def test_a_cell_links_to_the_contracts_that_carry_the_requirement(client, version, supplier, category, kansliet):
    _contract(supplier, category, "A-2024-1", version, "Kalmar", "Skåne")
    _contract(supplier, category, "A-2024-2", version, "Kalmar")
    client.force_login(kansliet)
    html = client.get(reverse("uptake_matrix")).content.decode()
    links = {
        unescape(re.sub(r"<[^>]+>", "", text)): unescape(href)
        for href, text in re.findall(r'<a class="cell-contracts" href="([^"]+)">(.*?)</a>', html)
    }
    assert set(links) == {"används i 2 avtal – Kalmar", "används i 1 avtal – Skåne"}
    listing = client.get(links["används i 2 avtal – Kalmar"]).content.decode()
    assert "A-2024-1" in listing and "A-2024-2" in listing
    listing = client.get(links["används i 1 avtal – Skåne"]).content.decode()
    assert "A-2024-1" in listing and "A-2024-2" not in listing
