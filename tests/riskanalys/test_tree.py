"""The category tree: import and export with a path column, moves, merges, the tree page."""

import csv

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.cache import figures_changed
from riskanalys import services
from riskanalys.models import ActionPlan, Activity, Category, CategoryPriority, RiskAnalysis
from tests.query_counts import SESSION_QUERIES


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["path", "code", "procurement_regions", "active"])
        writer.writerows(rows)
    return path


def test_a_tree_is_imported_parents_first_and_exported_the_same(reference, tmp_path, capsys):
    rows = [
        ["Vårdrelaterad utrustning och förbrukningsvaror", "V", "A;D;F", "1"],
        ["Vårdrelaterad utrustning och förbrukningsvaror > Tandvård", "V-T", "D", "1"],
        ["Vårdrelaterad utrustning och förbrukningsvaror > Tandvård > Ortodonti", "V-T-O", "D", "1"],
    ]
    call_command("import", "riskanalys.resources.CategoryResource", str(_write(tmp_path / "t.csv", rows)), "--noinput")
    ortodonti = Category.objects.get(name="Ortodonti")
    assert ortodonti.full_path == "Vårdrelaterad utrustning och förbrukningsvaror > Tandvård > Ortodonti"
    assert [pr.letter for pr in Category.objects.get(name="Tandvård").procurement_regions.all()] == ["D"]
    capsys.readouterr()
    call_command("export", "CSV", "riskanalys.resources.CategoryResource")
    exported = list(csv.reader(capsys.readouterr().out.splitlines()))
    assert [row[0] for row in exported[1:]] == [row[0] for row in rows]


def test_a_bad_parent_path_imports_nothing_and_names_the_row(reference, tmp_path, capsys):
    rows = [["Livsmedel", "L", "B", "1"], ["Livsmedel > Bröd", "", "B", "1"], ["Finns inte > Kaffe", "", "B", "1"]]
    with pytest.raises(CommandError) as refused:
        call_command(
            "import", "riskanalys.resources.CategoryResource", str(_write(tmp_path / "t.csv", rows)), "--noinput"
        )
    assert refused.value.returncode == 1
    assert "Rad 4, kolumn path: överordnad kategori ”Finns inte” finns inte." in str(refused.value)
    assert not Category.objects.exists()


def test_an_unknown_procurement_region_letter_is_refused(reference, tmp_path, capsys):
    with pytest.raises(CommandError) as refused:
        call_command(
            "import",
            "riskanalys.resources.CategoryResource",
            str(_write(tmp_path / "t.csv", [["IT", "", "Z", "1"]])),
            "--noinput",
        )
    assert "Rad 2, kolumn procurement_regions: okänd upphandlingsregion Z." in str(refused.value)


def test_a_subtree_moves_with_its_children(tree, kansliet):
    services.move_category(acting_user=kansliet, category=tree["gowns"], new_parent=tree["imaging"])
    assert Category.objects.get(name="Skyddsrockar").full_path == "MT-bild och funktion > Skyddsrockar"


def test_a_category_cannot_move_under_itself(tree, kansliet):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.move_category(acting_user=kansliet, category=tree["paper"], new_parent=tree["gowns"])


def test_merging_moves_children_analyses_and_priorities(tree, draft_of_a, kansliet):
    CategoryPriority.objects.create(category=tree["paper"], start_year=2023, end_year=2025)
    services.merge_categories(acting_user=kansliet, source=tree["paper"], target=tree["imaging"])
    assert not Category.objects.filter(name="Vårdrelaterad papper & plast").exists()
    assert Category.objects.get(name="Skyddsrockar").full_path == "MT-bild och funktion > Skyddsrockar"
    assert CategoryPriority.objects.get().category.name == "MT-bild och funktion"
    assert set(
        Category.objects.get(name="MT-bild och funktion").procurement_regions.values_list("letter", flat=True)
    ) == {"A", "C"}
    assert RiskAnalysis.objects.unscoped().get().category.name == "Skyddsrockar"


def test_the_tree_page_marks_priorities_in_words_and_names_the_regions(client, tree, published_of_a, anna):
    CategoryPriority.objects.create(category=tree["paper"], start_year=2023, end_year=2025)
    client.force_login(anna)
    html = " ".join(client.get(reverse("category_tree")).content.decode().split())
    assert "★ Prioriterad</strong>" in html and "prioriteras 2023–2025" in html
    assert 'title="Upphandlingsregion A">A</abbr>' in html
    assert f'href="{reverse("risk_analysis_detail", args=[published_of_a.pk])}"' in html


