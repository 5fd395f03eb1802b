"""The API's lists answer in the same number of queries however many rows they hold."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from revisioner.models import Audit


def _queries(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, **headers).status_code == 200
    return len(queries)


def _publish_more(register, count):
    for year in range(2010, 2010 + count):
        Audit.objects.create(
            kind=Audit.Kind.OFFICE, supplier=register["medline"], category=register["category"], year=year,
            procurement_region=register["other"].procurement_region, status=Audit.Status.CLOSED,
            visibility="network", summary="Inga avvikelser.", summary_status=Audit.SummaryStatus.APPROVED,
            summary_approved_at=timezone.now(),
        )  # fmt: skip


def test_the_published_summaries_do_not_grow_with_rows(client, register):
    few = _queries(client, "/api/v1/summaries/")
    _publish_more(register, 6)
    assert _queries(client, "/api/v1/summaries/") == few <= 5


def test_the_members_audits_do_not_grow_with_rows(client, register, kansliet):
    from tests.api.conftest import bearer, token_for

    headers = bearer(token_for(kansliet)[1])
    client.get("/api/v1/audits/", **headers)  # the process's first request reads what it then keeps
    few = _queries(client, "/api/v1/audits/", **headers)
    _publish_more(register, 6)
    # the token and its person's memberships; the token's last use; the count; the page with
    # supplier, category, procurement region and facility
    assert _queries(client, "/api/v1/audits/", **headers) == few == 5


def test_the_published_incident_cases_do_not_grow_with_rows(client, register):
    from tests.api.test_published_incidents import _case

    _case("Första", closed=True, summary="Avslutat.")
    client.get("/api/v1/incident-summaries/")
    few = _queries(client, "/api/v1/incident-summaries/")
    for number in range(20):
        _case(f"Ärende {number}", closed=True, summary="Avslutat.")
    # the count; the page
    assert _queries(client, "/api/v1/incident-summaries/") == few == 2
