"""The demo's 2024 report, read back from the PDF as a reader gets it (pdftotext), tells the year as the
published activity report does: every fact below is in it, it is a report and not a summary, and what
nothing records is printed "–", never 0."""

import re

from hallbar.report import build_report_pdf, compose
from tests.hallbar.test_report import pdf_text

# (what a reader looks for, as a pattern of the PDF's text in reading order)
FACTS = [
    ("the goals chapter", r"Mål och utfall .* Strategin 2023–2025 har \d+ mål som gäller 2024"),
    ("the cooperation with Adda", r"samverkansavtal med Adda Inköpscentral"),
    ("IWGEPP", r"International Working Group on Ethical Public Procurement \(IWGEPP\)"),
    ("the Nordic cooperation", r"Det nordiska samarbetet .* fem nordiska länderna"),
    ("Electronics Watch's 14 factories and 2 mines", r"Electronics Watch.{0,400}14 fabriker och 2 gruvor"),
    ("the staff from three to five", r"från tre till fem medarbetare"),
    ("the surplus as prepaid income for 2025", r"förutbetald intäkt och används fullt ut under 2025"),
    ("over 560 at the trainings with Adda", r"över 560 (deltagare|upphandlare)"),
    ("over 140 at the internal trainings", r"över 140 upphandlare"),
    ("13 media articles", r"13 artiklar"),
    ("1 700 followers", r"1 700 personer Hållbar Upphandling|Följare på LinkedIn 1 700"),
    ("198 subscribers", r"Prenumeranter på nyhetsbrevet 103 198|till 198"),
    ("the revised code of conduct", r"reviderade uppförandekoden"),
    ("the joint assessment template", r"gemensam bedömningsmall"),
    ("the conference's keynote speaker", r"Mahmood Bhutta"),
    ("the mapping shown at Swedish Medtech Sustainability Forum", r"Swedish Medtech Sustainability Forum 2024"),
    ("the Nordic meeting of Sykehusinnkjøp and Oslo kommun", r"Sykehusinnkjøp och Oslo kommun"),
    ("the web address on the back page", r"www\.hållbarupphandling\.se"),
]


def test_the_2024_report_tells_every_fact_of_the_published_one_in_at_least_2500_words(demo_programme, tmp_path):
    text = " ".join(pdf_text(build_report_pdf(2024), tmp_path, layout=False).split())
    missing = [fact for fact, pattern in FACTS if not re.search(pattern, text)]
    assert not missing, missing
    # The incident cases are introduced once, by the chapter, not again by its text.
    assert len(re.findall(r"civilsamhället", text)) == 1
    words = len(re.findall(r"\w+", text))
    assert words >= 2500, words
    # The regions' uptake of the 2024 requirements is not recorded: a dash in the key figures, not 0 %.
    brief = " ".join(re.sub(r"<[^>]+>", " ", compose(2024)[0].html).replace("\u00a0", " ").split())
    assert "Regionernas användning av antagna krav (%) –" in brief and "(%) 0" not in brief
