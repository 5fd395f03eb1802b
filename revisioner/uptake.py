"""A contract's harmonised requirements count as used by its regions (krav's uptake).

Written when a contract is saved (services.save_contract) and when contracts are imported
(resources.contracts); a module of its own so that the imports, which the services run, need not
import the services. The uptake rows are krav's: krav.services writes them.
"""

from django.utils.translation import gettext as _

from krav.services import record_contract_uptake
from revisioner.models import Contract


def record_uptake(contract: Contract, acting_user) -> int:
    """Mark each requirement version of the contract as used by each of its regions, unless the
    region has already answered for that version. Returns the number of answers created."""
    return record_contract_uptake(
        acting_user=acting_user,
        versions=list(contract.requirement_versions.all()),
        regions=list(contract.regions.all()),
        since=contract.starts_on,
        comment=_("Ingår i avtal %(reference)s") % {"reference": contract.reference},
    )
