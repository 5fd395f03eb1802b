"""Query counts of list pages not pinned elsewhere; equal at a few rows and many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallbar.models import ReportJob
from krav.models import Requirement, RequirementVersion
from regions.models import ProcurementRegion
from riskanalys.models import ActionPlan, Category, RiskAnalysis, Study
from tests.query_counts import SESSION_QUERIES


def _rows(count, start):
    """``count`` rows of every kind these pages list."""
    category = Category.objects.first() or Category.objects.add_root({"name": "Kategori"})
    regions = list(ProcurementRegion.objects.all())
    for number in range(start, start + count):
        region = regions[number % len(regions)]
        RiskAnalysis.objects.create(
            year=2024, category=category, product_area=f"Analys {number}", procurement_region=region,
            status="published", visibility="network",
        )  # fmt: skip
        ActionPlan.objects.create(procurement_region=region, start_year=2000 + number, end_year=2000 + number)
        Study.objects.create(title=f"Utredning {number}", year=2024, summary="x")
        requirement = Requirement.objects.create(title=f"Krav {number}", kind="env_climate", responsible="K")
        RequirementVersion.objects.create(requirement=requirement, number=1, status="adopted", text="x")
        ReportJob.objects.create(year=2024)


# page: (url name, queries of the page itself, each named)
PAGES = {
    "risk analyses": ("risk_analysis_list", 3),  # count; the page with category and owner; responsible regions
    "action plans": ("action_plan_list", 2),  # count; the page with its procurement region
    "studies": ("study_list", 2),  # count; the page
    "requirements": ("requirement_list", 4),  # count; the page; their versions; the priority list
    "public requirements": ("public_requirements", 4),  # count; the page with requirement; clauses; files
    "report jobs": ("report_list", 2),  # count; the page with who asked
}


@pytest.mark.parametrize("page", PAGES)
def test_list_page_queries_are_pinned_and_do_not_grow_with_rows(client, kansliet, page):
    name, page_queries = PAGES[page]
    client.force_login(kansliet)
    url = reverse(name)
    _rows(2, start=0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _rows(30, start=2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    assert len(many) == SESSION_QUERIES + page_queries, sql  # after the user with their memberships
