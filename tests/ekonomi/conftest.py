import pytest

from ekonomi import demo as finance_demo
from regions import demo as regions_demo


@pytest.fixture
def demo_finance(reference):
    """The demo data set: 2022–2023 budgets, 2024 as published and closed, 2025 in draft."""
    regions_demo.seed_populations()
    finance_demo.seed()
