"""A contract's harmonised requirements count as used by its regions (krav's uptake).

Written when a contract is saved (services.save_contract) and when contracts are imported
(resources.contracts); a module of its own so that the imports, which the services run, need not
import the services.
"""

from django.utils.translation import gettext as _

from base.history import record_acting_user
from krav.models import RequirementVersion, Uptake
from revisioner.models import Contract


def record_uptake(contract: Contract, acting_user) -> int:
    """Mark each requirement version of the contract as used by each of its regions, unless the
    region has already answered for that version. Returns the number of answers created."""
    versions = list(contract.requirement_versions.exclude(status=RequirementVersion.Status.PROPOSAL))
    regions = list(contract.regions.all())
    answered = set(
        Uptake.objects.filter(version__in=versions, region__in=regions).values_list("region_id", "version_id")
    )
    created = 0
    for version in versions:
        for region in regions:
            if (region.pk, version.pk) in answered:
                continue
            uptake = Uptake(
                region=region,
                version=version,
                used=Uptake.Used.YES,
                since=contract.starts_on,
                comment=_("Ingår i avtal %(reference)s") % {"reference": contract.reference},
            )
            record_acting_user(uptake, acting_user)
            uptake.save()
            created += 1
    return created
