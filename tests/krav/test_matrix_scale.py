"""The uptake matrix at 300 requirements × 21 regions: a pinned number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from krav.models import Requirement, RequirementVersion, Uptake
from regions.models import Region
from tests.query_counts import SESSION_QUERIES


def _requirements(count, start=0):
    requirements = Requirement.objects.bulk_create(
        Requirement(title=f"Krav {number:04d}", kind="env_climate", responsible="Kansliet")
        for number in range(start, start + count)
    )
    versions = RequirementVersion.objects.bulk_create(
        RequirementVersion(requirement=requirement, number=1, status="adopted", text="x")
        for requirement in requirements
    )
    regions = list(Region.objects.all())
    Uptake.objects.bulk_create(Uptake(version=v, region=r, used="yes") for v in versions for r in regions)


def test_the_matrix_queries_are_pinned_at_300_requirements_by_21_regions(client, reference, kalle):
    client.force_login(kalle)
    url = reverse("uptake_matrix")
    _requirements(3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _requirements(297, start=3)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    # the user with memberships; categories of the filter; the paginator's count; the regions; the
    # page of versions; their uptakes; the regions' contracts that carry them
    assert len(many) == SESSION_QUERIES + 6, sql
    assert html.count('class="used-yes"') == 50 * 21  # a page of 50 requirements
    assert "Sida 1 av 6" in html
