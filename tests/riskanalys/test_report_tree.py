"""The report's category tree figure: the whole of a small tree, the prioritised part of a large one."""

import pytest

from riskanalys.models import Category
from riskanalys.report_figures import FIGURE_NODES, category_tree_figure

pytestmark = pytest.mark.django_db


def _tree(roots: int, children: int) -> list[list[Category]]:
    tree = []
    for root_number in range(roots):
        root = Category.objects.add_root({"name": f"Huvudkategori {root_number:02d}"})
        tree.append(
            [Category.objects.add_child(root, {"name": f"Kategori {root_number:02d}-{n:02d}"}) for n in range(children)]
        )
    return tree


def test_a_small_tree_is_drawn_whole():
    tree = _tree(3, 4)
    figure = category_tree_figure(2024, {tree[1][2].pk})
    assert figure["svg"].count(">Kategori ") == 12  # each drawn once
    assert "Kategori 01-02" in figure["svg"]
    assert figure["caption"].startswith("Regionernas gemensamma kategoriträd")


def test_a_national_tree_shows_only_the_main_categories_with_a_prioritised_one():
    tree = _tree(10, 20)  # 210 nodes, more than a page holds
    assert FIGURE_NODES < 10 + 10 * 20
    figure = category_tree_figure(2024, {tree[3][5].pk, tree[3][7].pk})
    svg = figure["svg"]
    assert "Huvudkategori 03" in svg
    assert "Huvudkategori 04" not in svg
    assert "Kategori 03-05" in svg and "Kategori 03-07" in svg
    assert "Kategori 03-06" not in svg
    assert "och 18 kategorier till" in svg
    assert "(10 huvudkategorier och 210 kategorier i två nivåer)" in figure["caption"]
    # The text alternative still names every prioritised category.
    assert "Prioriterad för 2024: Kategori 03-05, Kategori 03-07" in svg
