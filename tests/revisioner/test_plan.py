"""The national audit plan: the ranking with each component of the score, adding from it,
removing, adoption, and planning the audit of an entry."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.access import Visibility
from revisioner import selection, services
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, AuditPlan, Contract, PlanEntry, Supplier
from riskanalys.models import CategoryPriority, RiskAnalysis, RiskAssessment
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db


def _contract(supplier, category, letter="A", *, value=None, regions=(), reference=None, starts=2023):
    contract = Contract.objects.create(
        procurement_region=factories.procurement_region(letter),
        supplier=supplier,
        category=category,
        reference=reference or f"{letter}-{supplier.pk}-{Contract.objects.unscoped().count()}",
        starts_on=datetime.date(starts, 1, 1),
        yearly_value=value,
    )
    contract.regions.set([factories.region(name) for name in regions])
    return contract


@pytest.fixture
def scored(category, supplier, other_supplier, audit_of, kansliet):
    """Abcur: prioritised category, risk 4 × 5, 3 MSEK in four regions, one open deviation, last
    audited 2022. Medline: 0.5 MSEK in one region, never audited."""
    CategoryPriority.objects.create(category=category, start_year=2023, end_year=2025)
    analysis = RiskAnalysis.objects.create(
        category=category,
        year=2024,
        product_area="Handskar",
        procurement_region=factories.procurement_region("A"),
        status=RiskAnalysis.Status.PUBLISHED,
        visibility=Visibility.NETWORK,
    )
    RiskAssessment.objects.create(analysis=analysis, dimension="labour_rights", likelihood=4, severity=5)
    RiskAssessment.objects.create(analysis=analysis, dimension="environment", likelihood=2, severity=2)
    _contract(supplier, category, value=2_000_000, regions=["Kalmar", "Skåne"])
    _contract(supplier, category, "B", value=1_000_000, regions=["Kalmar", "Uppsala", "Dalarna"])
    _contract(other_supplier, category, value=500_000, regions=["Kalmar"])
    audit = audit_of("A", planned_on=datetime.date(2022, 5, 1))
    services.start_audit(acting_user=kansliet, audit=audit)
    criterion = audit.template.criteria.first()
    services.rate(acting_user=kansliet, audit=audit, ratings={criterion: ("does_not_meet", "", "")})
    return category


def test_the_ranking_adds_up_six_components_and_puts_the_riskiest_first(scored, supplier, other_supplier):
    first, second = selection.page_rows(2025, selection.ranking(2025, user=None).rows())

    assert (first.supplier_id, second.supplier_id) == (supplier.pk, other_supplier.pk)
    assert first.priority_points == 10.0
    assert (first.risk_score, first.risk_points) == (20, 8.0)
    assert (first.contract_value, first.value_points) == (3_000_000, 3.0)
    assert (first.region_count, first.region_points) == (4, 2.0)
    assert (first.open_deviations, first.deviation_points) == (1, 2.0)
    assert (first.last_audit_year, first.audit_points) == (2022, 6.0)
    assert first.total == 31.0
    # Never audited counts as five years; no deviations.
    assert (second.last_audit_year, second.audit_points, second.open_deviations) == (None, 10.0, 0)
    assert second.total == 10.0 + 8.0 + 0.5 + 0.5 + 0.0 + 10.0


def test_the_ranking_keeps_to_contracts_in_force_and_filters_by_procurement_region(scored, supplier):
    assert selection.ranking(2022, user=None).count() == 0
    rows = selection.ranking(2025, user=None, procurement_region=factories.procurement_region("B"))
    rows = rows.rows()
    [row] = selection.page_rows(2025, rows)
    assert row.supplier_id == supplier.pk
    assert row.contract_value == 3_000_000  # the score still counts every contract


def test_a_coordinator_adds_a_ranked_supplier_to_the_plan_for_their_procurement_region(client, scored, supplier, anna):
    client.force_login(anna)
    url = reverse("audit_selection", args=[2025])
    page = client.get(url)
    assert page.status_code == 200
    assert "Abcur AB" in page.content.decode() and "31,0" in page.content.decode()

    response = client.post(
        url,
        {"supplier": supplier.pk, "category": scored.pk, "procurement_region": anna_region(), "kind": "re_audit"},
        follow=True,
    )

    entry = PlanEntry.objects.unscoped().get()
    assert (entry.plan.year, entry.supplier, entry.kind, entry.score, entry.added_by) == (
        2025,
        supplier,
        "re_audit",
        31,
        anna,
    )
    assert "är tillagd i revisionsplanen för 2025" in response.content.decode()
    plan_page = client.get(reverse("audit_plan", args=[2025])).content.decode()
    assert "Abcur AB" in plan_page and "Planera revisionen" in plan_page


def anna_region():
    return factories.procurement_region("A").pk


def test_a_coordinator_cannot_add_for_another_procurement_region_nor_the_same_row_twice(
    client, scored, supplier, anna, kansliet
):
    client.force_login(anna)
    url = reverse("audit_selection", args=[2025])
    other = factories.procurement_region("B").pk
    data = {"supplier": supplier.pk, "category": scored.pk, "kind": "office_audit"}

    response = client.post(url, {**data, "procurement_region": other}, follow=True)
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not PlanEntry.objects.unscoped().exists()

    client.post(url, {**data, "procurement_region": anna_region()})
    response = client.post(url, {**data, "procurement_region": anna_region()}, follow=True)
    assert "finns redan i planen för 2025" in response.content.decode()
    assert PlanEntry.objects.unscoped().count() == 1


def test_a_supplier_without_a_contract_in_force_cannot_be_added(scored, anna, reference):
    stranger = Supplier.objects.create(name="Okänd AB", org_number=with_check_digit("559988776"))
    with pytest.raises(Exception, match="har inget avtal"):
        services.add_to_plan(
            acting_user=anna,
            year=2025,
            supplier=stranger,
            category=scored,
            procurement_region=factories.procurement_region("A"),
        )


def test_planning_the_audit_of_an_entry_links_it_and_the_entry_can_then_not_be_removed(client, scored, supplier, anna):
    entry = services.add_to_plan(
        acting_user=anna,
        year=2025,
        supplier=supplier,
        category=scored,
        procurement_region=factories.procurement_region("A"),
    )
    audit = services.plan_audit(
        acting_user=anna,
        audit=Audit(
            kind=Audit.Kind.OFFICE,
            supplier=supplier,
            category=scored,
            procurement_region=factories.procurement_region("A"),
            planned_on=datetime.date(2025, 4, 1),
        ),
    )
    entry.refresh_from_db()
    assert entry.audit == audit

    client.force_login(anna)
    response = client.post(reverse("plan_entry_remove", args=[2025, entry.pk]), follow=True)
    assert "Revisionen är redan planerad" in response.content.decode()
    assert PlanEntry.objects.unscoped().filter(pk=entry.pk).exists()


def test_an_entry_is_removed_by_its_procurement_region_and_is_404_to_another(client, scored, supplier, anna, bertil):
    entry = services.add_to_plan(
        acting_user=anna,
        year=2025,
        supplier=supplier,
        category=scored,
        procurement_region=factories.procurement_region("A"),
    )
    url = reverse("plan_entry_remove", args=[2025, entry.pk])
    client.force_login(bertil)
    assert client.post(url).status_code == 404
    client.force_login(anna)
    assert client.post(url).status_code == 302
    assert not PlanEntry.objects.unscoped().exists()


def test_after_adoption_only_the_secretariat_changes_the_plan(client, scored, supplier, anna, kansliet):
    services.add_to_plan(
        acting_user=anna,
        year=2025,
        supplier=supplier,
        category=scored,
        procurement_region=factories.procurement_region("A"),
    )
    client.force_login(anna)
    assert client.post(reverse("audit_plan", args=[2025])).status_code == 404  # only the secretariat adopts
    client.force_login(kansliet)
    response = client.post(reverse("audit_plan", args=[2025]), follow=True)
    assert "är fastställd" in response.content.decode()
    assert AuditPlan.objects.get(year=2025).adopted_at is not None

    entry = PlanEntry.objects.unscoped().get()
    with pytest.raises(Exception, match="är fastställd"):
        services.remove_from_plan(acting_user=anna, entry=entry)
    services.remove_from_plan(acting_user=kansliet, entry=entry)
    assert not PlanEntry.objects.unscoped().exists()


def test_the_plan_of_the_demo_year_lists_its_entries_with_their_audits(client, stina, demo_programme):
    client.force_login(stina)
    response = client.get(reverse("audit_plan_current"), follow=True)
    page = response.content.decode()
    assert "Nationell revisionsplan 2025" in page
    assert "Swereco AB" in page and "Fabriksrevision" in page
    assert "Välj ur rankingen" not in page  # the steering group reads


def _many_contracts(category, count, start):
    suppliers = Supplier.objects.bulk_create(
        Supplier(name=f"Leverantör {n}", normalised_name=f"leverantor {n}", org_number=with_check_digit(f"55{n:07d}"))
        for n in range(start, start + count)
    )
    a = factories.procurement_region("A")
    Contract.objects.bulk_create(
        Contract(
            procurement_region=a,
            supplier=supplier,
            category=category,
            reference=f"M-{supplier.pk}",
            starts_on=datetime.date(2024, 1, 1),
            yearly_value=1_000_000,
        )
        for supplier in suppliers
    )
    plan, _created = AuditPlan.objects.get_or_create(year=2025)
    PlanEntry.objects.bulk_create(
        PlanEntry(plan=plan, supplier=supplier, category=category, procurement_region=a) for supplier in suppliers
    )


def _queries(client, url):
    client.get(url)  # the session's first touch is not the page's
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_ranking_and_plan_pages_queries_do_not_grow_with_the_rows(client, scored, anna):
    client.force_login(anna)
    selection_url, plan_url = reverse("audit_selection", args=[2025]), reverse("audit_plan", args=[2025])
    _many_contracts(scored, 10, 100)
    # The ranking, its second view: the user with memberships (the scope), the filter's procurement regions
    # (its category is a text field that suggests, no select of the tree), the add form's
    # procurement regions; and the procurement region it opens on (the person's own, read when the
    # filter's choice is checked). The rows come from the cache the first view filled
    # (tests/revisioner/test_ranking_cache.py counts the first view).
    assert _queries(client, selection_url) == SESSION_QUERIES + 3
    # The plan: the user with memberships, the plan, the plan years, the count, the filter's procurement
    # regions, the page's ids (on the index), then those entries with supplier, category,
    # procurement region and audit.
    assert _queries(client, plan_url) == SESSION_QUERIES + 6
    _many_contracts(scored, 990, 200)
    assert _queries(client, selection_url) == SESSION_QUERIES + 3
    assert _queries(client, plan_url) == SESSION_QUERIES + 6


def test_a_coordinator_of_another_region_ranks_without_the_restricted_audit_and_its_deviation(
    client, scored, supplier, anna, bertil, kansliet
):
    # The audit of procurement region A is under way: restricted to A (and the secretariat).
    client.force_login(bertil)
    page = client.get(reverse("audit_selection", args=[2025])).content.decode()
    [row, _other] = selection.page_rows(2025, selection.ranking(2025, user=bertil).rows())
    assert row.supplier_id == supplier.pk
    assert (row.open_deviations, row.deviation_points) == (0, 0.0)
    assert (row.last_audit_year, row.audit_points) == (None, 10.0)  # no audit B may see
    assert row.total == 10.0 + 8.0 + 3.0 + 2.0 + 0.0 + 10.0
    assert "33,0" in page and "31,0" not in page
    assert 'title="2022"' not in page  # the year of the restricted audit is not shown either
    # Those who may see the audit rank with it.
    for user in (anna, kansliet):
        [seen, _other] = selection.page_rows(2025, selection.ranking(2025, user=user).rows())
        assert (seen.open_deviations, seen.last_audit_year, seen.total) == (1, 2022, 31.0)


def test_the_score_put_in_the_plan_is_the_one_the_person_saw(client, scored, supplier, bertil):
    client.force_login(bertil)
    client.post(
        reverse("audit_selection", args=[2025]),
        {
            "supplier": supplier.pk,
            "category": scored.pk,
            "procurement_region": factories.procurement_region("B").pk,
            "kind": "office_audit",
        },
    )
    assert PlanEntry.objects.unscoped().get().score == 33


def test_a_restricted_risk_analysis_of_another_region_does_not_enter_the_ranking(scored, supplier, anna, bertil):
    analysis = RiskAnalysis.objects.create(
        category=scored,
        year=2024,
        product_area="Handskar, nitril",
        procurement_region=factories.procurement_region("A"),
        status=RiskAnalysis.Status.PUBLISHED,
        visibility=Visibility.RESTRICTED,
    )
    RiskAssessment.objects.create(analysis=analysis, dimension="labour_rights", likelihood=5, severity=5)
    [for_anna, _] = selection.page_rows(2025, selection.ranking(2025, user=anna).rows())
    [for_bertil, _] = selection.page_rows(2025, selection.ranking(2025, user=bertil).rows())
    assert (for_anna.risk_score, for_anna.risk_points) == (25, 10.0)
    assert (for_bertil.risk_score, for_bertil.risk_points) == (20, 8.0)


def test_contracts_a_person_may_not_see_do_not_enter_their_ranking(
    monkeypatch, scored, supplier, other_supplier, bertil
):
    """Should contracts become visible to their procurement region only, the ranking follows the rule."""
    from django.db.models import Q

    from revisioner import access

    def own_region_only(scope, user, prefix=""):
        regions = scope.procurement_region_ids
        return None if scope.is_secretariat else Q(**{f"{prefix}procurement_region_id__in": regions})

    monkeypatch.setattr(access, "contract_visibility_filter", own_region_only)
    rows = selection.page_rows(2025, selection.ranking(2025, user=bertil).rows())
    assert [row.supplier_id for row in rows] == [supplier.pk]  # Medline has a contract of A only
    [row] = rows
    assert (row.contract_value, row.value_points) == (1_000_000, 1.0)
    assert (row.region_count, row.region_points) == (3, 1.5)
    everything = selection.page_rows(2025, selection.ranking(2025, user=None).rows())
    assert everything[0].contract_value == 3_000_000 and len(everything) == 2


def _chosen_region(page) -> str:
    return page.context["filter"]["procurement_region"].value()


def test_the_ranking_opens_on_the_persons_own_procurement_region_and_keeps_it_in_the_url(
    client, scored, supplier, other_supplier, bertil, kansliet
):
    url = reverse("audit_selection", args=[2025])
    b = str(factories.procurement_region("B").pk)
    client.force_login(bertil)
    page = client.get(url)
    assert _chosen_region(page) == b
    html = page.content.decode()
    assert f'<option value="{b}" selected>' in html
    # Only the rows with a contract of B's: Medline's only contract is A's.
    assert "Abcur AB" in html and "Medline GmbH" not in html
    assert f'name="next" value="?procurement_region={b}"' in html  # adding a row comes back to B's ranking
    # "Alla" is a choice of its own, kept in the URL: every row.
    everything = client.get(url, {"procurement_region": ""})
    assert _chosen_region(everything) == ""
    assert "Medline GmbH" in everything.content.decode()
    # The secretariat has no procurement region of its own: the first it may see, A.
    client.force_login(kansliet)
    assert _chosen_region(client.get(url)) == str(factories.procurement_region("A").pk)
