"""The pages ``manage.py bench`` times, who looks at them, and the row counts that say what scale was measured.

To benchmark a new page, append a ``Page`` to ``PAGES`` in the section of its app (or add a
section); to show how many rows of a new model were there, append to ``SCALE_COUNTS``.
A page is named by its URL name and kwargs, or by a callable that returns the URL when the
data exists (e.g. "the first contract"); it is read after the bench user is created.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from ekonomi.models import Cost, FiscalYear
from incidenter.models import Incident
from krav.models import Requirement, Uptake
from regions.access import Role
from regions.models import Membership, Population, ProcurementRegion, Region, User
from revisioner.models import Audit, Contract, CorrectiveAction, Deviation, Supplier
from riskanalys.models import Category, RiskAnalysis
from sjalvskattning.models import Answer, Request


@dataclass(frozen=True)
class Persona:
    """The user a page is requested as; created by the bench command if missing."""

    email: str
    role: str
    region_slug: str = ""  # for region roles (region_contact)
    procurement_region_letter: str = ""  # for procurement region roles (coordinator)


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str = ""
    kwargs: dict = field(default_factory=dict)
    url: Callable[[], str] | None = None  # instead of url_name, for URLs that depend on the data
    persona: Persona | None = None  # None: the secretariat's bench user
    status: int = 200  # the answer the page must give; anything else fails the run
    also: tuple[int, ...] = ()  # other answers that count as answering (the floor's 503)

    def resolve(self) -> str:
        return self.url() if self.url else reverse(self.url_name, kwargs=self.kwargs)


BENCH_SECRETARIAT = Persona("bench@hallbar.example", Role.SECRETARIAT)
BENCH_COORDINATOR = Persona("bench.coordinator@hallbar.example", Role.COORDINATOR, procurement_region_letter="C")

# The floor: the lightest page, timed in the same run; every page is reported as a multiple of it. The
# health page answers 503 when a part is down (with REDIS_URL and no worker, for one): it is timed all the same.
FLOOR = Page("floor (health)", "health", also=(503,))


def ensure_persona(persona: Persona) -> User:
    """The persona's user with its one membership; idempotent. No password: the bench logs in with force_login."""
    user = User.objects.filter(email=persona.email).first()
    if user is None:
        user = User.objects.create_user(persona.email, name=f"Bench {persona.role}")
    place = {}
    if persona.region_slug:
        place["region"] = Region.objects.get(slug=persona.region_slug)
    if persona.procurement_region_letter:
        place["procurement_region"] = ProcurementRegion.objects.get(letter=persona.procurement_region_letter)
    Membership.objects.unscoped().get_or_create(user=user, role=persona.role, **place)
    return user


def _a_person_url() -> str:
    # The first person holding a role; at least the bench user, which exists when URLs are resolved.
    person = User.objects.filter(memberships__isnull=False).order_by("pk").first()
    return reverse("person_detail", args=[person.pk])


def _a_fiscal_year_url() -> str:
    # The latest closed year: the one with a full statement.
    fiscal_year = FiscalYear.objects.filter(state=FiscalYear.State.CLOSED).order_by("-year").first()
    return reverse("fiscal_year_detail", args=[fiscal_year.year if fiscal_year else 2024])


def _busiest_supplier_url() -> str:
    supplier = Supplier.objects.annotate(n=Count("contracts")).order_by("-n", "pk").first()
    return reverse("supplier_detail", args=[supplier.pk])


def _busiest_audit_url() -> str:
    audit = Audit.objects.unscoped().annotate(n=Count("deviations")).order_by("-n", "pk").first()
    return reverse("audit_detail", args=[audit.pk])


def _busiest_incident_url() -> str:
    incident = Incident.objects.unscoped().annotate(n=Count("timeline")).order_by("-n", "pk").first()
    return reverse("incident_detail", args=[incident.pk])


