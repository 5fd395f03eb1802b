import pytest
from django.core.management import call_command

from regions.models import Organisation, ProcurementRegion, Region, RiskArea

# The composition of the procurement regions (LfU's grouping), written out so that a change
# to the data file shows up here.
EXPECTED = {
    "A": {"Jämtland Härjedalen", "Norrbotten", "Västerbotten", "Västernorrland"},
    "B": {"Dalarna", "Gävleborg", "Uppsala", "Västmanland"},
    "C": {"Stockholm"},
    "D": {"Gotland", "Sörmland", "Värmland", "Örebro"},
    "E": {"Västra Götaland"},
    "F": {"Jönköping", "Kalmar", "Östergötland"},
    "G": {"Blekinge", "Halland", "Kronoberg"},
    "H": {"Skåne"},
}


@pytest.mark.django_db
def test_reference_data_has_the_21_regions_in_the_8_procurement_regions():
    call_command("load_reference_data", verbosity=0)
    assert Region.objects.count() == 21
    assert ProcurementRegion.objects.count() == 8
    for letter, members in EXPECTED.items():
        assert set(Region.objects.filter(procurement_region__letter=letter).values_list("short_name", flat=True)) == (
            members
        ), letter


@pytest.mark.django_db
def test_regions_carry_scb_codes_and_official_names():
    call_command("load_reference_data", verbosity=0)
    stockholm = Region.objects.get(county_code="01")
    assert (stockholm.name, stockholm.letter_code, stockholm.slug) == ("Region Stockholm", "AB", "stockholm")
    assert Region.objects.get(county_code="14").name == "Västra Götalandsregionen"
    assert Region.objects.get(short_name="Östergötland").slug == "ostergotland"


@pytest.mark.django_db
def test_reference_data_has_risk_areas_and_organisations():
    call_command("load_reference_data", verbosity=0)
    assert RiskArea.objects.filter(year=2021).count() == 8
    assert {"LfU", "RMC", "Adda"} <= set(Organisation.objects.values_list("short_name", flat=True))
    assert Organisation.objects.get(slug="varuforsorjningen").kind == "supply_organisation"


@pytest.mark.django_db
def test_loading_reference_data_twice_changes_nothing():
    call_command("load_reference_data", verbosity=0)
    before = list(Region.objects.values_list("pk", "name", "procurement_region__letter"))
    call_command("load_reference_data", verbosity=0)
    assert list(Region.objects.values_list("pk", "name", "procurement_region__letter")) == before
    assert Organisation.objects.count() == 9


@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    for email in ("kansliet@", "samordnare.a@", "samordnare.h@", "kontakt.kalmar@", "styrgruppen@", "ekonomi@"):
        assert email in out
    from regions.models import Population, User

    # One account per role and the three supplier contact persons (sjalvskattning/demo.py); the academy's
    # demo adds the coordinators certified in 2022, who have left (inactive).
    assert User.objects.filter(is_active=True).count() == 1 + 8 + 5 + 1 + 1 + 3
    assert Population.objects.get(region__short_name="Stockholm", year=2024).inhabitants == 2_440_000


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_debug_off(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Region.objects.exists()
