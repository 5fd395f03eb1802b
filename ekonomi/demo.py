"""Demo finance: 2024 exactly as the published statement, 2022 and 2023 before it, 2025 in draft.

The population basis of the demo is derived from the 2024 fees (see regions/demo.py), so
allocating 10 538 000 kr over it gives back the published fees to the krona. The years chain:
each opens with the closing balance of the year before (docs/decisions/0006-closing-balance.md).
2022 and 2023 have the published fees (5 and 10 MSEK); their costs are not published, so the demo's
are chosen to end 2023 at the published opening balance of 2024, 4 120 000 kr.
"""

import datetime

from django.db import transaction

from ekonomi import services
from ekonomi.models import Budget, Cost, CostLine, FiscalYear

COSTS_2022 = {
    CostLine.PERSONNEL: 3_600_000,
    CostLine.RENT_IT: 400_000,
    CostLine.TRAVEL: 150_000,
    CostLine.CONSULTANTS: 700_000,
    CostLine.MEMBERSHIP_FEES: 150_000,
}  # 5 000 000: 2022 closes at 0
COSTS_2023 = {
    CostLine.PERSONNEL: 4_300_000,
    CostLine.RENT_IT: 450_000,
    CostLine.TRAVEL: 160_000,
    CostLine.CONSULTANTS: 770_000,
    CostLine.MEMBERSHIP_FEES: 200_000,
}  # 5 880 000: the doubled fee came late in 2023, which closes at 4 120 000
COSTS_2024 = {
    CostLine.PERSONNEL: 6_921_000,
    CostLine.RENT_IT: 512_000,
    CostLine.TRAVEL: 175_000,
    CostLine.CONSULTANTS: 4_882_000,
    CostLine.MEMBERSHIP_FEES: 230_000,
}
COST_NOTES = {CostLine.CONSULTANTS: "Riskanalyser, harmoniserade miljökrav och kontorsrevisioner"}
FEES = {2022: 5_000_000, 2023: 10_000_000, 2024: 10_538_000}
COSTS = {2022: COSTS_2022, 2023: COSTS_2023, 2024: COSTS_2024}


def _run_year(fiscal_year, costs):
    services.allocate_fees(acting_user=None, fiscal_year=fiscal_year, total=FEES[fiscal_year.year])
    services.adopt(acting_user=None, fiscal_year=fiscal_year)
    for cost_line, amount in costs.items():
        Budget.objects.create(fiscal_year=fiscal_year, cost_line=cost_line, amount=amount)
        cost = Cost(
            fiscal_year=fiscal_year,
            date=datetime.date(fiscal_year.year, 12, 31),
            cost_line=cost_line,
            amount=amount,
            note=COST_NOTES.get(cost_line, "Årets kostnader enligt bokslut"),
        )
        services.add_cost(acting_user=None, cost=cost)
    return services.close_year(acting_user=None, fiscal_year=fiscal_year)


@transaction.atomic
def seed():
    if FiscalYear.objects.filter(year=2024).exists():
        return []
    fiscal_year = FiscalYear.objects.create(year=2022, population_year=2022)  # the first year: opens at 0
    for year in (2022, 2023, 2024):
        following = _run_year(fiscal_year, COSTS[year])
        if year == 2023:  # 2024 opens with 4 120 000, as published, and the published reason
            following.opening_balance_note = "Den höjda avgiften för 2023 inkom sent 2023"
            following.save(update_fields=["opening_balance_note"])
        fiscal_year = following
    fiscal_year.population_year = 2024  # 2025 opens with 1 938 000
    fiscal_year.save(update_fields=["population_year"])
    return []
