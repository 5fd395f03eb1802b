"""Query counts of the list pages, pinned; they do not grow with the rows shown.

Every logged-in request costs one query before the page's own: the user with
their memberships (the scope, shared by navigation and access checks), see
tests.query_counts. Sessions are read from the cache.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.access import Role
from regions.models import Membership, Population, Region
from tests.factories import UserFactory, procurement_region
from tests.query_counts import SESSION_QUERIES


def _add_people(count):
    regions = list(Region.objects.select_related("procurement_region"))
    for index in range(count):
        user = UserFactory()
        region = regions[index % len(regions)]
        Membership.objects.create(user=user, role=Role.REGION_CONTACT, region=region)
        Membership.objects.create(user=user, role=Role.COORDINATOR, procurement_region=region.procurement_region)
        Population.objects.get_or_create(region=region, year=2000 + index % 20, defaults={"inhabitants": 1000})


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries]


# page: (url name, args, queries of the page itself, each named)
PAGES = {
    "regions list": ("region_list", [], 3),  # paginator count; groups for the filter; the page of regions
    "region page": ("region_detail", ["kalmar"], 3),  # region + group; its members with users; populations
    "procurement regions": ("procurement_region_list", [], 3),  # groups; their regions; their coordinators
    "procurement region page": ("procurement_region_detail", ["F"], 4),  # group; regions; coordinators; contacts
    "people list": ("person_list", [], 4),  # count; groups for the filter; the page of people; their roles
    "programme overview": ("programme_overview", [], 5),  # regions; people by status; roles; groups; coordinators
    # the groups the person coordinates; one query per kind of the work queue the secretariat has
    # (overdue, plans, evidence, re-audits, self-assessments, reminders, due soon, incidents,
    # summaries, audits in progress, consultations, invitations)
    "start (work queue)": ("start", [], 13),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_pinned_and_does_not_grow_with_rows(client, kansliet, page):
    name, args, page_queries = PAGES[page]
    # The secretariat member also coordinates F, so the start page shows a choice instead of redirecting.
    Membership.objects.create(user=kansliet, role=Role.COORDINATOR, procurement_region=procurement_region("F"))
    client.force_login(kansliet)
    url = reverse(name, args=args)
    client.get(url)  # the first request after login starts the session's clock (a session write)
    _add_people(3)
    few, _ = _queries(client, url)
    _add_people(60)
    many, sql = _queries(client, url)
    assert few == many, "\n".join(sql)
    assert many == SESSION_QUERIES + page_queries, "\n".join(sql)
