"""Allocation, adoption and closing of a fiscal year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ekonomi import services
from ekonomi.models import AllocationDecision, Cost, CostLine, Fee, FiscalYear
from regions.demo import seed_populations
from regions.models import Population


@pytest.fixture
def year_2026(reference):
    seed_populations()  # 2022–2024, derived from the 2024 fees
    return FiscalYear.objects.create(year=2026, population_year=2024, opening_balance=1_000_000)


def _cost(fiscal_year, amount, line=CostLine.PERSONNEL):
    return Cost(fiscal_year=fiscal_year, date=datetime.date(fiscal_year.year, 6, 1), cost_line=line, amount=amount)


def test_allocating_a_total_gives_every_region_its_share(year_2026, frida):
    fees = services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=10_000_000)
    assert len(fees) == 21 and sum(fee.amount for fee in fees) == 10_000_000
    stockholm = Fee.objects.unscoped().get(fiscal_year=year_2026, region__short_name="Stockholm")
    assert stockholm.population == 2_440_000 and stockholm.amount in (2_315_430, 2_315_431)


def test_allocation_needs_the_population_of_all_21_regions(year_2026, frida):
    Population.objects.filter(region__short_name="Gotland", year=2024).delete()
    with pytest.raises(ValidationError, match="saknar en region: Gotland"):
        services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=10_000_000)
    assert not Fee.objects.unscoped().exists()


def test_an_adopted_allocation_changes_only_by_a_decision_with_a_reason(year_2026, frida):
    services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=10_000_000)
    services.adopt(acting_user=frida, fiscal_year=year_2026)
    with pytest.raises(ValidationError, match="kräver ett beslut med skäl"):
        services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=11_000_000)
    services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=11_000_000, reason="Styrgruppen 12 mars")
    decision = AllocationDecision.objects.get()
    assert (decision.previous_total, decision.new_total, decision.decided_by) == (10_000_000, 11_000_000, frida)
    stockholm = Fee.objects.unscoped().get(fiscal_year=year_2026, region__short_name="Stockholm")
    assert stockholm.history.count() == 2 and stockholm.history.first().history_user == frida


def test_a_year_is_adopted_only_with_every_fee_allocated(year_2026, frida):
    with pytest.raises(ValidationError, match="alla regioner"):
        services.adopt(acting_user=frida, fiscal_year=year_2026)


def test_closing_carries_the_surplus_to_next_year_as_prepaid_income(year_2026, frida):
    services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=10_000_000)
    services.adopt(acting_user=frida, fiscal_year=year_2026)
    services.add_cost(acting_user=frida, cost=_cost(year_2026, 9_500_000))
    following = services.close_year(acting_user=frida, fiscal_year=year_2026)
    year_2026.refresh_from_db()
    assert year_2026.closing_balance == 1_000_000 + 10_000_000 - 9_500_000
    assert following.year == 2027 and following.opening_balance == 1_500_000
    assert following.opening_balance_note == "Förutbetald intäkt från 2026"


def test_a_year_closes_only_after_the_one_before_it(year_2026, frida):
    """Its opening balance is the previous year's closing balance, which an open year does not have yet."""
    services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=10_000_000)
    services.adopt(acting_user=frida, fiscal_year=year_2026)
    year_2027 = FiscalYear.objects.create(year=2027, population_year=2024, opening_balance=5_000_000)
    services.allocate_fees(acting_user=frida, fiscal_year=year_2027, total=10_000_000)
    services.adopt(acting_user=frida, fiscal_year=year_2027)
    with pytest.raises(ValidationError, match="Stäng föregående år först"):
        services.close_year(acting_user=frida, fiscal_year=year_2027)
    year_2027.refresh_from_db()
    assert year_2027.state == FiscalYear.State.ADOPTED and year_2027.closing_balance is None
    services.close_year(acting_user=frida, fiscal_year=year_2026)  # 1 000 000 + 10 000 000 − 0
    services.close_year(acting_user=frida, fiscal_year=year_2027)
    year_2027.refresh_from_db()
    assert year_2027.closing_balance == 11_000_000 + 10_000_000  # from 2026's closing, not the typed 5 000 000


def test_a_closed_year_is_read_only(year_2026, frida):
    services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=10_000_000)
    services.adopt(acting_user=frida, fiscal_year=year_2026)
    services.close_year(acting_user=frida, fiscal_year=year_2026)
    for change in (
        lambda: services.add_cost(acting_user=frida, cost=_cost(year_2026, 100)),
        lambda: services.allocate_fees(acting_user=frida, fiscal_year=year_2026, total=1, reason="x"),
        lambda: services.set_budget(acting_user=frida, fiscal_year=year_2026, cost_line=CostLine.TRAVEL, amount=1),
        lambda: services.close_year(acting_user=frida, fiscal_year=year_2026),
    ):
        with pytest.raises(ValidationError):
            change()
    assert not Cost.objects.exists()


def test_only_an_adopted_year_closes(year_2026, frida):
    with pytest.raises(ValidationError, match="fastställt"):
        services.close_year(acting_user=frida, fiscal_year=year_2026)


def test_allocate_fees_command(year_2026, capsys):
    call_command("allocate_fees", "2026", "--per-inhabitant", "1.05")
    assert "Allocated" in capsys.readouterr().out
    assert Fee.objects.unscoped().get(fiscal_year=year_2026, region__short_name="Gotland").amount == 64_050
    with pytest.raises(CommandError, match="No fiscal year 1999"):
        call_command("allocate_fees", "1999", "--total", "5")


def test_finance_allocates_adopts_and_closes_in_the_browser(client, year_2026, frida):
    client.force_login(frida)
    url = reverse("fiscal_year_allocate", args=[2026])
    response = client.post(url, {"total": "", "per_inhabitant": ""})
    assert response.status_code == 400 and "Ange antingen ett totalbelopp" in response.content.decode()
    assert client.post(url, {"total": "10000000"}).status_code == 302
    assert client.post(reverse("fiscal_year_adopt", args=[2026])).status_code == 302
    response = client.post(url, {"total": "12000000"})
    assert response.status_code == 400 and "kräver ett beslut med skäl" in response.content.decode()
    client.post(
        reverse("fiscal_year_add_cost", args=[2026]), {"date": "2026-03-01", "cost_line": "travel", "amount": "5000"}
    )
    client.post(reverse("fiscal_year_close", args=[2026]))
    year_2026.refresh_from_db()
    assert year_2026.state == FiscalYear.State.CLOSED
    assert year_2026.closing_balance == 1_000_000 + 10_000_000 - 5_000
    page = client.get(reverse("fiscal_year_detail", args=[2026])).content.decode()
    assert "Stäng året" not in page and "Registrera en kostnad" not in page
