"""Finance figures for the steering dashboard: the same numbers as the statement, in kronor."""

from ekonomi.models import FiscalYear
from ekonomi.statement import build_statement


def figures(year: int) -> dict | None:
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        return None
    statement = build_statement(fiscal_year)
    return {
        "state": fiscal_year.state,
        "opening_balance": fiscal_year.opening_balance,
        "fees": statement.fee_total,
        "costs": -statement.cost_total,
        "closing_balance": -next(line.amount for line in statement.income if line.kind == "closing_balance"),
        "costs_by_line": {line.label: -line.amount for line in statement.costs},
        "budget": {row.label: (row.budget, row.actual) for row in statement.budget},
    }
