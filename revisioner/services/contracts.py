"""Contracts: create and change, with the uptake of the requirement versions they include."""

from django.db import transaction

from revisioner.models import Contract
from revisioner.services.common import _save, check_leads
from revisioner.uptake import record_uptake

# Contracts -----------------------------------------------------------------------------------


@transaction.atomic
def save_contract(*, acting_user, contract: Contract, regions, requirement_versions=()) -> Contract:
    """Create or change a contract. The harmonised requirement versions it includes count as
    used by its regions in krav's uptake, where the region has not said otherwise."""
    check_leads(acting_user, contract.procurement_region)
    _save(contract, acting_user)
    contract.regions.set(regions)
    contract.requirement_versions.set(requirement_versions)
    record_uptake(contract, acting_user)
    return contract
