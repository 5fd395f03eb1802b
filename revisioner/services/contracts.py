"""Contracts: create and change, with the uptake of the requirement versions they include."""

from django.db import transaction

from base.forms import check_version, locked_copy, save_once
from revisioner.models import Contract
from revisioner.services.common import _save, check_leads
from revisioner.uptake import record_uptake

# Contracts -----------------------------------------------------------------------------------


@transaction.atomic
def save_contract(*, acting_user, contract: Contract, regions, requirement_versions=()) -> Contract:
    """Create or change a contract. The harmonised requirement versions it includes count as
    used by its regions in krav's uptake, where the region has not said otherwise. A change is
    made only from the version the person's form started from (``contract.version``; else
    base.forms.StaleEdit); a new contract's form sent twice (its token in ``contract.created_with``)
    raises base.forms.AlreadyCreated with the contract the first submit created."""
    check_leads(acting_user, contract.procurement_region)
    if contract.pk is None:
        save_once(contract, lambda: _save(contract, acting_user))
    else:
        check_version(locked_copy(contract), contract.version)
        _save(contract, acting_user)
    contract.regions.set(regions)
    contract.requirement_versions.set(requirement_versions)
    record_uptake(contract, acting_user)
    return contract
