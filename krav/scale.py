"""Requirements at national scale: 300 adopted requirements and the full uptake matrix (× 21 regions)."""

import random

from krav.models import Requirement, RequirementVersion, Uptake
from regions.models import Region

REQUIREMENTS = {"national": 300, "small": 20}


def generate_scale_data(scale):
    target, randomiser = REQUIREMENTS[scale], random.Random(4)
    existing = Requirement.objects.filter(title__startswith="Skalkrav").count()
    requirements = Requirement.objects.bulk_create(
        Requirement(
            title=f"Skalkrav {number:04d}", kind=randomiser.choice(Requirement.Kind.values), responsible="Kansliet"
        )
        for number in range(existing, target)
    )
    versions = RequirementVersion.objects.bulk_create(
        RequirementVersion(requirement=requirement, number=1, status=RequirementVersion.Status.ADOPTED, text="Skaldata")
        for requirement in requirements
    )
    regions = list(Region.objects.all())
    Uptake.objects.bulk_create(
        Uptake(version=version, region=region, used=randomiser.choice(Uptake.Used.values))
        for version in versions
        for region in regions
    )
    return [
        ("requirements", len(requirements), Requirement.objects.count()),
        ("uptake cells", len(versions) * len(regions), Uptake.objects.count()),
    ]
