"""The report's figures as SVG: several series, horizontal bars and the category tree, each with a text
alternative that says what the picture shows."""

import xml.etree.ElementTree as ET

import pytest

from base.charts import MARK, SERIES, grouped_bar_chart, horizontal_bar_chart, tree_chart

NS = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))


def texts(root):
    return [element.text for element in root.iter(NS + "text")]


def bars(root, colour):
    return [rect for rect in root.iter(NS + "rect") if rect.get("fill") == colour and float(rect.get("height")) > 10]


def test_grouped_bars_have_one_bar_per_kind_and_year_and_a_legend():
    root = parse(
        grouped_bar_chart(
            [("2023", [42, None]), ("2024", [44, 25])], ["Kontorsrevision", "Återrevision"], title="Revisioner"
        )
    )
    assert root.get("role") == "img" and root.find(NS + "title").text == "Revisioner"
    assert (
        root.find(NS + "desc").text
        == "2023: Kontorsrevision 42, Återrevision ingen uppgift; 2024: Kontorsrevision 44, Återrevision 25"
    )
    assert "Kontorsrevision" in texts(root) and "Återrevision" in texts(root)
    heights = [float(rect.get("height")) for rect in bars(root, SERIES[0])]
    assert len(heights) == 2 and abs(heights[0] / heights[1] - 42 / 44) < 0.01
    assert [text for text in texts(root) if text in {"42", "–", "44", "25"}] == ["42", "–", "44", "25"]


def test_horizontal_bars_name_each_row_and_print_its_value_with_grouping():
    root = parse(
        horizontal_bar_chart([("Skåne", 1419), ("Gotland", 61), ("Okänd", None)], title="Avgifter", unit="tkr")
    )
    assert "Skåne" in texts(root) and "1\u00a0419\u00a0tkr" in texts(root) and "–" in texts(root)
    widths = {float(rect.get("width")) for rect in root.iter(NS + "rect")}
    assert max(widths) / min(widths) == pytest.approx(1419 / 61, rel=0.01)


def test_stacked_bars_sum_the_parts_and_describe_each():
    root = parse(horizontal_bar_chart([("Miljö", [3, 2])], title="Avvikelser", series=["Åtgärdad", "Öppen"]))
    assert "5" in texts(root)
    assert root.find(NS + "desc").text == "Miljö: Åtgärdad 3, Öppen 2"


def test_the_tree_marks_and_names_the_prioritised_categories():
    roots = [("Livsmedel", True, [("Bröd", False), ("Kaffe", True)]), ("Medicinteknik", False, [("Ultraljud", False)])]
    root = parse(tree_chart(roots, title="Kategoriträdet", marked_label="Prioriterad"))
    assert root.find(NS + "desc").text == "Prioriterad: Livsmedel, Kaffe"
    for name in ("Livsmedel", "Bröd", "Kaffe", "Medicinteknik", "Ultraljud"):
        assert name in texts(root)
    bold = [text.text for text in root.iter(NS + "text") if text.get("font-weight") == "bold"]
    assert bold == ["Livsmedel", "Kaffe"]
    boxes = [rect.get("fill") for rect in root.iter(NS + "rect") if float(rect.get("height")) > 15]
    assert boxes.count(MARK) == 1 and len(boxes) == 2
    for element in root.iter():
        assert "style" not in element.attrib
