"""The server-side SVG charts, read back as XML the way a browser or WeasyPrint would."""

import xml.etree.ElementTree as ET

import pytest

from base import charts
from base.charts import bar_chart, sparkline

NS = "{http://www.w3.org/2000/svg}"
YEARS = [("2022", 10), ("2023", 20), ("2024", None), ("2025", 40)]


def parse(svg):
    return ET.fromstring(str(svg))


def find_all(root, tag):
    return list(root.iter(NS + tag))


def texts(root):
    return [element.text for element in find_all(root, "text")]


def heights(root):
    return [float(rect.get("height")) for rect in find_all(root, "rect")]


def target_lines(root):
    return [line for line in find_all(root, "line") if line.get("stroke") == charts.TARGET]


def test_one_bar_per_value_with_heights_proportional_to_the_values():
    root = parse(bar_chart(YEARS, title="Avtal"))
    rects = find_all(root, "rect")
    assert len(rects) == 3  # the None year has no bar
    small, double, quadruple = heights(root)
    assert small > 0
    assert double == pytest.approx(2 * small, abs=0.5)
    assert quadruple == pytest.approx(4 * small, abs=0.5)
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert len(bottoms) == 1  # all bars stand on the same axis
    lefts = [float(r.get("x")) for r in rects]
    assert lefts == sorted(lefts)


def test_values_are_printed_with_swedish_grouping_and_a_dash_for_no_data():
    root = parse(bar_chart([("2022", 1419), ("2023", None), ("2024", -1938)], title="Besparing"))
    shown = texts(root)
    assert "1\u00a0419" in shown
    assert "\u22121\u00a0938" in shown  # negative: printed with a real minus sign...
    assert "–" in shown
    assert heights(root) == [pytest.approx(heights(root)[0]), 0]  # ...but its bar is clamped to nothing
    assert [t for t in shown if t.startswith("20")] == ["2022", "2023", "2024"]


def test_target_line_sits_at_the_target_value_and_is_labelled():
    root = parse(bar_chart([("2022", 50), ("2023", 100)], title="Avtal", target=100))
    [line] = target_lines(root)
    assert line.get("stroke-dasharray")
    assert float(line.get("y1")) == float(line.get("y2"))
    tallest = find_all(root, "rect")[1]
    assert float(line.get("y1")) == pytest.approx(float(tallest.get("y")), abs=0.5)
    assert "Mål: 100" in texts(root)


def test_target_label_is_right_of_every_bar_and_inside_the_picture():
    root = parse(bar_chart([("2022", 50), ("2023", 1000)], title="Avtal", target=1419))
    label = next(t for t in find_all(root, "text") if t.text == "Mål: 1\u00a0419")
    right_edge = max(float(r.get("x")) + float(r.get("width")) for r in find_all(root, "rect"))
    assert float(label.get("x")) > right_edge
    assert float(label.get("x")) + len(label.text) * 11 * 0.55 <= 480  # DejaVu Sans is about 0.55 em per character
    assert 0 < float(label.get("y")) < 200


def test_target_line_does_not_cross_a_value_just_below_it():
    root = parse(bar_chart([("2021", 1419), ("2025", 1602)], title="Avtal", target=1500))
    [line] = target_lines(root)
    label = next(t for t in find_all(root, "text") if t.text == "1\u00a0419")
    bar = find_all(root, "rect")[0]
    line_y, label_y = float(line.get("y1")), float(label.get("y"))
    assert not label_y - 9 < line_y < label_y + 2  # digits at 11 px cover about 8 px above their baseline
    assert label_y < float(bar.get("y"))  # still above its own bar


def test_scale_fits_a_target_above_all_values():
    root = parse(bar_chart([("2022", 50)], title="Avtal", target=100))
    [line] = target_lines(root)
    bar = find_all(root, "rect")[0]
    assert float(line.get("y1")) >= 0
    axis = float(bar.get("y")) + float(bar.get("height"))
    assert axis - float(line.get("y1")) == pytest.approx(2 * float(bar.get("height")), abs=0.5)


