import csv
import io

import openpyxl
import pytest

from base.exports import to_csv, to_xlsx
from base.formats import grouped, ksek, swedish_sort_key
from base.pdf import StaticFilesFetcher

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def test_csv_cells_that_start_like_formulas_are_escaped_and_numbers_kept():
    body = to_csv(["name", "amount"], [[text, -1938] for text in DANGEROUS]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))[1:]
    assert [row[0] for row in rows] == ["'" + text for text in DANGEROUS]
    assert {row[1] for row in rows} == {"-1938"}


def test_xlsx_cells_that_start_like_formulas_are_text_and_numbers_are_numbers():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx("t", ["name", "amount"], [[t, -1938] for t in DANGEROUS]))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells[:5] == ["'" + t for t in DANGEROUS[:5]]
    # A lone carriage return is a control character (the fields refuse it): dropped, the rest is plain text.
    assert cells[5] == "CR"
    assert sheet["B2"].value == -1938 and sheet["B2"].data_type == "n"


def test_swedish_amounts_and_order():
    assert (grouped(ksek(1_419_000)), grouped(ksek(-1_938_000))) == ("1\u00a0419", "\u22121\u00a0938")
    assert ksek(1_500) == 2 and ksek(-1_500) == -2 and ksek(1_499) == 1
    names = ["Örebro", "Östergötland", "Uppsala", "Åre", "Ängelholm", "Gävleborg", "Gotland"]
    assert sorted(names, key=swedish_sort_key) == [
        "Gotland",
        "Gävleborg",
        "Uppsala",
        "Åre",
        "Ängelholm",
        "Örebro",
        "Östergötland",
    ]


@pytest.mark.parametrize(
    "url",
    ["https://example.org/x.css", "file:///etc/passwd", "https://hallbar.invalid/media/x.pdf", "data:text/css,a{}"],
)
def test_documents_fetch_nothing_but_the_projects_static_files(url):
    with pytest.raises(ValueError):
        StaticFilesFetcher()(url)


def test_documents_fetch_the_projects_own_stylesheet():
    response = StaticFilesFetcher()("https://hallbar.invalid/static/css/print.css")
    assert response.content_type == "text/css" and b"@page" in response.read()
