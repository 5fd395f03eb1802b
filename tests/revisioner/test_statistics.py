"""Audit statistics: audits per year and kind, deviations by clause, closure, and the page that
shows them (members see figures of what they may see; the steering group sees everything)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.cache import figures_changed
from revisioner import services
from revisioner.models import Audit, Deviation, Rating
from revisioner.statistics import (
    ClauseRow,
    _median,
    closure_per_year,
    deviations_by_clause,
    performed_per_year_by_kind,
)
from tests.query_counts import SESSION_QUERIES

NOON = datetime.time(12, tzinfo=datetime.UTC)


def _performed(audit_of, kansliet, letter="A", *, partly=1, performed_on=datetime.date(2024, 3, 10)):
    """An audit of procurement region ``letter`` performed and reported, its first ``partly``
    criteria rated "partly" (each a deviation), awaiting actions if any."""
    audit = audit_of(letter, planned_on=performed_on - datetime.timedelta(days=30))
    services.start_audit(acting_user=kansliet, audit=audit)
    criteria = list(audit.template.criteria.order_by("number"))
    ratings = {
        criterion: (Rating.Value.PARTLY if index < partly else Rating.Value.MEETS, "", "")
        for index, criterion in enumerate(criteria)
    }
    services.rate(acting_user=kansliet, audit=audit, ratings=ratings)
    services.draft_report(acting_user=kansliet, audit=audit, performed_on=performed_on)
    if partly:
        services.await_actions(acting_user=kansliet, audit=audit)
    return audit


def _found_and_verified(audit, *days_to_closure):
    """Date the audit's deviations: found on the day it was performed, verified after the given days
    (None: still open)."""
    found = datetime.datetime.combine(audit.performed_on, NOON)
    for deviation, days in zip(Deviation.objects.unscoped().filter(audit=audit), days_to_closure, strict=True):
        verified = (
            {
                "status": "verified",
                "verification_method": "on_site",
                "verified_at": found + datetime.timedelta(days=days),
            }
            if days
            else {}
        )
        Deviation.objects.unscoped().filter(pk=deviation.pk).update(created_at=found, **verified)


def _cells(html, year) -> list[str]:
    """The figures of the year's row in the table of audits per kind."""
    row = html.split(f'<th scope="row">{year}</th>')[1].split("</tr>")[0]
    return row.replace('<td class="num">', "").replace("</td>", " ").split()


def test_audits_are_counted_per_year_and_kind_once_performed(audit_of, kansliet):
    _performed(audit_of, kansliet, partly=0)
    audit_of("A", kind=Audit.Kind.SELF_ASSESSMENT)  # planned: not performed yet
    cancelled = audit_of("A", kind=Audit.Kind.SELF_ASSESSMENT)
    services.cancel_audit(acting_user=kansliet, audit=cancelled)
    assert performed_per_year_by_kind(Audit.objects.unscoped()) == {2024: {"office_audit": 1}}


def test_deviations_are_counted_by_clause_most_first_with_the_open_ones(audit_of, kansliet):
    _performed(audit_of, kansliet, partly=2)
    _performed(audit_of, kansliet, partly=1)
    assert deviations_by_clause(Deviation.objects.unscoped()) == [
        ClauseRow("Policy", 2, 2),
        ClauseRow("Riskanalys av leveranskedjan", 1, 1),
    ]


def test_closure_is_the_share_verified_and_the_median_days_per_audit_year(audit_of, kansliet):
    first = _performed(audit_of, kansliet, partly=3, performed_on=datetime.date(2023, 5, 2))
    _found_and_verified(first, 10, 40, 20)
    second = _performed(audit_of, kansliet, partly=3, performed_on=datetime.date(2024, 5, 2))
    _found_and_verified(second, 30, 61, None)
    closure = closure_per_year(Deviation.objects.unscoped())
    assert (closure[2023].total, closure[2023].verified, closure[2023].percent) == (3, 3, 100)
    assert closure[2023].median_days == 20
    # two verified: the median is the mean of the middle two (30 and 61 days), rounded
    assert (closure[2024].percent, closure[2024].median_days) == (67, 46)


@pytest.mark.parametrize(
    ("counts", "median"),
    [([(5, 1)], 5), ([(1, 1), (3, 1)], 2), ([(9, 1), (2, 2)], 2), ([(1, 2), (9, 2)], 5), ([(4, 3), (8, 1)], 4)],
)
def test_the_median_is_read_from_counts_of_days(counts, median):
    assert _median(counts) == median


def test_members_count_only_the_audits_they_may_see(client, audit_of, kansliet, anna, bertil, stina):
    _performed(audit_of, kansliet, "A", partly=1)  # awaiting actions: restricted to A
    for person, office_audits in ((anna, "1"), (bertil, "0"), (stina, "1")):
        client.force_login(person)
        html = client.get(reverse("audit_statistics"), {"year": 2024}).content.decode()
        # self-assessment reviews, office, factory, re-audits; the sum
        assert _cells(html, 2024) == ["0", office_audits, "0", "0", office_audits], person


def test_the_steering_group_reads_the_national_figures_and_members_are_told_what_they_see(client, anna, stina):
    client.force_login(stina)
    assert "samtliga revisioner i samarbetet" in client.get(reverse("audit_statistics")).content.decode()
    client.force_login(anna)
    assert "du har behörighet att se" in client.get(reverse("audit_statistics")).content.decode()


def test_the_page_shows_the_demo_years_as_charts_and_tables(client, kansliet, demo_programme):
    client.force_login(kansliet)
    html = client.get(reverse("audit_statistics"), {"year": 2026}).content.decode()
    assert "Revisionsstatistik 2026" in html and html.count("<svg") == 2 and "<script" not in html.split("</head>")[1]
    # The 2024 audits are those of the activity report: office audits and re-audits, no split invented for 2023.
    assert "44" in _cells(html, 2024) and "25" in _cells(html, 2024) and "69" in _cells(html, 2024)
    # the biggest gaps first (the deviations the coordinators work with are of 2025 and 2026)
    clauses = html.split("Avvikelser per klausul 2026")[1].split("<tbody>")[1].split("</tr>")
    assert clauses[0].startswith("<tr><td>Riskanalys av leveranskedjan</td>")
    assert clauses[1].startswith("<tr><td>Hantering av avvikelser</td>")
    assert '<option value="2024">' in html and "2\u00a0024" not in html


def test_a_year_can_be_chosen_and_nonsense_falls_back_to_the_latest(client, kansliet, demo_programme):
    client.force_login(kansliet)
    assert "Avvikelser per klausul 2025" in client.get(reverse("audit_statistics"), {"year": 2025}).content.decode()
    # the latest year with audits performed
    assert "Revisionsstatistik 2026" in client.get(reverse("audit_statistics"), {"year": "x"}).content.decode()


def test_the_pages_queries_do_not_grow_with_the_audits(client, audit_of, kansliet, anna):
    client.force_login(anna)
    url = reverse("audit_statistics") + "?year=2024"
    _performed(audit_of, kansliet, partly=1)
    client.get(url)
    figures_changed()  # the figures are kept until a record changes; these count their making
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with CaptureQueriesContext(connection) as kept:
        client.get(url)
    assert len(kept) == SESSION_QUERIES  # the figures are read from the cache
    for year in (2021, 2022, 2023):
        _performed(audit_of, kansliet, partly=2, performed_on=datetime.date(year, 4, 1))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    # the user with memberships; audits per year and kind; deviations per clause; deviations and the
    # verified ones per year; verified deviations per year and days to closure
    assert len(many) == SESSION_QUERIES + 4, sql
