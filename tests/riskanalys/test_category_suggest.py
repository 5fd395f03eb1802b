"""Category fields suggest categories as one types (a small JSON endpoint and a datalist), instead of
a select of the whole tree (about 2 000 categories nationally) on every list page. The field takes
the suggestion picked, "Parent > Child (code)", what a person types without script (the path, the
name, the code) and the category id of links from before."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.cache import figures_changed
from revisioner.filters import ContractFilter, SelectionFilterForm
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Contract, Supplier
from riskanalys.fields import CategoryField
from riskanalys.models import Category
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db

URL = "/kategorier/forslag/"
GOWNS = "Vårdrelaterad papper & plast > Skyddsrockar"


def _values(client, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    return [row["value"] for row in response.json()["results"]]


def _many_children(parent, count, start=0, name="Handskar"):
    """``count`` categories under ``parent`` in one insert (their paths as treebeard writes them)."""
    Category.objects.bulk_create(
        Category(path=parent.path + Category._get_path(None, 1, n + 100), depth=2, numchild=0, name=f"{name} {n}")
        for n in range(start, start + count)
    )


def _many_roots(count):
    Category.objects.bulk_create(
        Category(path=Category._get_path(None, 1, n + 100), depth=1, numchild=0, name=f"Kategori {n}")
        for n in range(count)
    )


@pytest.fixture
def supplier(reference):
    return Supplier.objects.create(name="Abcur AB", org_number=with_check_digit("556677889"))


@pytest.fixture
def contracts(tree, supplier):
    """Two contracts of the gowns, one of their parent (paper) and one of the imaging category."""

    def contract(category, reference, letter="A"):
        return Contract.objects.create(
            procurement_region=factories.procurement_region(letter),
            supplier=supplier,
            category=category,
            reference=reference,
            starts_on=datetime.date(2024, 1, 1),
        )

    return {
        "gowns": [contract(tree["gowns"], "K-1"), contract(tree["gowns"], "K-2", "C")],
        "paper": [contract(tree["paper"], "K-3")],
        "imaging": [contract(tree["imaging"], "K-4", "C")],
    }


# The suggestions ---------------------------------------------------------------------------------


def test_suggestions_by_name_or_code_read_as_the_path_with_the_code(client, anna, tree):
    assert reverse("category_suggest") == URL
    client.force_login(anna)
    assert _values(client, "skydd") == [GOWNS]
    assert _values(client, "MT-") == ["MT-bild och funktion"]
    Category.objects.filter(pk=tree["gowns"].pk).update(code="33140000")
    assert _values(client, "3314") == [f"{GOWNS} (33140000)"]
    assert _values(client, "rockar") == [f"{GOWNS} (33140000)"]
    assert _values(client, "s") == []  # one character suggests nothing
    assert _values(client, "Ingen sådan") == []


def test_the_category_that_is_the_text_comes_first_then_those_that_begin_with_it(client, anna, tree):
    client.force_login(anna)
    paper = tree["paper"]
    for name in ("Plastförpackningar", "Engångsplast", "Plast"):
        Category.objects.add_child(Category.objects.get(pk=paper.pk), {"name": name})
    parent = "Vårdrelaterad papper & plast"
    assert _values(client, "Plast") == [
        f"{parent} > Plast",
        f"{parent} > Plastförpackningar",
        parent,  # holds it, first in the tree's order
        f"{parent} > Engångsplast",
    ]


def test_at_most_twenty_suggestions_in_the_same_queries_at_any_size(client, anna, tree):
    client.force_login(anna)
    _many_children(tree["imaging"], 30)
    client.get(URL, {"q": "handskar"})
    with CaptureQueriesContext(connection) as few:
        assert len(_values(client, "handskar")) == 20
    _many_children(tree["imaging"], 600, 30)
    with CaptureQueriesContext(connection) as many:
        values = _values(client, "handskar")
    assert values[:2] == ["MT-bild och funktion > Handskar 0", "MT-bild och funktion > Handskar 1"]
    assert len(values) == 20
    # the session's user with memberships (the declared capability), the categories, their ancestors
    assert len(few) == len(many) == SESSION_QUERIES + 2, "\n".join(query["sql"] for query in many.captured_queries)


def test_only_members_get_suggestions(client, tree, supplier):
    assert client.get(URL, {"q": "skydd"}).status_code == 302  # to the login
    client.force_login(factories.supplier_contact(supplier))
    assert client.get(URL, {"q": "skydd"}).status_code == 403


# The field ---------------------------------------------------------------------------------------


def test_the_field_takes_the_suggestion_the_path_the_name_the_code_and_the_id(tree):
    gowns = tree["gowns"]
    Category.objects.filter(pk=gowns.pk).update(code="33140000")
    for text in (
        f"{GOWNS} (33140000)",
        GOWNS,
        "Vårdrelaterad papper & plast>Skyddsrockar",
        "skyddsrockar",
        "Skyddsrockar",
        "33140000",
        "Skyddsrockar (33140000)",
        str(gowns.pk),
        f"  {GOWNS}  ",
    ):
        assert CategoryField().clean(text) == gowns, text
    assert CategoryField(required=False).clean("") is None


def test_a_name_with_brackets_and_no_code_is_read_as_written(tree):
    bracketed = Category.objects.add_root({"name": "Papper (återvunnet)"})
    assert CategoryField().clean("Papper (återvunnet)") == bracketed


def test_the_field_says_when_no_category_or_several_have_the_name(tree):
    field = CategoryField()
    with pytest.raises(ValidationError, match="Ingen kategori heter eller har koden Finns inte"):
        field.clean("Finns inte")
    Category.objects.add_child(Category.objects.get(pk=tree["imaging"].pk), {"name": "Skyddsrockar"})
    with pytest.raises(ValidationError, match="Flera kategorier heter Skyddsrockar"):
        field.clean("Skyddsrockar")
    assert field.clean(GOWNS) == tree["gowns"]  # the path tells them apart
    assert field.clean("MT-bild och funktion > Skyddsrockar").name == "Skyddsrockar"


def test_the_field_shows_the_categorys_text_for_an_id_and_for_what_was_typed(tree):
    gowns = tree["gowns"]
    form = ContractFilter({"category": str(gowns.pk)}, queryset=Contract.objects.all()).form
    assert form.is_valid()
    assert form["category"].value() == GOWNS
    form = ContractFilter({"category": "skyddsrockar"}, queryset=Contract.objects.all()).form
    assert form.is_valid()
    assert form["category"].value() == GOWNS
    form = ContractFilter({"category": "Inget"}, queryset=Contract.objects.all()).form
    assert not form.is_valid()
    assert form["category"].value() == "Inget"  # shown as typed, with the error


# The list pages ----------------------------------------------------------------------------------


def _references(response):
    return sorted(contract.reference for contract in response.context["contracts"])


def test_a_list_filtered_by_a_category_shows_the_rows_the_select_showed(client, kansliet, tree, contracts):
    client.force_login(kansliet)
    url = reverse("contract_list")
    # the select's filter: that category's rows exactly, not those of the categories under it
    exact = sorted(Contract.objects.unscoped().filter(category=tree["paper"]).values_list("reference", flat=True))
    assert exact == ["K-3"]
    for value in (str(tree["paper"].pk), "Vårdrelaterad papper & plast", "vårdrelaterad papper & plast"):
        response = client.get(url, {"category": value})
        assert _references(response) == exact, value
    by_link = client.get(url, {"category": tree["gowns"].pk})
    by_text = client.get(url, {"category": GOWNS})
    assert _references(by_link) == _references(by_text) == ["K-1", "K-2"]
    # the field shows the category's text, not its id, and the page's links keep the filter
    html = by_link.content.decode()
    assert 'value="Vårdrelaterad papper &amp; plast &gt; Skyddsrockar"' in html
    assert f"category={tree['gowns'].pk}" in by_link.context["querystring"]
    assert "category=V%C3%A5rdrelaterad" in by_text.context["querystring"]


def test_a_category_that_does_not_exist_is_named_in_the_filter_bar(client, kansliet, tree, contracts):
    client.force_login(kansliet)
    html = client.get(reverse("contract_list"), {"category": "Tandvård"}).content.decode()
    assert "Ingen kategori heter eller har koden Tandvård." in html
    assert 'value="Tandvård"' in html


def test_the_deviation_list_filters_on_the_audits_category(client, kansliet, tree, supplier):
    client.force_login(kansliet)
    for category in (tree["gowns"], tree["imaging"]):
        Audit.objects.create(
            kind=Audit.Kind.OFFICE,
            supplier=supplier,
            category=category,
            year=2024,
            procurement_region=factories.procurement_region("A"),
        )
    audits = client.get(reverse("audit_list"), {"category": GOWNS}).context["audits"]
    assert [audit.category for audit in audits] == [tree["gowns"]]
    assert client.get(reverse("deviation_list"), {"category": GOWNS}).status_code == 200


@pytest.mark.parametrize("page", ["audit_list", "contract_list", "deviation_list", "audit_create", "contract_create"])
def test_the_lists_and_forms_render_no_option_per_category(client, kansliet, tree, page):
    _many_roots(300)
    client.force_login(kansliet)
    html = client.get(reverse(page)).content.decode()
    assert f'list="id_category-forslag" data-suggest="{URL}"' in html
    assert '<datalist id="id_category-forslag"></datalist>' in html
    assert "Kategori 299" not in html
    assert html.count("<option") < 100


def test_the_ranking_filters_on_a_category_and_those_under_it_by_its_text(client, anna, tree):
    _many_roots(300)
    form = SelectionFilterForm({"category": "Vårdrelaterad papper & plast", "procurement_region": ""})
    assert form.is_valid()
    assert form.cleaned_data["category"] == tree["paper"]
    client.force_login(anna)
    html = client.get(reverse("audit_selection", args=[2025])).content.decode()
    assert "Kategori 299" not in html
    assert f'data-suggest="{URL}"' in html


def test_a_filtered_list_takes_the_same_queries_at_any_tree_size(client, kansliet, tree, contracts):
    client.force_login(kansliet)
    url = reverse("contract_list")
    client.get(url, {"category": GOWNS})
    figures_changed()  # the list's rows are kept until a record changes; these count their making
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"category": GOWNS})
    _many_children(tree["paper"], 600, name="Skyddsrockar")
    _many_roots(600)
    figures_changed()
    with CaptureQueriesContext(connection) as many:
        assert _references(client.get(url, {"category": GOWNS})) == ["K-1", "K-2"]
    # the unfiltered page's, and the category's: its candidates, their ancestors
    assert len(few) == len(many), "\n".join(query["sql"] for query in many.captured_queries)
