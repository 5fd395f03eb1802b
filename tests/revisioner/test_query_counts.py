"""Query counts of the audit list, supplier list, supplier page and audit page: pinned, and the
same with 10 rows as with 1 000."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.cache import figures_changed
from regions.access import Visibility
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Contract, CorrectiveAction, Deviation, Supplier
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db


def _grow(count, start, *, supplier, audit, category):
    """``count`` more of everything: suppliers, and for ``supplier`` contracts and audits (half of
    them A's drafts, half closed audits of B), and deviations with an action on ``audit``."""
    a, b = factories.procurement_region("A"), factories.procurement_region("B")
    kalmar = factories.region("Kalmar")
    Supplier.objects.bulk_create(
        Supplier(name=f"Leverantör {n}", normalised_name=f"leverantor {n}", org_number=with_check_digit(f"55{n:07d}"))
        for n in range(start, start + count)
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            procurement_region=a,
            supplier=supplier,
            category=category,
            reference=f"K-{n}",
            starts_on=datetime.date(2024, 1, 1),
            yearly_value=n * 1000,
        )
        for n in range(start, start + count)
    )
    Contract.regions.through.objects.bulk_create(
        Contract.regions.through(contract=contract, region=kalmar) for contract in contracts
    )
    Audit.objects.bulk_create(
        Audit(
            kind=Audit.Kind.OFFICE,
            supplier=supplier,
            category=category,
            year=2024,
            procurement_region=a if n % 2 else b,
            status=Audit.Status.PLANNED if n % 2 else Audit.Status.CLOSED,
            visibility=Visibility.RESTRICTED if n % 2 else Visibility.NETWORK,
            summary="" if n % 2 else f"Sammanfattning {n}",
            summary_status=Audit.SummaryStatus.NONE if n % 2 else Audit.SummaryStatus.APPROVED,
        )
        for n in range(start, start + count)
    )
    clause = audit.template.criteria.first().clause
    deviations = Deviation.objects.bulk_create(
        Deviation(audit=audit, clause=clause, severity=Deviation.Severity.MINOR, description=f"Avvikelse {n}")
        for n in range(start, start + count)
    )
    CorrectiveAction.objects.bulk_create(
        CorrectiveAction(deviation=deviation, description="Åtgärd", due_on=datetime.date(2024, 6, 1))
        for deviation in deviations
    )


def _contract_url(supplier, audit):
    contract = Contract.objects.create(
        procurement_region=audit.procurement_region,
        supplier=supplier,
        category=audit.category,
        reference="K-sidan",
        starts_on=datetime.date(2024, 1, 1),
    )
    return reverse("contract_detail", args=[contract.pk])


# page: (url of (supplier, audit), queries after the user with their memberships, each named; a list
# page reads its page's ids first (base.lists), the "+ 1")
PAGES = {
    # count; the filter's procurement regions (its category is a text field that suggests, no
    # select of the tree); the page with supplier, category, region and deviation counts
    "audit list": (lambda supplier, audit: reverse("audit_list"), 3 + 1),
    # count; the page with its counts of contracts, audits and open deviations
    "supplier list": (lambda supplier, audit: reverse("supplier_list"), 2 + 1),
    # supplier with parent; aliases; three totals; contracts; their regions; audits; open deviations;
    # subsidiaries; its contact persons (to those who may invite them); history; the sections of
    # later apps (incidenter: the supplier's cases; sjalvskattning: its self-assessments)
    "supplier page": (lambda supplier, audit: reverse("supplier_detail", args=[supplier.pk]), 12 + 2),
    # audit with its relations; participating regions; participants; may edit; deviations; their
    # actions; the files the supplier sent with them; ratings; criteria; re-audits; history; the
    # participants' history
    "audit page": (lambda supplier, audit: reverse("audit_detail", args=[audit.pk]), 12),
    # count; the filter's procurement regions and regions (its category suggests, no select); the
    # page with supplier, category and procurement region; the page's regions
    "contract list": (lambda supplier, audit: reverse("contract_list"), 5 + 1),
    # the contract with its relations; its regions; its requirement versions; may edit; history
    "contract page": (lambda supplier, audit: _contract_url(supplier, audit), 5),
    # count; the filter's procurement regions (its category suggests, no select); the page with
    # audit, supplier, procurement region, clause and its count of actions
    "deviation list": (lambda supplier, audit: reverse("deviation_list"), 3 + 1),
    # count; the filter's procurement regions; the page with deviation, audit, supplier, clause, responsible
    "corrective action list": (lambda supplier, audit: reverse("action_list") + "?status=unfinished&year=2024", 3 + 1),
    # the templates with their counts of criteria and audits
    "assessment templates": (lambda supplier, audit: reverse("assessment_template_list"), 1),
    # count; the page of approved summaries with supplier and category
    "public summaries": (lambda supplier, audit: reverse("public_audit_list"), 2),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["secretariat", "coordinator"])
def test_pages_take_the_same_queries_at_10_and_1000_rows(client, personas, audit_of, supplier, category, page, who):
    url_of, page_queries = PAGES[page]
    audit = audit_of("A")
    url = url_of(supplier, audit)
    client.force_login(personas[who])
    _grow(10, 0, supplier=supplier, audit=audit, category=category)
    client.get(url)
    figures_changed()  # bulk_create sends no signal; the audit list's rows are kept until one (base.lists)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(990, 10, supplier=supplier, audit=audit, category=category)
    figures_changed()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
        assert response.status_code == 200
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    # A coordinator's supplier page asks whether their procurement region has a contract with the
    # supplier, once for changing it and once for inviting its contact persons; the secretariat
    # does both for every supplier without asking.
    extra = 2 if (page, who) == ("supplier page", "coordinator") else 0
    assert len(many) == SESSION_QUERIES + page_queries + extra, sql


def test_the_audit_page_shows_every_deviation_with_its_action(client, kansliet, audit_of, supplier, category):
    audit = audit_of("A")
    _grow(12, 0, supplier=supplier, audit=audit, category=category)
    client.force_login(kansliet)
    page = client.get(reverse("audit_detail", args=[audit.pk])).content.decode()
    assert page.count('class="card deviation"') == 12
    assert "Avvikelse 11" in page


def test_the_lists_page_at_25_rows(client, kansliet, audit_of, supplier, category):
    audit = audit_of("A")
    _grow(60, 0, supplier=supplier, audit=audit, category=category)
    client.force_login(kansliet)
    audits = client.get(reverse("audit_list")).context["audits"]
    suppliers = client.get(reverse("supplier_list")).context["suppliers"]
    assert (len(audits), len(suppliers)) == (25, 25)
    second = client.get(reverse("audit_list"), {"page": 3}).context["audits"]
    assert len(second) == 61 - 50
