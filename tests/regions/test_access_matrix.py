"""The permission matrix as tables: role × action × object state.

1. Pages by capability: who may open which page (200), who is refused (403 on a page
   without an object, 404 on a page with one) and who is sent to log in (302).
2. Tenant rows by visibility level and owner: who sees and who may change a row.

A supplier's contact person (``supplier_contact``: Sara of Abcur AB) is not a member of the
cooperation: the supplier's own pages open for them, and the public ones; no member page does.
"""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from regions.access import Capability, Role, Visibility, get_scope, has_capability
from regions.models import Membership
from revisioner.identifiers import with_check_digit
from revisioner.models import Supplier
from tests import factories
from tests.factories import procurement_region
from tests.regions.test_url_sweep import _is_third_party, _methods, _patterns
from tests.scoped.models import Dossier

ROLES = [
    "secretariat",
    "coordinator",
    "region_contact",
    "steering",
    "finance",
    "no_role",
    "supplier_contact",
    "anonymous",
]

# action: (url name, needs a person id), then the expected status per role in the order of ROLES.
PAGE_MATRIX = {
    # The start page is a member's work queue, the steering group's and finance's too; a supplier's
    # contact person, who has no queue and one place, is taken straight there.
    "start": (("start", False), [200, 200, 200, 200, 200, 200, 302, 200]),
    "programme overview": (("programme_overview", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "steering dashboard": (("steering_dashboard", False), [200, 403, 403, 200, 200, 403, 403, 302]),
    "programme goals": (("goal_list", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "new goal": (("goal_create", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "priority list": (("priority_list", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "finance": (("finance_home", False), [200, 403, 403, 200, 200, 403, 403, 302]),
    "regions list": (("region_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "procurement regions": (("procurement_region_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "people list": (("person_list", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "invite form": (("person_invite", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "identity providers": (("identity_provider_list", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "new identity provider": (("identity_provider_create", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "person page": (("person_detail", True), [200, 404, 404, 404, 404, 404, 404, 302]),
    "admin": (("admin:index", False), [200, 404, 404, 404, 404, 404, 404, 302]),
    "report jobs": (("report_list", False), [200, 403, 403, 200, 200, 403, 403, 302]),
    "category tree": (("category_tree", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "public category tree": (("public_category_tree", False), [200, 200, 200, 200, 200, 200, 200, 200]),
    "new risk analysis": (("risk_analysis_create", False), [200, 200, 403, 403, 403, 403, 403, 302]),
    "audits": (("audit_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "plan an audit": (("audit_create", False), [200, 200, 403, 403, 403, 403, 403, 302]),
    "suppliers": (("supplier_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "new supplier": (("supplier_create", False), [200, 200, 403, 403, 403, 403, 403, 302]),
    "contracts": (("contract_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "deviations": (("deviation_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "corrective actions": (("action_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "import audits": (("revisioner_import", False), [200, 200, 403, 403, 403, 403, 403, 302]),
    "audit statistics": (("audit_statistics", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "public audit summaries": (("public_audit_list", False), [200, 200, 200, 200, 200, 200, 200, 200]),
    "incident cases": (("incident_list", False), [200, 200, 200, 403, 403, 403, 403, 302]),
    "open an incident case": (("incident_create", False), [200, 200, 200, 403, 403, 403, 403, 302]),
    "academy events": (("event_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "new academy event": (("event_create", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "newcomers": (("academy_newcomers", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "diplomas": (("diploma_list", False), [200, 403, 403, 403, 403, 403, 403, 302]),
    "own diploma progress": (("my_diploma", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "public academy events": (("public_event_list", False), [200, 200, 200, 200, 200, 200, 200, 200]),
    # The supplier's own pages, and the coordinators' self-assessment pages.
    "supplier start page": (("supplier_start", False), [403, 403, 403, 403, 403, 403, 200, 302]),
    "supplier deviations": (("supplier_deviations", False), [403, 403, 403, 403, 403, 403, 200, 302]),
    "self-assessments": (("self_assessment_list", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "send a self-assessment": (("self_assessment_send", False), [200, 200, 403, 403, 403, 403, 403, 302]),
    "send in bulk (a form only)": (("self_assessment_bulk_send", False), [405, 405, 403, 403, 403, 403, 403, 302]),
    # The API (api/): the public register for everyone, the members' rows and tokens for members.
    "API summaries": (("api_summaries", False), [200, 200, 200, 200, 200, 200, 200, 200]),
    "API published incident cases": (("api_published_incidents", False), [200, 200, 200, 200, 200, 200, 200, 200]),
    "API audits": (("api_audits", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "API contract batch (a POST only)": (("api_contract_batch", False), [405, 405, 403, 403, 403, 403, 403, 302]),
    "API tokens": (("api_tokens", False), [200, 200, 200, 200, 200, 403, 403, 302]),
    "open data": (("open_data", False), [200, 200, 200, 200, 200, 200, 200, 200]),
}


@pytest.fixture
def abcur(reference):
    return Supplier.objects.create(name="Abcur AB", org_number=with_check_digit("556677889"))


@pytest.fixture
def people(personas, abcur):
    """The personas of every role, and the supplier personas: Sara answers for Abcur AB, Otto for
    Medline GmbH (another supplier)."""
    medline = Supplier.objects.create(name="Medline GmbH", country="DE", foreign_identifier="DE123456789")
    return {
        **personas,
        "supplier_contact": factories.supplier_contact(abcur, name="Sara Leverantör", email="sara@abcur.example"),
        "other_supplier_contact": factories.supplier_contact(medline, name="Otto Other", email="otto@medline.example"),
    }


def _client_for(client, people, role):
    # anonymous requests are sent to log in (302) wherever the matrix says so
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("action", PAGE_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_page_access_follows_the_matrix(client, people, role, action):
    (name, takes_person), expected_by_role = PAGE_MATRIX[action]
    url = reverse(name, args=[people["coordinator"].pk] if takes_person else [])
    response = _client_for(client, people, role).get(url)
    assert response.status_code == expected_by_role[ROLES.index(role)]


# The member pages a supplier's person never reaches: 403 or 404 (a page of an object), or a
# redirect that leaves the member pages; never 200.
MEMBER_PAGES = [
    "/revisioner/",
    "/revisioner/ny/",
    "/revisioner/statistik/",
    "/avvikelser/",
    "/atgarder/",
    "/incidenter/",
    "/leverantorer/",
    "/avtal/",
    "/styrning/",
    "/ekonomi/",
    "/revisionsplan/",
    "/revisionsplan/2025/",
    "/revisionsplan/2025/urval/",  # the selection ranking
    "/personer/",
    "/admin/",
    "/sjalvskattningar/",
    "/sjalvskattningar/skicka/",
    "/riskanalyser/",
    "/krav/",
    "/akademi/",
    "/regioner/",
    "/upphandlingsregioner/",
    "/program/",
    "/rapporter/",
]


@pytest.mark.parametrize("path", MEMBER_PAGES)
@pytest.mark.parametrize("role", ["supplier_contact", "other_supplier_contact"])
def test_a_supplier_contact_reaches_no_member_page(client, people, role, path):
    response = _client_for(client, people, role).get(path, follow=True)
    assert response.status_code in (403, 404), f"{path} answered {response.status_code} via {response.redirect_chain}"
    for url, _status in response.redirect_chain:
        assert not url.startswith(tuple(MEMBER_PAGES)), url


# Pages without an object that a supplier's person opens: their own, and those open to everyone.
OPEN_TO_SUPPLIERS = {
    "supplier_start", "supplier_deviations", "health", "public_category_tree", "public_requirements",
    "public_audit_list", "public_event_list", "api_summaries", "api_categories", "api_requirements", "api_schema",
    "api_docs", "api_published_incidents", "open_data", "open_data_csv", "open_data_json",
}  # fmt: skip


@pytest.mark.parametrize("role", ["supplier_contact", "other_supplier_contact"])
def test_no_page_without_an_object_opens_for_a_supplier_contact_but_theirs_and_the_publics(client, people, role):
    """Every page of the project without an object (of the admin its index), with each method it
    takes: the supplier's own and the public ones open; every other answers 403 (404: the admin)
    or sends the person to their own start page."""
    client = _client_for(client, people, role)
    walked = set()
    for name, pattern in _patterns(objects=False):
        if _is_third_party(name) or (name.startswith("admin:") and name != "admin:index"):
            continue
        url, walked = reverse(name), walked | {name}
        if name in OPEN_TO_SUPPLIERS:
            # /halsa/ answers 503 where REDIS_URL is set and no worker has beaten: open all the same.
            assert client.get(url).status_code in ((200, 503) if name == "health" else (200,)), name
            continue
        if name == "metrics":  # the operators' /metrics: by address (METRICS_ALLOWED_IPS), not by person
            continue
        if name == "favicon":  # the browser's /favicon.ico: everyone is sent to the static icon
            assert client.get(url)["Location"] == static("img/favicon.ico"), name
            continue
        for method in _methods(pattern):
            response = getattr(client, method)(url)
            if response.status_code == 302:
                assert response["Location"] == reverse("supplier_start"), f"{method.upper()} {url} ({name})"
            else:
                assert response.status_code in (403, 404), f"{method.upper()} {url} ({name}) answered {response}"
    assert {"audit_list", "deviation_list", "action_list", "incident_list", "supplier_list", "contract_list"} <= walked
    assert {"steering_dashboard", "finance_home", "person_list", "admin:index", "self_assessment_list"} <= walked


def test_the_member_pages_named_are_the_projects():
    assert reverse("audit_selection", args=[2025]) in MEMBER_PAGES
    assert reverse("self_assessment_list") in MEMBER_PAGES
    assert reverse("admin:index") in MEMBER_PAGES


def test_the_start_page_takes_a_supplier_contact_to_their_own_page(client, people):
    response = _client_for(client, people, "supplier_contact").get(reverse("start"))
    assert response["Location"] == reverse("supplier_start")


# (role, action, visibility level, owning procurement region, allowed). The coordinator persona
# coordinates A; the region contact's Kalmar belongs to F.
VISIBILITY_MATRIX = [
    # secretariat sees and changes everything
    *[("secretariat", "view", level, owner, True) for level in Visibility for owner in ("A", "F")],
    *[("secretariat", "edit", level, owner, True) for level in Visibility for owner in ("A", "F")],
    # a coordinator of A: public and network everywhere, restricted only in A, confidential never
    ("coordinator", "view", Visibility.PUBLIC, "F", True),
    ("coordinator", "view", Visibility.NETWORK, "F", True),
    ("coordinator", "view", Visibility.RESTRICTED, "A", True),
    ("coordinator", "view", Visibility.RESTRICTED, "F", False),
    ("coordinator", "view", Visibility.CONFIDENTIAL, "A", False),
    ("coordinator", "edit", Visibility.RESTRICTED, "A", True),
    ("coordinator", "edit", Visibility.NETWORK, "F", False),
    # a region contact of Kalmar belongs to F: restricted rows of F, not of A; edits nothing
    ("region_contact", "view", Visibility.RESTRICTED, "F", True),
    ("region_contact", "view", Visibility.RESTRICTED, "A", False),
    ("region_contact", "view", Visibility.CONFIDENTIAL, "F", False),
    ("region_contact", "edit", Visibility.RESTRICTED, "F", False),
    # the steering group reads network material, never restricted or confidential content
    ("steering", "view", Visibility.NETWORK, "A", True),
    ("steering", "view", Visibility.RESTRICTED, "A", False),
    ("steering", "view", Visibility.CONFIDENTIAL, "A", False),
    ("steering", "edit", Visibility.NETWORK, "A", False),
    ("finance", "view", Visibility.NETWORK, "A", True),
    ("finance", "view", Visibility.RESTRICTED, "A", False),
    # a supplier's contact person is no member: public only, as for anyone, never an edit
    ("supplier_contact", "view", Visibility.PUBLIC, "A", True),
    ("supplier_contact", "view", Visibility.NETWORK, "A", False),
    ("supplier_contact", "view", Visibility.RESTRICTED, "A", False),
    ("supplier_contact", "view", Visibility.CONFIDENTIAL, "A", False),
    ("supplier_contact", "edit", Visibility.PUBLIC, "A", False),
    ("supplier_contact", "edit", Visibility.RESTRICTED, "A", False),
    # no role, and anonymous: public only
    ("no_role", "view", Visibility.PUBLIC, "A", True),
    ("no_role", "view", Visibility.NETWORK, "A", False),
    ("anonymous", "view", Visibility.PUBLIC, "A", True),
    ("anonymous", "view", Visibility.NETWORK, "A", False),
    ("anonymous", "edit", Visibility.PUBLIC, "A", False),
]


@pytest.mark.parametrize(("role", "action", "visibility", "owner", "allowed"), VISIBILITY_MATRIX)
def test_tenant_rows_follow_the_visibility_matrix(people, role, action, visibility, owner, allowed):
    from django.contrib.auth.models import AnonymousUser

    dossier = Dossier.objects.create(title="x", procurement_region=procurement_region(owner), visibility=visibility)
    user = AnonymousUser() if role == "anonymous" else people[role]
    rows = Dossier.objects.visible_to(user) if action == "view" else Dossier.objects.editable_by(user)
    assert rows.filter(pk=dossier.pk).exists() is allowed


def test_named_participants_see_confidential_rows_of_other_procurement_regions(personas):
    dossier = Dossier.objects.create(
        title="Ärende", procurement_region=procurement_region("F"), visibility=Visibility.CONFIDENTIAL
    )
    assert not Dossier.objects.visible_to(personas["coordinator"]).filter(pk=dossier.pk).exists()
    dossier.participants.add(personas["coordinator"])
    assert Dossier.objects.visible_to(personas["coordinator"]).filter(pk=dossier.pk).exists()


def test_an_unscoped_read_of_tenant_rows_fails_loudly(personas):
    from regions.access import UnscopedQueryError

    Dossier.objects.create(title="x", procurement_region=procurement_region("A"))
    with pytest.raises(UnscopedQueryError):
        list(Dossier.objects.all())
    with pytest.raises(UnscopedQueryError):
        Dossier.objects.filter(title="x").count()
    assert Dossier.objects.unscoped().count() == 1


def test_a_deactivated_person_has_no_capabilities(personas):
    secretariat = personas["secretariat"]
    secretariat.is_active = False
    assert not has_capability(secretariat, Capability.MEMBER)
    assert get_scope(secretariat).roles == frozenset()


def test_roles_combine_their_capabilities(personas):
    coordinator = personas["coordinator"]
    Membership.objects.create(user=coordinator, role=Role.FINANCE)
    coordinator.refresh_from_db()
    assert has_capability(coordinator, Capability.EDIT_FINANCE)
    assert not has_capability(coordinator, Capability.MANAGE_PEOPLE)


def test_a_supplier_contact_holds_only_the_suppliers_capability(people):
    sara = people["supplier_contact"]
    scope = get_scope(sara)
    assert (scope.roles, scope.supplier_contact) == (frozenset(), True)
    assert {capability for capability in Capability if has_capability(sara, capability)} == {
        Capability.PUBLIC,
        Capability.ANSWER_FOR_SUPPLIER,
    }
    for role, person in people.items():
        if role not in ("supplier_contact", "other_supplier_contact"):
            assert not has_capability(person, Capability.ANSWER_FOR_SUPPLIER), role


def test_a_deactivated_supplier_contact_has_no_capabilities(people):
    sara = people["supplier_contact"]
    sara.is_active = False
    sara.__dict__.pop("_access_scope", None)
    assert not has_capability(sara, Capability.ANSWER_FOR_SUPPLIER)
    assert not get_scope(sara).supplier_contact


# The region that employs a person (User.employing_region, set by the secretariat) adds its fee
# letter to what they read; their roles' other rights do not change.
EMPLOYER_MATRIX = [
    # (role, employing region, fee letter of, readable)
    ("coordinator", None, "kalmar", False),
    ("coordinator", "kalmar", "kalmar", True),
    ("coordinator", "kalmar", "skane", False),
    ("region_contact", "skane", "skane", True),  # Kalle of Kalmar, employed by Skåne
    ("no_role", "kalmar", "kalmar", False),  # without a role in the cooperation: nothing
]


@pytest.mark.parametrize(("role", "employer", "letter", "readable"), EMPLOYER_MATRIX)
def test_the_employing_region_opens_its_fee_letter(personas, role, employer, letter, readable):
    from ekonomi.models import Fee, FiscalYear
    from regions.models import Region

    year = FiscalYear.objects.create(year=2024, population_year=2024)
    fee = Fee.objects.create(fiscal_year=year, region=Region.objects.get(slug=letter), population=1, amount=1)
    person = personas[role]
    person.employing_region = Region.objects.get(slug=employer) if employer else None
    person.save()
    assert Fee.objects.visible_to(person).filter(pk=fee.pk).exists() is readable
    assert not has_capability(person, Capability.VIEW_FINANCE)
