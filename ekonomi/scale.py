"""Finance at national scale: 15 fiscal years with fees, budgets and a year's worth of cost entries."""

import datetime
import random

from ekonomi import services
from ekonomi.models import Budget, Cost, CostLine, FiscalYear

YEARS = range(2011, 2026)
COSTS_PER_YEAR = {"national": 400, "small": 20}


def generate_scale_data(scale):
    created = 0
    for year in YEARS:
        # Closing a year opens the next, so a year may exist already, still without fees.
        if FiscalYear.objects.filter(year=year, fees__isnull=False).exists():
            continue
        _fiscal_year(year, COSTS_PER_YEAR[scale])
        created += 1
    return [("fiscal years", created, FiscalYear.objects.count()), ("costs", None, Cost.objects.count())]


def _fiscal_year(year, cost_count):
    randomiser = random.Random(year)
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=year, defaults={"population_year": year})
    total = 5_000_000 if year < 2023 else 10_000_000
    services.allocate_fees(acting_user=None, fiscal_year=fiscal_year, total=total)
    services.adopt(acting_user=None, fiscal_year=fiscal_year)
    lines = [line for line in CostLine if line != CostLine.OTHER]
    Budget.objects.bulk_create(Budget(fiscal_year=fiscal_year, cost_line=line, amount=total // 5) for line in lines)
    Cost.objects.bulk_create(
        Cost(
            fiscal_year=fiscal_year,
            date=datetime.date(year, randomiser.randint(1, 12), randomiser.randint(1, 28)),
            cost_line=randomiser.choice(lines),
            amount=randomiser.randint(1_000, total * 2 // cost_count),
            note="Genererad skaldata",
        )
        for _ in range(cost_count)
    )
    if year < YEARS[-1]:
        services.close_year(acting_user=None, fiscal_year=fiscal_year)
