"""The permission matrix as tables: role × action × object state.

1. Pages by capability: who may open which page (200), who is refused (403 on a page
   without an object, 404 on a page with one) and who is sent to log in (302).
2. Tenant rows by visibility level and owner: who sees and who may change a row.
"""

import pytest
from django.urls import reverse

from regions.access import Capability, Role, Visibility, get_scope, has_capability
from regions.models import Membership
from tests.factories import procurement_region
from tests.scoped.models import Dossier

ROLES = ["secretariat", "coordinator", "region_contact", "steering", "finance", "no_role", "anonymous"]

# action: (url name, needs a person id), then the expected status per role in the order of ROLES.
PAGE_MATRIX = {
    "start": (("start", False), [302, 302, 302, 302, 302, 200, 200]),
    "programme overview": (("programme_overview", False), [200, 403, 403, 403, 403, 403, 302]),
    "steering dashboard": (("steering_dashboard", False), [200, 403, 403, 200, 200, 403, 302]),
    "finance": (("finance_home", False), [200, 403, 403, 200, 200, 403, 302]),
    "regions list": (("region_list", False), [200, 200, 200, 200, 200, 403, 302]),
    "procurement regions": (("procurement_region_list", False), [200, 200, 200, 200, 200, 403, 302]),
    "people list": (("person_list", False), [200, 403, 403, 403, 403, 403, 302]),
    "invite form": (("person_invite", False), [200, 403, 403, 403, 403, 403, 302]),
    "person page": (("person_detail", True), [200, 404, 404, 404, 404, 404, 302]),
    "admin": (("admin:index", False), [200, 404, 404, 404, 404, 404, 302]),
    "report jobs": (("report_list", False), [200, 403, 403, 200, 200, 403, 302]),
    "category tree": (("category_tree", False), [200, 200, 200, 200, 200, 403, 302]),
    "public category tree": (("public_category_tree", False), [200, 200, 200, 200, 200, 200, 200]),
    "new risk analysis": (("risk_analysis_create", False), [200, 200, 403, 403, 403, 403, 302]),
    "audits": (("audit_list", False), [200, 200, 200, 200, 200, 403, 302]),
    "plan an audit": (("audit_create", False), [200, 200, 403, 403, 403, 403, 302]),
    "suppliers": (("supplier_list", False), [200, 200, 200, 200, 200, 403, 302]),
    "new supplier": (("supplier_create", False), [200, 200, 403, 403, 403, 403, 302]),
    "contracts": (("contract_list", False), [200, 200, 200, 200, 200, 403, 302]),
    "deviations": (("deviation_list", False), [200, 200, 200, 200, 200, 403, 302]),
    "corrective actions": (("action_list", False), [200, 200, 200, 200, 200, 403, 302]),
    "import audits": (("revisioner_import", False), [200, 200, 403, 403, 403, 403, 302]),
    "audit statistics": (("audit_statistics", False), [200, 200, 200, 200, 200, 403, 302]),
    "public audit summaries": (("public_audit_list", False), [200, 200, 200, 200, 200, 200, 200]),
    "incident cases": (("incident_list", False), [200, 200, 200, 403, 403, 403, 302]),
    "open an incident case": (("incident_create", False), [200, 200, 200, 403, 403, 403, 302]),
    "academy events": (("event_list", False), [200, 200, 200, 200, 200, 403, 302]),
    "new academy event": (("event_create", False), [200, 403, 403, 403, 403, 403, 302]),
    "newcomers": (("academy_newcomers", False), [200, 403, 403, 403, 403, 403, 302]),
    "diplomas": (("diploma_list", False), [200, 403, 403, 403, 403, 403, 302]),
    "own diploma progress": (("my_diploma", False), [200, 200, 200, 200, 200, 403, 302]),
    "public academy events": (("public_event_list", False), [200, 200, 200, 200, 200, 200, 200]),
}


def _client_for(client, personas, role):
    # anonymous requests are sent to log in (302) wherever the matrix says so
    if role != "anonymous":
        client.force_login(personas[role])
    return client


@pytest.mark.parametrize("action", PAGE_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_page_access_follows_the_matrix(client, personas, role, action):
    (name, takes_person), expected_by_role = PAGE_MATRIX[action]
    url = reverse(name, args=[personas["coordinator"].pk] if takes_person else [])
    response = _client_for(client, personas, role).get(url)
    assert response.status_code == expected_by_role[ROLES.index(role)]


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
    # no role, and anonymous: public only
    ("no_role", "view", Visibility.PUBLIC, "A", True),
    ("no_role", "view", Visibility.NETWORK, "A", False),
    ("anonymous", "view", Visibility.PUBLIC, "A", True),
    ("anonymous", "view", Visibility.NETWORK, "A", False),
    ("anonymous", "edit", Visibility.PUBLIC, "A", False),
]


@pytest.mark.parametrize(("role", "action", "visibility", "owner", "allowed"), VISIBILITY_MATRIX)
def test_tenant_rows_follow_the_visibility_matrix(personas, role, action, visibility, owner, allowed):
    from django.contrib.auth.models import AnonymousUser

    dossier = Dossier.objects.create(title="x", procurement_region=procurement_region(owner), visibility=visibility)
    user = AnonymousUser() if role == "anonymous" else personas[role]
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
