import pytest

from krav import services
from krav.models import Requirement


@pytest.fixture
def proposal(reference, kansliet):
    requirement = Requirement(title="Skyddsrockar", kind=Requirement.Kind.CHEMICALS, responsible="Upphandlingsregion A")
    return services.propose(
        acting_user=kansliet, requirement=requirement, text="Inga PFAS.", clauses=[("1", "Kemikalier", "")]
    )


@pytest.fixture
def consultation(proposal, kansliet):
    return services.open_consultation(acting_user=kansliet, version=proposal)


@pytest.fixture
def adopted(consultation, kansliet):
    return services.adopt(acting_user=kansliet, version=consultation)
