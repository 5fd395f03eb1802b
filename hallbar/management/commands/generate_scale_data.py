"""The national data set of DESIGN.md ("Scale the design must hold"), as far as models exist; idempotent.

Generated rows are recognisable (users ``scale-NNNNN@hallbar.example``, populations with the
source ``Genererad skaldata``), and each step creates only what is missing, so running the
command again, or with a larger scale, tops the data up instead of duplicating it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from regions.access import Role
from regions.demo import DEMO_PASSWORD, FEES_2024_KSEK
from regions.models import Membership, Organisation, Population, ProcurementRegion, Region, User
from regions.reference import load_reference_data

USERS = {"national": 5000, "small": 200}
BATCH_SIZE = 1000
POPULATION_YEARS = range(2011, 2026)
POPULATION_SOURCE = "Genererad skaldata"
POPULATION_GROWTH = 1.008  # a year; the regions grew by a little under one per cent a year
EMAIL_PREFIX, EMAIL_DOMAIN = "scale-", "@hallbar.example"

FIRST_NAMES = [
    "Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara", "Per",
    "Lena", "Karl", "Emma", "Nils", "Ida", "Olof", "Elin", "Jonas", "Sofia",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
    "Olsson", "Persson", "Svensson", "Gustafsson", "Holm",
]  # fmt: skip
TITLES = ["Upphandlare", "Miljöstrateg", "Hållbarhetsstrateg", "Avtalscontroller", "Inköpschef", "Kategoriansvarig"]

# Later apps add their part of the data set in a module <app>/scale.py with a function
# generate_scale_data(scale) that returns the same (what, created, in all) rows as the steps
# below; they run after the regions' steps, in this order (suppliers before contracts before audits).
SCALE_APPS = ["riskanalys", "krav", "revisioner", "incidenter", "akademi", "sjalvskattning", "ekonomi"]


class Command(BaseCommand):
    help = "Generate the national data set for benchmarks (or a small one); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(USERS), default="national")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on a real server).")

    def handle(self, *args, scale, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_scale_data creates accounts with a known password; it runs with DEBUG on or --force."
            )
        steps = [generate_reference, generate_populations, generate_people]
        steps += [import_module(f"{app}.scale").generate_scale_data for app in SCALE_APPS if find_spec(f"{app}.scale")]
        self.stdout.write(f"Generating the {scale} data set:")
        for step in steps:
            with transaction.atomic():
                rows = step(scale)
            for what, created, total in rows:
                self.stdout.write(f"  {what:<32} {_created(created):>14}, {total:>6} in all")
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics until autovacuum comes by; without them the planner
            # chose plans that took a national ranking from 0.4 to 5.8 s in the first minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Scale data ready. Generated accounts: password {DEMO_PASSWORD}."))


def _created(created) -> str:
    return "loaded" if created is None else f"{created} created"


def generate_reference(scale):
    counts = load_reference_data()
    # Loaded with update_or_create: nothing to tell of what was new, only how many rows there are.
    return [(f"reference {name}", None, count) for name, count in counts.items()]


def generate_populations(scale):
    existing = set(Population.objects.values_list("region_id", "year"))
    missing = [
        Population(region=region, year=year, inhabitants=_inhabitants(region, year), source=POPULATION_SOURCE)
        for region in Region.objects.all()
        for year in POPULATION_YEARS
        if (region.pk, year) not in existing
    ]
    bulk_create_with_history(missing, Population, batch_size=BATCH_SIZE)
    return [("populations", len(missing), Population.objects.count())]


def _inhabitants(region, year) -> int:
    # The 2024 fees are about one krona per inhabitant (regions/demo.py); other years follow the growth.
    basis = FEES_2024_KSEK.get(region.short_name, 300) * 1000
    return round(basis * POPULATION_GROWTH ** (year - 2024))


def generate_people(scale):
    generated = User.objects.filter(email__startswith=EMAIL_PREFIX, email__endswith=EMAIL_DOMAIN)
    existing = set(generated.values_list("email", flat=True))
    # Hashing is slow on purpose: one hash, shared by every generated account.
    password = make_password(DEMO_PASSWORD)
    new_users = [_user(number, password) for number in range(1, USERS[scale] + 1) if _email(number) not in existing]
    new_users = bulk_create_with_history(new_users, User, batch_size=BATCH_SIZE)
    places = _Places()
    memberships = [membership for user in new_users for membership in _memberships(user, places)]
    bulk_create_with_history(memberships, Membership, batch_size=BATCH_SIZE)
    return [
        ("users", len(new_users), generated.count()),
        ("memberships", len(memberships), Membership.objects.unscoped().filter(user__in=generated).count()),
    ]


def _email(number) -> str:
    return f"{EMAIL_PREFIX}{number:05d}{EMAIL_DOMAIN}"


def _user(number, password) -> User:
    # Every tenth has not accepted the invitation yet and every twentieth has left: the statuses of real data.
    invited = number % 10 == 9
    name = f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number // len(FIRST_NAMES) % len(LAST_NAMES)]}"
    return User(
        email=_email(number),
        name=name,
        title=TITLES[number % len(TITLES)],
        password=make_password(None) if invited else password,
        invited_at=timezone.now() if invited else None,
        is_active=number % 20 != 7,
    )


class _Places:
    """The regions, procurement regions and organisations, read once for all the memberships."""

    def __init__(self):
        self.regions = list(Region.objects.select_related("procurement_region").order_by("county_code"))
        self.procurement_regions = list(ProcurementRegion.objects.order_by("letter"))
        self.organisations = list(Organisation.objects.filter(slug__in=["lfu", "rmc"]).order_by("slug"))


def _memberships(user, places) -> list[Membership]:
    """Mostly region contacts (about 220 a region), one in twenty a coordinator, a few national roles.

    One region contact in fifty also coordinates their procurement region: people with two roles.
    """
    number = int(user.email[len(EMAIL_PREFIX) : -len(EMAIL_DOMAIN)])
    if number % 200 == 0:
        organisation = places.organisations[number // 200 % len(places.organisations)]
        return [Membership(user=user, role=Role.STEERING, organisation=organisation)]
    if number % 200 == 1:
        return [Membership(user=user, role=Role.FINANCE)]
    if number % 20 == 10:
        procurement_region = places.procurement_regions[number // 20 % len(places.procurement_regions)]
        return [Membership(user=user, role=Role.COORDINATOR, procurement_region=procurement_region)]
    region = places.regions[number % len(places.regions)]
    memberships = [Membership(user=user, role=Role.REGION_CONTACT, region=region)]
    if number % 50 == 5:
        memberships.append(Membership(user=user, role=Role.COORDINATOR, procurement_region=region.procurement_region))
    return memberships
