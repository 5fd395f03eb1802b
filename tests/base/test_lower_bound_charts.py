"""A figure known only as a lower bound (base.formats.AtLeast, from MetricValue.lower_bound or
Event.recorded_participants_lower_bound) is printed "över N" ("over N" in English) by every chart and in
the sum row of a download: never as a bare number, which would claim an exact count."""

import io
import re

from django.utils import translation
from openpyxl import load_workbook

from base.charts import bar_chart, grouped_bar_chart, horizontal_bar_chart
from base.exports import Column, SumRow, to_csv, to_xlsx
from base.formats import AtLeast


def _labels(svg: str) -> list[str]:
    return [text.replace("\u00a0", " ") for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def _desc(svg: str) -> str:
    return re.search(r"<desc[^>]*>([^<]*)</desc>", svg)[1].replace("\u00a0", " ")


def test_every_chart_prints_a_lower_bound_as_over_n_on_the_bar_and_in_its_description():
    bars = bar_chart([("2023", 103), ("2024", AtLeast(560))], title="Deltagare")
    assert "över 560" in _labels(bars) and "103" in _labels(bars) and "560" not in _labels(bars)
    assert "2024: över 560" in _desc(bars)
    grouped = grouped_bar_chart([("2024", [AtLeast(140), 40])], ["Intern", "Webbinarium"], title="Deltagare")
    assert "över 140" in _labels(grouped) and "40" in _labels(grouped)
    rows = horizontal_bar_chart([("Adda", AtLeast(560)), ("Svanen", None)], title="Deltagare", unit="st")
    assert "över 560 st" in _labels(rows) and "–" in _labels(rows)
    stacked = horizontal_bar_chart([("Utbildningar", [AtLeast(140), 10])], title="Deltagare", series=["A", "B"])
    assert "över 150" in _labels(stacked)  # a sum with a lower bound in it is one too


def test_in_the_english_interface_a_lower_bound_reads_over_n():
    with translation.override("en"):
        svg = bar_chart([("2024", AtLeast(1700))], title="Followers")
    assert "over 1 700" in _labels(svg) and "över" not in svg


def test_a_download_prints_a_lower_bound_and_a_sum_with_one_as_over_n():
    columns = [Column("Evenemang"), Column("Deltagare", lambda row: row, "int", summed=True)]
    rows = [["Internutbildning", AtLeast(140)], ["Webbinarium", 40], ["Konferens", None]]
    lines = to_csv(columns, rows).decode("utf-8-sig").splitlines()
    assert lines[1] == "Internutbildning;över 140" and lines[2] == "Webbinarium;40"
    assert lines[-1] == "Summa;över 180"
    exact = to_csv(columns, [["Webbinarium", 40], ["Konferens", 20], SumRow()]).decode("utf-8-sig").splitlines()
    assert exact[-1] == "Summa;60"
    sheet = load_workbook(io.BytesIO(to_xlsx("Evenemang", columns, rows))).active
    cell, total = sheet["B2"], sheet["B5"]
    assert cell.value == 140 and cell.number_format.startswith('"över "')  # a number, shown "över 140"
    assert total.value == "=SUM(B2:B4)" and total.number_format.startswith('"över "')
    assert not sheet["B3"].number_format.startswith('"över')