PAGES: list[Page] = [
    # hallbar
    # The start page is the secretariat's work queue ("Mitt arbete"): one query per kind of item.
    Page("start (work queue)", "start"),
    Page("programme overview", "programme_overview"),
    # regions
    Page("region list", "region_list"),
    Page("region detail (stockholm)", "region_detail", {"slug": "stockholm"}),
    Page("procurement region list", "procurement_region_list"),
    Page("procurement region detail (C)", "procurement_region_detail", {"letter": "C"}),
    Page("person list", "person_list"),
    Page("person detail", url=_a_person_url),
    Page("steering dashboard (2024)", url=lambda: reverse("steering_dashboard") + "?year=2024"),
    Page("report jobs", "report_list"),
    # riskanalys
    Page("category tree", "category_tree"),
    Page("public category tree", "public_category_tree"),
    Page("risk analyses", "risk_analysis_list"),
    # krav
    Page("requirements", "requirement_list"),
    Page("uptake matrix (50 × 21 a page)", "uptake_matrix"),
    Page("public requirements", "public_requirements"),
    # ekonomi
    Page("finance home (years compared)", "finance_home"),
    Page("fiscal year (statement, fees)", url=lambda: _a_fiscal_year_url()),
    Page("fee letters", "fee_letter_list"),
    # revisioner
    Page("audit list", "audit_list"),
    Page("audit list (coordinator C)", "audit_list", persona=BENCH_COORDINATOR),
    Page(
        "audit list (filtered: 2024, office audits)", url=lambda: reverse("audit_list") + "?year=2024&kind=office_audit"
    ),
    Page("audit page (most deviations)", url=lambda: _busiest_audit_url()),
    Page("supplier list", "supplier_list"),
    Page("supplier list (search)", url=lambda: reverse("supplier_list") + "?q=vård"),
    Page("supplier page (most contracts)", url=lambda: _busiest_supplier_url()),
    Page("deviation list", "deviation_list"),
    Page("overdue corrective actions", url=lambda: reverse("action_list") + "?overdue=true"),
    Page("selection ranking (2024)", "audit_selection", {"year": 2024}),
    Page("selection ranking (2024, page 200)", url=lambda: reverse("audit_selection", args=[2024]) + "?page=200"),
    Page("audit plan (2024)", "audit_plan", {"year": 2024}),
    Page("audit statistics", "audit_statistics"),
    # incidenter
    Page("incident case list", "incident_list"),
    Page("incident case list (coordinator C)", "incident_list", persona=BENCH_COORDINATOR),
    Page(
        "incident case list (filtered: 2024, forced labour)",
        url=lambda: reverse("incident_list") + "?year=2024&allegation=forced_labour",
    ),
    Page("incident case page (longest timeline)", url=lambda: _busiest_incident_url()),
    # akademi
    Page("academy event list", "event_list"),
    Page("academy event list (2024, webinars)", url=lambda: reverse("event_list") + "?year=2024&kind=webinar"),
    Page("academy event page (most registrations)", url=lambda: _busiest_event_url("event_detail")),
    Page("academy participants (most registrations)", url=lambda: _busiest_event_url("event_participants")),
    Page("academy diploma progress", "diploma_list"),
    # sjalvskattning
    Page("self-assessment list", "self_assessment_list"),
    Page(
        "self-assessments to review (coordinator C)",
        url=lambda: reverse("self_assessment_list") + "?to_review=true",
        persona=BENCH_COORDINATOR,
    ),
    # Later apps: append their pages here, one section per app.
]

# Rows that say what scale a run measured: (label, callable returning the count).
SCALE_COUNTS: list[tuple[str, Callable[[], int]]] = [
    ("users", lambda: User.objects.count()),
    ("memberships", lambda: Membership.objects.unscoped().count()),
    ("regions", lambda: Region.objects.count()),
    ("populations", lambda: Population.objects.count()),
    ("categories", lambda: Category.objects.count()),
    ("risk analyses", lambda: RiskAnalysis.objects.unscoped().count()),
    ("requirements", lambda: Requirement.objects.count()),
    ("uptake cells", lambda: Uptake.objects.count()),
    ("fiscal years", lambda: FiscalYear.objects.count()),
    ("costs", lambda: Cost.objects.count()),
    ("suppliers", lambda: Supplier.objects.count()),
    ("contracts", lambda: Contract.objects.unscoped().count()),
    ("audits", lambda: Audit.objects.unscoped().count()),
    ("deviations", lambda: Deviation.objects.unscoped().count()),
    ("corrective actions", lambda: CorrectiveAction.objects.unscoped().count()),
    ("incident cases", lambda: Incident.objects.unscoped().count()),
    ("academy events", lambda: _academy_count("Event")),
    ("academy registrations", lambda: _academy_count("Registration")),
    ("self-assessment requests", lambda: Request.objects.unscoped().count()),
    ("self-assessment answers", lambda: Answer.objects.unscoped().count()),
    # Later apps: append their counts here.
]


def _busiest_event_url(url_name) -> str:
    from akademi.models import Event

    event = Event.objects.annotate(n=Count("registrations")).order_by("-n", "pk").first()
    return reverse(url_name, args=[event.pk])


def _academy_count(model_name) -> int:
    from akademi import models

    manager = getattr(models, model_name).objects
    return (manager.unscoped() if hasattr(manager, "unscoped") else manager).count()


def _diploma_certificate():
    from akademi.documents import certificate_pdf
    from akademi.models import Diploma

    diploma = Diploma.objects.unscoped().select_related("user").first()
    return certificate_pdf(diploma) if diploma else None


def _activity_report():
    from hallbar.report import build_report_pdf

    return build_report_pdf(2024)


def _statement_pdf():
    from ekonomi.documents import statement_pdf
    from ekonomi.statement import build_statement

    fiscal_year = FiscalYear.objects.filter(year=2024).first() or FiscalYear.objects.first()
    return statement_pdf(build_statement(fiscal_year))[2] if fiscal_year else None


# Documents built once each: (label, a callable that builds it and returns its bytes, or None
# when there is nothing to build it from).
DOCUMENTS: list[tuple[str, Callable[[], bytes]]] = [
    ("activity report 2024 (PDF)", _activity_report),
    ("annual statement 2024 (PDF)", _statement_pdf),
    ("diploma certificate (PDF)", _diploma_certificate),
    # Later apps: append their documents here.
]
