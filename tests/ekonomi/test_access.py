"""Who may read and change the finances, and the fee letters."""

import pytest
from django.urls import reverse

from tests.query_counts import SESSION_QUERIES

ROLES = ["secretariat", "finance", "steering", "coordinator", "region_contact", "no_role"]

# (url name, args, method) -> expected status per role in the order of ROLES
MATRIX = {
    "finance home": (("finance_home", [], "get"), [200, 200, 200, 403, 403, 403]),
    "year page": (("fiscal_year_detail", [2024], "get"), [200, 200, 200, 404, 404, 404]),
    "statement download": (("fiscal_year_statement", [2024, "csv"], "get"), [200, 200, 200, 404, 404, 404]),
    "new year form": (("fiscal_year_create", [], "get"), [200, 200, 403, 403, 403, 403]),
    "add a cost": (("fiscal_year_add_cost", [2025], "post"), [400, 400, 404, 404, 404, 404]),
    "adopt": (("fiscal_year_adopt", [2025], "post"), [302, 302, 404, 404, 404, 404]),
    "population import": (("population_import", [], "get"), [200, 200, 403, 403, 403, 403]),
    "Kalmar's fee letter": (("fee_letter", [2024, "kalmar"], "get"), [200, 200, 200, 404, 200, 404]),
    "Skåne's fee letter": (("fee_letter", [2024, "skane"], "get"), [200, 200, 200, 404, 404, 404]),
}


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_finance_access_follows_the_matrix(client, demo_finance, personas, role, action):
    (name, args, method), expected = MATRIX[action]
    client.force_login(personas[role])
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == expected[ROLES.index(role)]


def test_a_region_contact_lists_only_their_own_fee_letters(client, demo_finance, kalle):
    client.force_login(kalle)
    html = client.get(reverse("fee_letter_list")).content.decode()
    assert "Region Kalmar län" in html and "Region Skåne" not in html
    assert html.count("Avgiftsbrev (PDF)") == 3  # 2022, 2023 and 2024; the 2025 draft has no fees yet


def test_the_steering_group_reads_but_cannot_change(client, demo_finance, stina):
    client.force_login(stina)
    html = client.get(reverse("fiscal_year_detail", args=[2025])).content.decode()
    assert "Fördela avgifterna" not in html and "Registrera en kostnad" not in html


# page: (url name, args, queries of the page itself, each named)
PAGES = {
    # years; fee totals per year; cost totals per year; the years up to the last, for the opening balances
    "finance home": ("finance_home", [], 4),
    # the year; the years up to it (its opening balance); its fees for the statement; costs per line; budgets;
    # the fees with regions for the table; the latest costs; decisions
    "year page": ("fiscal_year_detail", [2024], 8),
    "fee letters": ("fee_letter_list", [], 2),  # count; the page of fees with year and region
}


@pytest.mark.parametrize("page", PAGES)
def test_finance_query_counts_are_pinned_and_do_not_grow_with_years(client, demo_finance, frida, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ekonomi.scale import _fiscal_year

    name, args, page_queries = PAGES[page]
    client.force_login(frida)
    url = reverse(name, args=args)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for year in range(2030, 2036):
        from regions.models import Population, Region

        Population.objects.bulk_create(
            Population(region=r, year=year, inhabitants=1000, source="t") for r in Region.objects.all()
        )
        _fiscal_year(year, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    assert len(many) == SESSION_QUERIES + page_queries, sql
