import datetime

import pytest
from django.utils import timezone

from api import services
from krav.models import Clause, Requirement, RequirementVersion
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Contract, Deviation, Facility, Supplier
from riskanalys.models import Category, CategoryPriority


def token_for(user, scope="read", days=30):
    """A token of ``user`` and its secret, as the profile page creates it."""
    return services.create_token(
        acting_user=user, name="Avtalssystemet", scope=scope, expires_on=timezone.localdate() + datetime.timedelta(days)
    )


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def register(anna, bertil):
    """A's published factory audit of Abcur (two deviations on due diligence, one open), A's audit in
    progress (restricted: A's only), B's published office audit of Medline, a prioritised category."""
    category = Category.objects.add_root({"name": "Handskar"})
    CategoryPriority.objects.create(category=category, start_year=2024, end_year=2026, reason="Hög risk")
    region_a, region_b = (person.memberships.get().procurement_region for person in (anna, bertil))
    abcur = Supplier.objects.create(name="Abcur AB", org_number=with_check_digit("556677889"))
    medline = Supplier.objects.create(name="Medline AB", org_number=with_check_digit("556000001"))
    requirement = Requirement.objects.create(title="Tillbörlig aktsamhet", kind="due_diligence", responsible="K")
    version = RequirementVersion.objects.create(
        requirement=requirement, number=1, status="adopted", text="Kravtext", adopted_at=timezone.now()
    )
    clause = Clause.objects.create(version=version, number="1", title="Policy")
    facility = Facility.objects.create(name="Fabrik 1", address="Shenzhen", country="CN", os_id="CN2019303BQ3FZP")
    published = Audit.objects.create(
        kind=Audit.Kind.FACTORY, supplier=abcur, category=category, year=2024, procurement_region=region_a,
        status=Audit.Status.AWAITING_ACTIONS, site="Fabrik 1", country="CN", facility=facility,
        summary="Två avvikelser om tillbörlig aktsamhet.", summary_status=Audit.SummaryStatus.APPROVED,
        summary_approved_at=timezone.now(), internal_notes="Hemlig anteckning",
    )  # fmt: skip
    Deviation.objects.create(audit=published, clause=clause, severity="major", description="Ingen policy")
    Deviation.objects.create(
        audit=published,
        clause=clause,
        severity="minor",
        description="Ingen logg",
        status="verified",
        verification_method="desk",
    )
    in_progress = Audit.objects.create(
        kind=Audit.Kind.OFFICE, supplier=abcur, category=category, year=2025, procurement_region=region_a,
        status=Audit.Status.IN_PROGRESS,
    )  # fmt: skip
    other = Audit.objects.create(
        kind=Audit.Kind.OFFICE, supplier=medline, category=category, year=2023, procurement_region=region_b,
        status=Audit.Status.CLOSED, visibility="network", summary="Inga avvikelser.",
        summary_status=Audit.SummaryStatus.APPROVED, summary_approved_at=timezone.now() - datetime.timedelta(days=300),
    )  # fmt: skip
    Contract.objects.create(
        procurement_region=region_a, supplier=abcur, category=category, reference="A-1", starts_on="2024-01-01"
    )
    return {
        "published": published, "in_progress": in_progress, "other": other, "category": category,
        "abcur": abcur, "medline": medline, "version": version,
    }  # fmt: skip
