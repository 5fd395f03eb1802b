"""The kinds of work that come after the first ones: re-audits to book, reminders not sent, incident
cases without a decision, consultations, the steering group's goals off track and finance's fee
years; and the link from a long kind to the list of all its items."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ekonomi.models import FiscalYear
from hallbar.models import Goal, MetricValue
from hallbar.navigation import work_queue
from incidenter.models import Incident, Source, TimelineEntry
from krav.models import RequirementVersion
from revisioner.models import ActionEvidence, Audit, CorrectiveAction, Deviation, Reminder
from tests.hallbar import test_work_queue as queue

_action, _deviation = queue._action, queue._deviation
# The fixtures of the first kinds' tests.
due_diligence, template, category, supplier, audit_of, audits_ab = (
    queue.due_diligence,
    queue.template,
    queue.category,
    queue.supplier,
    queue.audit_of,
    queue.audits_ab,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _kinds(user) -> dict:
    return {group.kind.key: group for group in work_queue(user)}


def _carried_out(audit, *, severity=Deviation.Severity.MINOR, evidence=False, description="Genomförd"):
    action = _action(
        audit,
        due_in_days=-5,
        status=CorrectiveAction.Status.IMPLEMENTED,
        description=description,
        deviation=_deviation(audit, severity=severity),
    )
    if evidence:
        ActionEvidence.objects.create(action=action, file="bevis/x.pdf", name="x.pdf", size=1, content_type="a")
    return action


def test_a_reaudit_is_to_book_for_carried_out_deviations_only_a_visit_verifies(anna, audits_ab):
    audit_a, audit_b = audits_ab
    _carried_out(audit_a, description="Utan underlag")
    _carried_out(audit_a, severity=Deviation.Severity.CRITICAL, evidence=True, description="Kritisk")
    _carried_out(audit_b, evidence=True, description="Verifieras vid skrivbordet")  # desk verification
    _action(audit_b, due_in_days=-5, description="Försenad")  # still the supplier's to do: overdue

    group = _kinds(anna)["reaudits_to_book"]
    assert group.count == 1
    assert group.items[0].url == audit_a.get_absolute_url()
    assert group.items[0].detail == "2 avvikelser att verifiera på plats"

    Audit.objects.unscoped().create(
        kind=Audit.Kind.RE_AUDIT,
        supplier=audit_a.supplier,
        category=audit_a.category,
        procurement_region=audit_a.procurement_region,
        year=TODAY.year,
        follows_up=audit_a,
        status=Audit.Status.PLANNED,
    )
    assert "reaudits_to_book" not in _kinds(anna)  # booked


def test_an_overdue_action_nobody_was_reminded_of_is_listed(anna, audits_ab):
    audit_a, _b = audits_ab
    forgotten = _action(audit_a, due_in_days=-3, description="Ingen påmind")
    reminded = _action(audit_a, due_in_days=-3, description="Påmind")
    Reminder.objects.create(
        action=reminded, kind=Reminder.Kind.OVERDUE, action_status=reminded.status, sent_to="a@region.example"
    )
    _action(audit_a, due_in_days=-1, description="I går")  # this morning's run is still to come

    group = _kinds(anna)["reminders_not_sent"]
    assert [item.url for item in group.items] == [forgotten.get_absolute_url()]
    assert "Ingen ansvarig är angiven" in group.items[0].detail


def _incident(**fields):
    return Incident.objects.unscoped().create(
        title=fields.pop("title", "Tvångsarbete i leverantörskedjan"),
        source=Source.MEDIA,
        description="Intern beskrivning",
        opened_on=TODAY,
        **fields,
    )


def test_the_secretariat_sees_open_incident_cases_without_a_decision(kansliet, anna):
    undecided = _incident()
    decided = _incident(title="Beslutat ärende")
    TimelineEntry.objects.create(
        incident=decided, kind=TimelineEntry.Kind.DECISION, occurred_on=TODAY, who="Kansliet", text="Beslut"
    )
    _incident(title="Avslutat", status=Incident.Status.CLOSED, closed_on=TODAY, summary="Klart")

    group = _kinds(kansliet)["incidents_without_decision"]
    assert [item.label for item in group.items] == [undecided.title]
    assert "incidents_without_decision" not in _kinds(anna)  # not named in the case


def test_versions_out_for_consultation_say_how_many_regions_have_answered(kansliet, kalle, due_diligence):
    RequirementVersion.objects.filter(pk=due_diligence.pk).update(
        status=RequirementVersion.Status.CONSULTATION, consultation_opened_at=timezone.now()
    )
    group = _kinds(kansliet)["consultations"]
    assert group.count == 1 and group.items[0].detail == "0 regioner har svarat"
    assert group.items[0].url == due_diligence.get_absolute_url()
    assert "consultations" not in _kinds(kalle)


def test_finance_sees_each_fee_year_not_closed_with_what_is_left(client, frida):
    FiscalYear.objects.create(year=TODAY.year - 1, population_year=TODAY.year - 2, state=FiscalYear.State.ADOPTED)
    FiscalYear.objects.create(year=TODAY.year, population_year=TODAY.year - 1)
    FiscalYear.objects.create(
        year=TODAY.year - 2, population_year=TODAY.year - 3, state=FiscalYear.State.CLOSED, closing_balance=0
    )

    client.force_login(frida)
    response = client.get(reverse("start"))
    page = response.content.decode()

    assert response.status_code == 200  # finance's start page is its work, not a redirect
    assert "Avgiftsår som inte är stängda (2)" in page
    assert f"Avgiftsåret {TODAY.year - 1}" in page and "Fastställt: året är slut och kan stängas" in page
    assert f"Avgiftsåret {TODAY.year}" in page and "Utkast: avgifterna är inte fördelade" in page
    assert f"Avgiftsåret {TODAY.year - 2}" not in page


def test_the_steering_group_sees_the_goals_off_track_with_figure_and_target(client, stina):
    year = TODAY.year
    Goal.objects.create(
        start_year=year - 2,
        end_year=year,
        area="Kommunikation",
        text="Nyhetsbrev",
        kind=Goal.Kind.MIN_COUNT,
        target=10,
        metric="newsletters",
    )
    Goal.objects.create(
        start_year=year - 2,
        end_year=year,
        area="Kommunikation",
        text="Artiklar",
        kind=Goal.Kind.MIN_COUNT,
        target=5,
        metric="media_articles",
    )
    MetricValue.objects.create(metric="newsletters", year=year, value=4)
    MetricValue.objects.create(metric="media_articles", year=year, value=13)

    client.force_login(stina)
    page = client.get(reverse("start")).content.decode()

    assert "Mål som inte nås (1)" in page
    assert "Nyhetsbrev" in page and f"{year} · Utfall 4, mål 10" in page
    assert "Artiklar" not in page  # on track


def test_a_long_kind_links_to_the_list_of_all_its_items(client, kansliet, audits_ab):
    audit_a, _b = audits_ab
    for n in range(7):
        _action(audit_a, due_in_days=-1 - n, description=f"Försenad {n}")
    client.force_login(kansliet)
    page = client.get(reverse("start")).content.decode()
    url = reverse("action_list") + "?overdue=true&amp;sort=due_on"
    assert f'<a href="{url}">Visa alla 7 försenade åtgärder</a>' in page
    listed = client.get(reverse("action_list"), {"overdue": "true", "sort": "due_on"}).content.decode()
    assert "Försenad 6" in listed and "Försenad 0" in listed
