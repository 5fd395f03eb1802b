"""Query counts of the case list and the case page: pinned, and the same with a few rows as with many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.cache import figures_changed
from incidenter.models import (
    Allegation,
    Incident,
    IncidentAllegation,
    IncidentRead,
    InvolvedParty,
    Outcome,
    TimelineAttachment,
    TimelineEntry,
)
from regions.access import Visibility
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db


def _grow(count, start, *, case, supplier, contract, user):
    """``count`` more network cases (each with two allegations and a party), and on ``case``
    more timeline entries with a file, parties, outcomes and reads."""
    cases = Incident.objects.bulk_create(
        Incident(
            title=f"Ärende {n}",
            source="media",
            description="x",
            opened_on=datetime.date(2024, 1, 1),
            visibility=Visibility.NETWORK,
            lead_region=factories.region("Kalmar"),
        )
        for n in range(start, start + count)
    )
    IncidentAllegation.objects.bulk_create(
        IncidentAllegation(incident=incident, kind=kind)
        for incident in cases
        for kind in (Allegation.FORCED_LABOUR, Allegation.DEBT_BONDAGE)
    )
    InvolvedParty.objects.bulk_create(InvolvedParty(incident=incident, supplier=supplier) for incident in cases)
    entries = TimelineEntry.objects.bulk_create(
        TimelineEntry(incident=case, kind="contact", occurred_on=datetime.date(2024, 2, 1), who="A", text=f"E {n}")
        for n in range(start, start + count)
    )
    TimelineAttachment.objects.bulk_create(
        TimelineAttachment(entry=entry, name="Fil", file="incidenter/fil.pdf") for entry in entries
    )
    InvolvedParty.objects.bulk_create(
        InvolvedParty(incident=case, role="factory", name=f"Fabrik {n}", country="MY")
        for n in range(start, start + count)
    )
    Outcome.objects.bulk_create(
        Outcome(incident=case, kind="contract_terminated", decided_on=datetime.date(2024, 3, 1), contract=contract,
                region=factories.region("Kalmar"))
        for n in range(start, start + count)
    )  # fmt: skip
    IncidentRead.objects.bulk_create(IncidentRead(incident=case, user=user) for n in range(start, start + count))


# page: (url of the case, queries after the session's user with their memberships, each named)
PAGES = {
    # count; the filter's regions for "leds av" and for "berör region"; the page's ids; those cases
    # with their lead region; their allegations; their parties with suppliers
    "case list": (lambda case: reverse("incident_list"), 7),
    # the case with lead region, category and creator; participating regions; affected regions;
    # partner organisations; allegations; participants with users; parties with suppliers;
    # affected contracts; audits; timeline; its files; outcomes with contract and region;
    # the read recorded (INSERT); may edit; the outcome form's contracts and regions; the link
    # form's contracts; the people to name; history (the secretariat also reads the read log), and
    # the history's links: one query for each of its four kinds (and the names, when one changed)
    "case page": (lambda case: reverse("incident_detail", args=[case.pk]), 23),
}
# Queries only one of the personas makes: the secretariat reads the read log of a confidential case.
EXTRA = {("case page", "secretariat"): 1}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["secretariat", "coordinator"])
def test_pages_take_the_same_queries_at_a_few_and_many_rows(
    client, personas, case_of_anna, supplier, contract, page, who
):
    url_of, page_queries = PAGES[page]
    url = url_of(case_of_anna)
    client.force_login(personas[who])
    _grow(3, 0, case=case_of_anna, supplier=supplier, contract=contract, user=personas[who])
    client.get(url)
    figures_changed()  # a list's rows are kept until a record changes (base.lists): count their making
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(60, 3, case=case_of_anna, supplier=supplier, contract=contract, user=personas[who])
    figures_changed()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    assert len(many) == SESSION_QUERIES + page_queries + EXTRA.get((page, who), 0), sql
