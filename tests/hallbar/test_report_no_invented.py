"""The demo's 2024 report prints what the published activity report gives and nothing the seeds do
not: 2023 only as its total of 42 audits (its kinds "–"), 2024 as 44 office audits and 25 re-audits,
and no deviations, since the report records none for the audits of 2024."""

import re

from hallbar.report import build_report_pdf
from tests.hallbar.test_report import pdf_text


def test_the_2024_report_prints_42_for_2023_and_69_as_44_and_25_without_an_invented_split(demo_programme, tmp_path):
    text = " ".join(pdf_text(build_report_pdf(2024), tmp_path).split())
    assert "69 revisioner och granskningar, jämfört med 42 under 2023" in text
    assert "44 kontorsrevisioner och 25 återrevisioner" in text
    assert "Kontorsrevisioner – 44" in text and "Återrevisioner – 25" in text and "Summa 42 69" in text
    assert "Antalet uppföljningar ska öka Öka 42 69 Uppfyllt" in text
    # The split of 2023 the seeds do not give, and the kinds 2024 did not have.
    assert "Fabriksrevisioner" not in text and "Granskningar av självskattningar 14" not in text
    assert "per år och typ 2023–2024" not in text


def test_the_2024_report_prints_no_deviation_figures_the_seeds_do_not_give(demo_programme, tmp_path):
    text = " ".join(pdf_text(build_report_pdf(2024), tmp_path).split())
    for invented in ("Avvikelser per klausul", "Stängda och öppna avvikelser", "verifierats som åtgärdade"):
        assert invented not in text
    assert not re.search(r"\b(74|76)\b", text)
    # The seeds give the gaps only in words.
    assert "analyserar riskerna i sina leveranskedjor" in text