def test_no_target_means_no_target_line_or_label():
    root = parse(bar_chart(YEARS, title="Avtal"))
    assert target_lines(root) == []
    assert not [t for t in texts(root) if t.startswith("Mål")]


def test_target_label_goes_through_gettext(monkeypatch):
    monkeypatch.setattr(charts, "_", lambda text: text.replace("Mål", "Target"))
    assert "Target: 100" in texts(parse(bar_chart(YEARS, title="Avtal", target=100)))


def test_accessible_name_and_description():
    root = parse(bar_chart([("2022", 42), ("2023", 69)], title="Antal avtal"))
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 480 200"
    assert (root.get("width"), root.get("height")) == ("480", "200")
    title = root.find(NS + "title")
    desc = root.find(NS + "desc")
    assert title.text == "Antal avtal"
    assert desc.text == "2022: 42, 2023: 69"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")


@pytest.mark.parametrize(
    "svg",
    [
        lambda: bar_chart(YEARS, title="Avtal", unit="st", target=30),
        lambda: sparkline([1, 2, None, 3, 4], title="Trend"),
    ],
    ids=["bar_chart", "sparkline"],
)
def test_no_styles_scripts_or_external_references(svg):
    root = parse(svg())
    for element in root.iter():
        assert element.tag.removeprefix(NS) not in {"style", "script", "image", "use", "a", "foreignObject"}
        assert "style" not in element.attrib
        assert not [name for name in element.attrib if name.endswith("href")]
        assert not [value for value in element.attrib.values() if "url(" in value or "://" in value]
    for text in find_all(root, "text"):
        assert text.get("font-family") == "DejaVu Sans, sans-serif"


def test_labels_and_title_are_escaped():
    svg = bar_chart([("<b>&", 1)], title='Avtal <script>alert("x")</script> & co')
    assert "<b>" not in svg and "<script>" not in svg
    root = parse(svg)  # would raise on a bare & or an unclosed <b>
    assert "<b>&" in texts(root)
    assert root.find(NS + "title").text == 'Avtal <script>alert("x")</script> & co'


def test_two_charts_get_different_ids():
    first, second = parse(bar_chart(YEARS, title="A")), parse(bar_chart(YEARS, title="A"))
    ids = [{e.get("id") for e in root.iter() if e.get("id")} for root in (first, second)]
    assert ids[0] and ids[1]
    assert not ids[0] & ids[1]
    sparks = [parse(sparkline([1, 2], title="s")).find(NS + "title").get("id") for _ in range(2)]
    assert sparks[0] != sparks[1]


@pytest.mark.parametrize("points", [[("2022", 0), ("2023", 0)], [("2022", None), ("2023", None)], [("2022", -5)], []])
def test_charts_without_a_positive_value_still_render(points):
    root = parse(bar_chart(points, title="Tomt", target=0))
    assert all(height == 0 for height in heights(root))
    assert len(find_all(root, "rect")) == sum(value is not None for _label, value in points)


def test_sparkline_breaks_the_line_at_no_data():
    root = parse(sparkline([1, 2, None, 3, 4], title="Trend"))
    assert root.get("role") == "img"
    assert root.find(NS + "title").text == "Trend"
    lines = find_all(root, "polyline")
    assert len(lines) == 2
    runs = [[tuple(map(float, p.split(","))) for p in line.get("points").split()] for line in lines]
    assert [len(run) for run in runs] == [2, 2]
    ys = [y for run in runs for _x, y in run]
    assert ys == sorted(ys, reverse=True)  # larger values are drawn higher up
    assert runs[0][1][0] < runs[1][0][0]  # the gap keeps its slot


def test_sparkline_shows_a_lone_point_and_survives_flat_or_empty_input():
    root = parse(sparkline([1, None, 2, 3]))
    assert len(find_all(root, "polyline")) == 1
    assert len(find_all(root, "circle")) == 1
    assert root.find(NS + "title").text  # no title given: the values give the image a name
    for values in ([5, 5, 5], [None], []):
        parse(sparkline(values))
