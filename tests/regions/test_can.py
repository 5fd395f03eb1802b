"""The `can` object of the templates answers capabilities, lazily, and nothing else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from regions.access import (
    Can,
    Capability,
    coordinated_procurement_region_ids_of,
    has_capability,
    is_coordinator,
    is_finance,
    is_region_contact,
    is_steering,
    is_supplier_contact,
)
from regions.context_processors import can
from revisioner.identifiers import with_check_digit
from revisioner.models import Supplier
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sara(reference):
    """Sara answers for Abcur AB: a supplier's contact person, no member of the cooperation."""
    abcur = Supplier.objects.create(name="Abcur AB", org_number=with_check_digit("556677889"))
    return factories.supplier_contact(abcur, name="Sara Leverantör")


@pytest.mark.parametrize("capability", list(Capability))
def test_can_answers_each_capability_as_has_capability_does(personas, sara, capability):
    for person in [*personas.values(), sara]:
        assert getattr(Can(person), capability.value) == has_capability(person, capability)


def test_a_supplier_contacts_templates_show_only_the_suppliers_part(sara, kansliet):
    template = Template("{% if can.member %}member{% endif %}{% if can.answer_for_supplier %} supplier{% endif %}")
    assert template.render(Context({"can": Can(sara)})) == " supplier"
    assert template.render(Context({"can": Can(kansliet)})) == "member"


def test_can_reads_nothing_until_asked(kansliet, django_assert_num_queries):
    kansliet.__dict__.pop("_access_scope", None)
    with django_assert_num_queries(0):
        answers = Can(kansliet)
    with django_assert_num_queries(1):
        assert answers.manage_audits and answers.edit_finance


def test_an_unknown_name_is_no_capability(kansliet):
    assert not hasattr(Can(kansliet), "rule_the_world")
    assert Template("{% if can.rule_the_world %}yes{% endif %}").render(Context({"can": Can(kansliet)})) == ""


def test_templates_ask_the_context_processors_can(stina, frida):
    template = Template("{% if can.view_finance %}view{% endif %}{% if can.edit_finance %} edit{% endif %}")
    for person, expected in [(stina, "view"), (frida, "view edit"), (AnonymousUser(), "")]:
        request = RequestFactory().get("/")
        request.user = person
        assert template.render(Context(can(request))) == expected


def test_the_role_predicates_of_the_start_page(personas, sara):
    answers = {
        name: (is_steering(p), is_finance(p), is_coordinator(p), is_region_contact(p), is_supplier_contact(p))
        for name, p in {**personas, "supplier_contact": sara}.items()
    }
    assert answers["steering"] == (True, False, False, False, False)
    assert answers["finance"] == (False, True, False, False, False)
    assert answers["coordinator"] == (False, False, True, False, False)
    assert answers["region_contact"] == (False, False, False, True, False)
    assert answers["supplier_contact"] == (False, False, False, False, True)
    assert answers["secretariat"] == answers["no_role"] == (False, False, False, False, False)
    assert not is_supplier_contact(AnonymousUser())
    assert coordinated_procurement_region_ids_of(personas["coordinator"]) == {
        personas["coordinator"].memberships.get().procurement_region_id
    }
    assert coordinated_procurement_region_ids_of(personas["steering"]) == frozenset()


def test_every_capability_a_template_asks_the_can_object_for_exists():
    """An unknown name answers no and would hide its button silently: a misspelt capability fails here."""
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    asked = {
        name
        for path in templates.rglob("*.html")
        for name in re.findall(r"\bcan\.([a-z_]+)", path.read_text(encoding="utf-8"))
    }
    assert asked, "no template asks the can object: the test reads the wrong folder"
    assert asked <= {capability.value for capability in Capability}, sorted(asked - set(Capability))
