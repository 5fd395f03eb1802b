"""The start page is each member's work queue ("Mitt arbete"): what each app registers in its
work.py, most urgent first, each line a link; the menu counts it; one query per kind of item."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from base.registry import WORK_KINDS, work_kinds_in_order
from hallbar.navigation import work_queue
from krav.models import Uptake
from regions.models import User
from revisioner.identifiers import with_check_digit
from revisioner.models import ActionEvidence, Audit, CorrectiveAction, Deviation, Supplier
from sjalvskattning.models import Request
from tests import factories
from tests.query_counts import SESSION_QUERIES
from tests.revisioner import conftest as audits

due_diligence, template, category, supplier, audit_of = (
    audits.due_diligence,
    audits.template,
    audits.category,
    audits.supplier,
    audits.audit_of,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _deviation(audit, n=1, severity=Deviation.Severity.MINOR):
    clause = audit.template.criteria.first().clause
    return Deviation.objects.create(audit=audit, clause=clause, severity=severity, description=f"Avvikelse {n}")


def _action(audit, *, due_in_days, status=CorrectiveAction.Status.OPEN, description="Åtgärd", **fields):
    return CorrectiveAction.objects.create(
        deviation=fields.pop("deviation", None) or _deviation(audit),
        description=description,
        due_on=TODAY + datetime.timedelta(days=due_in_days),
        status=status,
    )


def _grow(count, start, *, audit_a, audit_b):
    """``count`` more rows of every kind the secretariat's queue shows, half of them B's."""
    for n in range(start, start + count):
        audit = audit_a if n % 2 else audit_b
        _action(audit, due_in_days=-n, description=f"Försenad {n}")
        _action(audit, due_in_days=n % 14, description=f"Snart {n}")
        _action(audit, due_in_days=30, status=CorrectiveAction.Status.PROPOSED, description=f"Plan {n}")
        done = _action(audit, due_in_days=30, status=CorrectiveAction.Status.IMPLEMENTED, description=f"Klar {n}")
        ActionEvidence.objects.create(action=done, file=f"bevis/{n}.pdf", name=f"{n}.pdf", size=1, content_type="a")
        User.objects.create_user(f"inbjuden-{n}@hallbar.example", name=f"Inbjuden {n}")
    Audit.objects.unscoped().bulk_create(
        Audit(
            kind=Audit.Kind.OFFICE,
            supplier=audit_a.supplier,
            category=audit_a.category,
            year=2024,
            procurement_region=audit_a.procurement_region if n % 2 else audit_b.procurement_region,
            status=Audit.Status.IN_PROGRESS,
            summary_status=Audit.SummaryStatus.SUBMITTED,
            summary=f"Sammanfattning {n}",
        )
        for n in range(start, start + count)
    )
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Leverantör {n}", org_number=with_check_digit(f"55{n:07d}")) for n in range(start, start + count)
    )
    Request.objects.unscoped().bulk_create(
        Request(
            supplier=supplier,
            template=audit_a.template,
            category=audit_a.category,
            procurement_region=audit_a.procurement_region,
            status=Request.Status.SUBMITTED,
            due_on=TODAY,
            submitted_at=timezone.now(),
        )
        for supplier in suppliers
    )


@pytest.fixture
def audits_ab(audit_of):
    a, b = audit_of("A"), audit_of("B")
    Audit.objects.unscoped().filter(pk__in=[a.pk, b.pk]).update(status=Audit.Status.AWAITING_ACTIONS)
    return Audit.objects.unscoped().get(pk=a.pk), Audit.objects.unscoped().get(pk=b.pk)


def test_every_app_registers_its_kinds_and_the_queue_is_ordered_by_urgency():
    assert {
        "actions_overdue",
        "action_plans",
        "action_evidence",
        "self_assessments",
        "actions_due_soon",
        "summaries",
        "audits_in_progress",
        "requirement_uptake",
        "invitations",
        "reaudits_to_book",
        "reminders_not_sent",
        "incidents_without_decision",
        "consultations",
        "goals_off_track",
        "fee_years",
    } <= set(WORK_KINDS)
    keys = [kind.key for kind in work_kinds_in_order()]
    assert keys.index("actions_overdue") < keys.index("actions_due_soon") < keys.index("audits_in_progress")


def test_a_coordinator_sees_the_work_of_their_own_procurement_region_most_urgent_first(client, anna, audits_ab):
    audit_a, audit_b = audits_ab
    late = _action(audit_a, due_in_days=-3, description="Uppdatera uppförandekoden")
    soon = _action(audit_a, due_in_days=5, description="Skicka riskanalysen")
    _action(audit_a, due_in_days=40, description="Långt fram")  # neither late nor due soon
    plan = _action(audit_a, due_in_days=30, status=CorrectiveAction.Status.PROPOSED, description="Leverantörens plan")
    _action(audit_b, due_in_days=-3, description="B:s försenade")  # another region's
    Audit.objects.unscoped().filter(pk=audit_a.pk).update(status=Audit.Status.IN_PROGRESS)

    client.force_login(anna)
    response = client.get(reverse("start"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Uppdatera uppförandekoden" in page and "3 dagar försenad" in page
    assert "Skicka riskanalysen" in page and "Leverantörens plan" in page
    assert "Långt fram" not in page and "B:s försenade" not in page
    assert page.index("Försenade åtgärder") < page.index("Åtgärdsplaner att granska")
    assert page.index("Åtgärdsplaner att granska") < page.index("Åtgärder som ska vara klara inom 14 dagar")
    assert "Pågående revisioner utan rapport" in page
    assert f'href="{late.get_absolute_url()}"' in page and f'href="{soon.get_absolute_url()}"' in page
    assert f'href="{plan.get_absolute_url()}"' in page
    assert f'href="{audit_a.get_absolute_url()}"' in page
    # Five things: the late action and that nobody was reminded of it, the plan, the action due soon,
    # the audit without a report.
    assert "Påminnelser som inte kunde skickas (1)" in page
    assert "5 saker väntar på dig" in page
    assert "Mitt arbete (5)" in page  # the menu's count
    # Invitations and summaries are the secretariat's.
    assert "Inbjudningar som inte har accepterats" not in page


def test_desk_verification_lists_implemented_actions_with_evidence_only(anna, audits_ab):
    audit_a, _b = audits_ab
    with_file = _action(audit_a, due_in_days=30, status=CorrectiveAction.Status.IMPLEMENTED, description="Med fil")
    ActionEvidence.objects.create(action=with_file, file="bevis/a.pdf", name="a.pdf", size=1, content_type="a")
    _action(audit_a, due_in_days=30, status=CorrectiveAction.Status.IMPLEMENTED, description="Utan fil")
    critical = _deviation(audit_a, severity=Deviation.Severity.CRITICAL)
    on_site = _action(
        audit_a, due_in_days=30, status=CorrectiveAction.Status.IMPLEMENTED, description="Kritisk", deviation=critical
    )
    ActionEvidence.objects.create(action=on_site, file="bevis/b.pdf", name="b.pdf", size=1, content_type="a")

    groups = {group.kind.key: group for group in work_queue(anna)}

    assert [item.label.split(": ")[-1] for item in groups["action_evidence"].items] == ["Med fil"]


def test_self_assessments_to_review_are_the_leading_regions(client, anna, bertil, audits_ab, supplier):
    audit_a, _b = audits_ab
    submitted = Request.objects.unscoped().create(
        supplier=supplier,
        template=audit_a.template,
        category=audit_a.category,
        procurement_region=audit_a.procurement_region,
        status=Request.Status.SUBMITTED,
        due_on=TODAY,
        submitted_at=timezone.now(),
    )

    assert [group.kind.key for group in work_queue(anna)] == ["self_assessments"]
    assert work_queue(anna)[0].items[0].url == submitted.get_absolute_url()
    assert work_queue(bertil) == []


def test_the_secretariat_sees_every_region_summaries_and_invitations(client, kansliet, audits_ab):
    audit_a, audit_b = audits_ab
    _action(audit_a, due_in_days=-1, description="A:s försenade")
    _action(audit_b, due_in_days=-2, description="B:s försenade")
    Audit.objects.unscoped().filter(pk=audit_b.pk).update(summary_status=Audit.SummaryStatus.SUBMITTED)
    invited = User.objects.create_user("ny@region.example", name="Nora Ny")

    client.force_login(kansliet)
    page = client.get(reverse("start")).content.decode()

    assert "A:s försenade" in page and "B:s försenade" in page and "1 dag försenad" in page
    assert "Sammanfattningar att godkänna (1)" in page
    assert "Inbjudningar som inte har accepterats (1)" in page
    assert f'href="{invited.get_absolute_url()}"' in page


def test_a_region_contact_sees_the_versions_their_region_has_not_recorded(client, kalle, due_diligence, kansliet):
    client.force_login(kalle)
    page = client.get(reverse("start")).content.decode()
    assert "Kravversioner utan registrerad användning (1)" in page
    assert f'href="{reverse("uptake_cell", args=[due_diligence.pk, "kalmar"])}"' in page

    Uptake.objects.create(region=factories.region("Kalmar"), version=due_diligence, used=Uptake.Used.YES)
    page = client.get(reverse("start")).content.decode()
    assert "Kravversioner utan registrerad användning" not in page
    assert "Inget väntar på dig just nu" in page  # an empty queue says so
    assert "Mitt arbete (0)" in page


def test_the_menu_shows_the_queue_to_members_with_one(client, anna, stina):
    client.force_login(anna)
    page = client.get(reverse("region_list")).content.decode()
    # Before the start page has counted, the entry has no figure (other pages do not count).
    assert f'href="{reverse("start")}#mitt-arbete">Mitt arbete</a>' in page
    client.get(reverse("start"))
    assert "Mitt arbete (0)" in client.get(reverse("region_list")).content.decode()


def test_steering_and_finance_start_on_their_queue_with_their_places(client, stina, frida):
    client.force_login(stina)
    page = client.get(reverse("start")).content.decode()
    assert "Inget väntar på dig just nu." in page and f'href="{reverse("steering_dashboard")}"' in page
    client.force_login(frida)
    page = client.get(reverse("start")).content.decode()
    assert "Inget väntar på dig just nu." in page and f'href="{reverse("finance_home")}"' in page


def test_a_person_with_no_role_is_told_so(client, reference):
    nils = User.objects.create_user("nils@hallbar.example", password="x-Langt-losenord-1", name="Nils")
    client.force_login(nils)
    page = client.get(reverse("start")).content.decode()
    assert "Du har ingen roll i samarbetet ännu" in page and "Mitt arbete" not in page


def test_a_kind_lists_its_first_rows_and_says_how_many_more(kansliet, audits_ab):
    audit_a, _b = audits_ab
    for n in range(7):
        _action(audit_a, due_in_days=-1 - n, description=f"Försenad {n}")
    group = next(group for group in work_queue(kansliet) if group.kind.key == "actions_overdue")
    assert group.count == 7 and len(group.items) == 5 and group.more == 2
    # The most overdue first.
    assert group.items[0].label.endswith("Försenad 6")


# Each kind is one query (its rows, each carrying the total); the page's own queries besides them.
# overdue, plans, evidence, re-audits, self-assessments, reminders, due soon, incidents, summaries, audits,
# consultations, invitations
SECRETARIAT_KINDS = 12
COORDINATOR_KINDS = 9  # the same in their procurement region, without summaries, consultations and invitations


def _queries(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("start"))
    assert response.status_code == 200
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize(("persona", "kinds"), [("kansliet", SECRETARIAT_KINDS), ("anna", COORDINATOR_KINDS)])
def test_the_queue_is_one_query_per_kind_at_any_size(client, request, audits_ab, persona, kinds):
    audit_a, audit_b = audits_ab
    user = request.getfixturevalue(persona)
    client.force_login(user)
    client.get(reverse("start"))  # the first request after login starts the session's clock
    _grow(3, 0, audit_a=audit_a, audit_b=audit_b)
    few, _sql = _queries(client)
    _grow(40, 100, audit_a=audit_a, audit_b=audit_b)
    many, sql = _queries(client)
    assert few == many, "\n".join(sql)
    work_sql = [query for query in sql if 'AS "work_total"' in query]
    assert len(work_sql) == kinds, "\n".join(sql)


def test_the_queue_pins_its_queries_with_django_assert_num_queries(
    client, kansliet, audits_ab, django_assert_num_queries
):
    audit_a, audit_b = audits_ab
    client.force_login(kansliet)
    client.get(reverse("start"))
    _grow(2, 0, audit_a=audit_a, audit_b=audit_b)
    with django_assert_num_queries(SECRETARIAT_KINDS + START_PAGE_QUERIES):
        client.get(reverse("start"))
    _grow(30, 100, audit_a=audit_a, audit_b=audit_b)
    with django_assert_num_queries(SECRETARIAT_KINDS + START_PAGE_QUERIES):
        client.get(reverse("start"))


# The user with their memberships (their scope; the session is in the cache); the secretariat's
# workspaces read no rows (the programme overview's link only).
START_PAGE_QUERIES = SESSION_QUERIES