def test_the_public_tree_shows_only_public_published_analyses(client, tree, draft_of_a):
    url = reverse("public_category_tree")
    assert "Skyddsrockar (2024)" not in client.get(url).content.decode()
    draft_of_a.status, draft_of_a.visibility = "published", "network"
    draft_of_a.save()
    assert "Skyddsrockar (2024)" not in client.get(url).content.decode()
    draft_of_a.visibility = "public"
    draft_of_a.save()
    assert "Skyddsrockar (2024)" in client.get(url).content.decode()


def _grow(count):
    """``count`` more categories in three levels, written straight as materialised paths (one
    bulk insert instead of thousands of add_child calls): roots of 19 children, every other child
    with one grandchild of its own."""
    start = Category.objects.filter(depth=1).count() + 1
    nodes, number = [], 0
    for root_index in range(start, start + count):
        root = Category(name=f"Rot {root_index:04d}", path=f"{root_index:04d}", depth=1, numchild=0)
        nodes.append(root)
        number += 1
        for child_index in range(1, 20):
            if number >= count:
                break
            grandchild = child_index % 2 == 0
            child_path = f"{root.path}{child_index:04d}"
            nodes.append(Category(name=f"Kategori {number:05d}", path=child_path, depth=2, numchild=int(grandchild)))
            root.numchild, number = root.numchild + 1, number + 1
            if grandchild and number < count:
                nodes.append(Category(name=f"Under {number:05d}", path=f"{child_path}0001", depth=3, numchild=0))
                number += 1
        if number >= count:
            break
    Category.objects.bulk_create(nodes)


@pytest.mark.parametrize("public", [False, True])
def test_the_tree_pages_queries_are_pinned_at_2000_categories(client, tree, published_of_a, kansliet, public):
    url = reverse("public_category_tree" if public else "category_tree")
    CategoryPriority.objects.create(category=tree["paper"], start_year=2023, end_year=2025)
    plan = ActionPlan.objects.create(procurement_region=tree["A"], start_year=2023, end_year=2025)
    Activity.objects.create(plan=plan, title="Uppföljning", owner="A", due_date="2025-12-31").categories.add(
        tree["gowns"]
    )
    if not public:
        client.force_login(kansliet)
    client.get(url)
    figures_changed()  # the tree is kept until a record changes; these count its making
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(2_000)  # in bulk: no signal
    figures_changed()
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    sql = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(few) == len(many), sql
    # latest period; its priorities; analyses; (members: action plans; their activities'
    # categories); adopted requirements (krav's links); published audit summaries (revisioner's
    # links); the regions' letters; the tree — after the user with memberships for a member
    assert len(many) == (7 if public else SESSION_QUERIES + 9), sql
    assert html.count("<li") >= 2_000


def test_a_categorys_action_plan_is_linked_through_its_activities(client, tree, anna):
    plan = ActionPlan.objects.create(procurement_region=tree["A"], start_year=2023, end_year=2025)
    Activity.objects.create(plan=plan, title="Uppföljning", owner="A", due_date="2025-12-31").categories.add(
        tree["gowns"]
    )
    client.force_login(anna)
    html = client.get(reverse("category_tree")).content.decode()
    gowns = html.split(">Skyddsrockar</a>")[1].split("</li>")[0]
    assert f'href="{plan.get_absolute_url()}" data-kind="action_plan">Handlingsplan A 2023–2025' in gowns
    assert 'data-kind="action_plan"' not in html.split(">Skyddsrockar</a>")[0]


def test_category_names_are_escaped_in_the_tree(client, reference):
    Category.objects.add_root({"name": "<script>alert(1)</script>"})
    html = client.get(reverse("public_category_tree")).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_tree_is_kept_for_its_reader_until_a_record_changes(client, tree, kansliet):
    url = reverse("category_tree")
    client.force_login(kansliet)
    before = client.get(url).content.decode().count("Prioriterad")
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert len(warm) == SESSION_QUERIES  # the tree is read from the cache
    CategoryPriority.objects.create(category=tree["paper"], start_year=2023, end_year=2025)
    assert client.get(url).content.decode().count("Prioriterad") > before
