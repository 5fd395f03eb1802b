"""Demo data of regions: one account per role and a population basis derived from the 2024 fees.

Called by ``manage.py seed_demo``; idempotent.
"""

from django.db import transaction

from regions.access import Role
from regions.models import Membership, Organisation, Population, ProcurementRegion, Region, User

DEMO_PASSWORD = "hallbar-demo-2026"
DEMO_DOMAIN = "hallbar.example"

# The 2024 fees in kSEK: about one krona per inhabitant, so they stand in for a population
# basis in the demo. Labelled as derived; real figures are imported from SCB's table.
FEES_2024_KSEK = {
    "Blekinge": 159, "Dalarna": 288, "Gotland": 61, "Gävleborg": 287, "Halland": 344,
    "Jämtland Härjedalen": 133, "Jönköping": 369, "Kalmar": 248, "Kronoberg": 204, "Norrbotten": 249,
    "Skåne": 1419, "Stockholm": 2440, "Sörmland": 303, "Uppsala": 404, "Värmland": 284,
    "Västerbotten": 277, "Västernorrland": 243, "Västmanland": 281, "Västra Götaland": 1765,
    "Örebro": 308, "Östergötland": 472,
}  # fmt: skip
DEMO_POPULATION_SOURCE = "Demo: härledd ur avgifterna 2024 (1 kr per invånare)"
# Earlier years: the same basis, a little smaller, so the history shows a trend.
YEAR_FACTORS = {2022: 0.988, 2023: 0.994, 2024: 1.0}

COORDINATOR_NAMES = {
    "A": "Anna Lindqvist", "B": "Björn Sandberg", "C": "Cecilia Ek", "D": "David Holm",
    "E": "Elin Berg", "F": "Fredrik Nyström", "G": "Greta Sjöberg", "H": "Hugo Lund",
}  # fmt: skip
REGION_CONTACTS = {
    "Stockholm": "Sara Wikström", "Uppsala": "Oskar Falk", "Kalmar": "Maria Engström",
    "Skåne": "Johan Persson", "Dalarna": "Lena Hedlund",
}  # fmt: skip


def _account(email, name, title, memberships):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, name=name, title=title)
    for membership in memberships:
        Membership.objects.unscoped().get_or_create(user=user, **membership)
    return user


@transaction.atomic
def seed() -> list[tuple[str, str]]:
    """Create the demo accounts and populations; returns (e-mail, what the account is) to print."""
    accounts = []
    email = f"kansliet@{DEMO_DOMAIN}"
    _account(email, "Karin Ahlström", "Samordnare, nationella kansliet", [{"role": Role.SECRETARIAT}])
    accounts.append((email, "kansliet (secretariat)"))
    for procurement_region in ProcurementRegion.objects.all():
        letter = procurement_region.letter
        email = f"samordnare.{letter.lower()}@{DEMO_DOMAIN}"
        memberships = [{"role": Role.COORDINATOR, "procurement_region": procurement_region}]
        _account(email, COORDINATOR_NAMES[letter], f"Regional samordnare {letter}", memberships)
        accounts.append((email, f"samordnare upphandlingsregion {letter} (coordinator)"))
    for short_name, name in REGION_CONTACTS.items():
        region = Region.objects.get(short_name=short_name)
        email = f"kontakt.{region.slug}@{DEMO_DOMAIN}"
        _account(email, name, "Miljöstrateg", [{"role": Role.REGION_CONTACT, "region": region}])
        accounts.append((email, f"kontaktperson {short_name} (region_contact)"))
    email = f"styrgruppen@{DEMO_DOMAIN}"
    lfu = Organisation.objects.get(slug="lfu")
    _account(email, "Per Ström", "Ledamot, styrgruppen", [{"role": Role.STEERING, "organisation": lfu}])
    accounts.append((email, "styrgruppen (steering)"))
    email = f"ekonomi@{DEMO_DOMAIN}"
    _account(email, "Eva Larsson", "Controller, Region Stockholm", [{"role": Role.FINANCE}])
    accounts.append((email, "ekonomi (finance)"))
    seed_populations()
    return accounts


def seed_populations():
    """The demo population basis of every region, 2022–2024, derived from the 2024 fees."""
    for region in Region.objects.all():
        for year, factor in YEAR_FACTORS.items():
            Population.objects.get_or_create(
                region=region,
                year=year,
                defaults={
                    "inhabitants": round(FEES_2024_KSEK[region.short_name] * 1000 * factor),
                    "source": DEMO_POPULATION_SOURCE,
                },
            )
