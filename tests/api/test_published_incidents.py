"""Incident cases the public may read: those whose summary for publication is public (closed, or
shared with the network), with the title only of a case shared with the network, as the annual
report prints them; never the internal description, an open confidential case or one without
a summary."""

import datetime

import pytest

from incidenter.models import Incident, Source
from regions.access import Visibility

pytestmark = pytest.mark.django_db


def _case(title, *, closed=False, visibility=Visibility.CONFIDENTIAL, summary="", opened=datetime.date(2024, 3, 1)):
    return Incident.objects.create(
        title=title,
        source=Source.MEDIA,
        description="HEMLIG UPPGIFT från visselblåsare",
        opened_on=opened,
        status=Incident.Status.CLOSED if closed else Incident.Status.OPEN,
        closed_on=datetime.date(2024, 9, 1) if closed else None,
        visibility=visibility,
        summary=summary,
    )


@pytest.fixture
def cases(reference):
    return {
        "closed": _case("Tvångsarbete hos underleverantör X", closed=True, summary="Leverantören bytte fabrik."),
        "network": _case("Handskar från Malaysia", visibility=Visibility.NETWORK, summary="Utredning pågår."),
        "confidential": _case("Misstanke mot Y", summary="Ännu inte publicerad."),
        "no_summary": _case("Nätverksärende utan text", visibility=Visibility.NETWORK),
        "old": _case(
            "Ärende från 2022",
            closed=True,
            summary="Avslutat 2022.",
            opened=datetime.date(2022, 1, 1),
        ),
    }


def test_the_public_reads_the_published_cases_with_their_public_title_and_summary_only(client, cases):
    response = client.get("/api/v1/incident-summaries/")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {cases["closed"].pk, cases["network"].pk, cases["old"].pk}
    # A closed case never shared with the network is named by its number: its title may say too much.
    assert rows[cases["closed"].pk]["title"] == f"Ärende {cases['closed'].pk}"
    assert rows[cases["closed"].pk]["summary"] == "Leverantören bytte fabrik."
    assert rows[cases["network"].pk]["title"] == "Handskar från Malaysia"
    body = response.content.decode()
    for internal in ("HEMLIG UPPGIFT", "Tvångsarbete hos underleverantör X", "Misstanke mot Y", "visibility"):
        assert internal not in body
    assert response["ETag"]


def test_the_published_cases_filter_by_the_year_they_were_handled(client, cases):
    rows = client.get("/api/v1/incident-summaries/", {"year": 2022}).json()["results"]
    assert [row["id"] for row in rows] == [cases["old"].pk]


def test_the_annual_report_prints_the_same_cases_as_the_api(client, cases):
    from incidenter.report import incidents_context

    context = incidents_context(2024)
    api = client.get("/api/v1/incident-summaries/", {"year": 2024}).json()["results"]
    assert sorted(case["title"] for case in context["cases"]) == sorted(row["title"] for row in api)
    assert context["unpublished"] == 2
