"""The adopted due-diligence requirement and assessment template that audit tests rate against."""

from krav import services as requirement_services
from krav.models import Requirement
from revisioner import services
from revisioner.models import AssessmentTemplate, Criterion


def due_diligence_requirement(acting_user):
    requirement = Requirement(title="Tillbörlig aktsamhet", kind=Requirement.Kind.DUE_DILIGENCE, responsible="Kansliet")
    version = requirement_services.propose(
        acting_user=acting_user,
        requirement=requirement,
        text="Leverantören ska ha en process för tillbörlig aktsamhet.",
        clauses=[
            ("1", "Policy", ""),
            ("2", "Riskanalys av leveranskedjan", ""),
            ("3", "Hantering av avvikelser", ""),
        ],
    )
    requirement_services.open_consultation(acting_user=acting_user, version=version)
    return requirement_services.adopt(acting_user=acting_user, version=version)


def adopted_template(acting_user, version=None):
    """Version 1 of the template: one criterion per clause of ``version``, adopted."""
    version = version or due_diligence_requirement(acting_user)
    template = AssessmentTemplate.objects.create(name="Bedömningsmall", version=1)
    for clause in version.clauses.all():
        Criterion.objects.create(
            template=template,
            clause=clause,
            number=f"{clause.number}.1",
            text=f"Leverantören visar {clause.title.lower()}.",
            guidance="Fråga efter dokumentet.",
            documentation="Policy, riskanalys, avvikelselogg.",
        )
    return services.adopt_template(acting_user=acting_user, template=template)
