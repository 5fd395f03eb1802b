"""Diploma progress, computed in one place from the rules (``DiplomaRequirement`` rows), the
audits people took part in as auditor or observer, and the events they attended.

``progress_of(users)`` answers for any number of people with two queries: the rules, and the
people annotated with one subquery per rule.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from akademi.models import DiplomaRequirement, Registration
from regions.access import Role
from regions.models import User
from revisioner.models import Audit, AuditParticipant

# An audit counts once it took place: not planned, not cancelled.
NOT_PERFORMED = [Audit.Status.PLANNED, Audit.Status.CANCELLED]


@dataclass
class Step:
    requirement: DiplomaRequirement
    done: int
    needed: int

    @property
    def complete(self) -> bool:
        return self.done >= self.needed


@dataclass
class Progress:
    user: User
    steps: list[Step] = field(default_factory=list)
    diploma: object = None

    @property
    def complete(self) -> bool:
        return bool(self.steps) and all(step.complete for step in self.steps)

    @property
    def done_steps(self) -> int:
        return sum(step.complete for step in self.steps)


def audits_taken_part_in():
    """The number of performed audits a person (OuterRef "pk") took part in, as a subquery."""
    participations = (
        AuditParticipant.objects.filter(user=OuterRef("pk"))
        .exclude(audit__status__in=NOT_PERFORMED)
        .order_by()
        .values("user")
        .annotate(n=Count("audit", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(participations, output_field=IntegerField()), Value(0))


def attended(event_kind):
    return Exists(Registration.objects.unscoped().filter(user=OuterRef("pk"), attended=True, event__kind=event_kind))


def with_progress(users, requirements):
    """``users`` annotated with ``req_<pk>`` for each rule: audits counted, events as 0 or 1."""
    annotations = {}
    for requirement in requirements:
        if requirement.kind == DiplomaRequirement.Kind.AUDITS:
            annotations[f"req_{requirement.pk}"] = audits_taken_part_in()
        else:
            annotations[f"req_{requirement.pk}"] = attended(requirement.event_kind)
    return users.annotate(**annotations)


def progress_of(users) -> list[Progress]:
    """The progress of each of ``users`` (a QuerySet of User), in its order, with their diploma."""
    requirements = list(DiplomaRequirement.objects.filter(active=True))
    rows = with_progress(users.select_related("academy_diploma"), requirements)
    result = []
    for user in rows:
        steps = [
            Step(requirement, int(getattr(user, f"req_{requirement.pk}")), requirement.count)
            for requirement in requirements
        ]
        result.append(Progress(user=user, steps=steps, diploma=getattr(user, "academy_diploma", None)))
    return result


def progress_for(user) -> Progress:
    return progress_of(User.objects.filter(pk=user.pk))[0]


def coordinators():
    """People who coordinate a procurement region: those the diploma is for."""
    return User.objects.filter(is_active=True, memberships__role=Role.COORDINATOR).distinct()
