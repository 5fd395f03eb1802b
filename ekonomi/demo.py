"""Demo finance: 2024 exactly as the published statement, the 2022 and 2023 budgets, 2025 in draft.

The population basis of the demo is derived from the 2024 fees (see regions/demo.py), so
allocating 10 538 000 kr over it gives back the published fees to the krona.
"""

import datetime

from django.db import transaction

from ekonomi import services
from ekonomi.models import Budget, Cost, CostLine, FiscalYear

COSTS_2024 = {
    CostLine.PERSONNEL: 6_921_000,
    CostLine.RENT_IT: 512_000,
    CostLine.TRAVEL: 175_000,
    CostLine.CONSULTANTS: 4_882_000,
    CostLine.MEMBERSHIP_FEES: 230_000,
}
COST_NOTES = {CostLine.CONSULTANTS: "Riskanalyser, harmoniserade miljökrav och kontorsrevisioner"}


@transaction.atomic
def seed():
    if FiscalYear.objects.filter(year=2024).exists():
        return []
    for year, total in ((2022, 5_000_000), (2023, 10_000_000)):
        budget_year = FiscalYear.objects.create(year=year, population_year=year)
        services.allocate_fees(acting_user=None, fiscal_year=budget_year, total=total)
        services.adopt(acting_user=None, fiscal_year=budget_year)
    fiscal_year = FiscalYear.objects.create(
        year=2024,
        population_year=2024,
        opening_balance=4_120_000,
        opening_balance_note="Den höjda avgiften för 2023 inkom sent 2023",
    )
    services.allocate_fees(acting_user=None, fiscal_year=fiscal_year, total=10_538_000)
    services.adopt(acting_user=None, fiscal_year=fiscal_year)
    for cost_line, amount in COSTS_2024.items():
        Budget.objects.create(fiscal_year=fiscal_year, cost_line=cost_line, amount=amount)
        cost = Cost(
            fiscal_year=fiscal_year,
            date=datetime.date(2024, 12, 31),
            cost_line=cost_line,
            amount=amount,
            note=COST_NOTES.get(cost_line, "Årets kostnader enligt bokslut"),
        )
        services.add_cost(acting_user=None, cost=cost)
    following = services.close_year(acting_user=None, fiscal_year=fiscal_year)  # 2025 opens with 1 938 000
    following.population_year = 2024
    following.save(update_fields=["population_year"])
    return []
