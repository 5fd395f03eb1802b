"""The 2024 report's figures say what the records say, read back from the PDF's text: the chapter
"Mål och utfall" with targets, outcomes and the secretariat's assessments; the published lower
bounds printed "över 560" and "över 140"; no figure the seeds do not give; the requirement
categories as published; the staff outside the communication table."""

import pytest

from hallbar.models import Goal, GoalAssessment
from hallbar.report import build_report_pdf, compose
from tests.hallbar.test_report import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def text_2024(demo_programme, tmp_path):
    return " ".join(pdf_text(build_report_pdf(2024), tmp_path, layout=False).split())


def test_the_goals_chapter_comes_after_the_year_in_brief_with_each_goal_and_its_assessment(demo_programme, text_2024):
    keys = [section.key for section in compose(2024)]
    assert keys.index("goals") == keys.index("year_in_brief") + 1
    # the contents list names the chapter; the chapter itself follows the year in brief
    body = text_2024[text_2024.index("Strategin 2023–2025") :]
    chapter = body[: body.index("Risker och prioriteringar")]
    for goal in Goal.objects.all():
        assert goal.text.split(";")[0][:30] in chapter, goal.text
    assert "Minst 4 per år" in chapter and "Minst 8 totalt" in chapter and "Uppfyllt" in chapter
    assert "Inget utfall registrerat" in chapter  # e.g. the web visitors: nothing recorded, no 0
    for assessment in GoalAssessment.objects.filter(year=2024):
        assert " ".join(assessment.text.split()) in chapter
    assert "gemensam bedömningsmall" in chapter


def test_a_goal_without_outcome_prints_a_dash_never_0(demo_programme):
    goals = next(section for section in compose(2024) if section.key == "goals").html
    row = goals[goals.index("Ökat antal besökare på webben") :]
    row = row[: row.index("</tr>")]
    assert ">–<" in row and ">0<" not in row


def test_the_published_lower_bounds_read_over_560_and_over_140(text_2024):
    assert "över 560" in text_2024 and "över 140" in text_2024
    training = text_2024[text_2024.index("Under 2024 genomförde akademin") :]
    assert "sammanlagt över 910 deltagare" in training
    assert "deltog över 140 upphandlare" in training


def test_no_invented_figure_is_printed(text_2024):
    # the demo issues only the strategy's eight diplomas of 2022, records no uptake share, and the
    # academy's totals are lower bounds, never a bare "560 deltagare"
    assert "12 diplomerade" not in text_2024 and "diplomerades under året" not in text_2024
    assert "antagna krav (%) 80" not in text_2024 and " 80 % " not in text_2024
    assert "560 deltagare" not in text_2024.replace("över 560 deltagare", "")


def test_the_requirement_categories_are_the_published_ones(text_2024):
    chapter = text_2024[text_2024.index("5 harmoniserade krav och vägledningar") :]
    chapter = chapter[: chapter.index("Uppföljning av leverantörer")]
    assert chapter.count("Vårdrelaterad utrustning och förbrukningsvaror") == 2
    assert chapter.count("Generellt för prioriterade kategorier") == 2 and "Läkemedel" in chapter
    assert "Inkontinens (absorberande och avledande) Inkontinens" not in chapter


def test_the_staff_are_not_a_channel_of_communication(demo_programme):
    communication = next(section for section in compose(2024) if section.key == "communication").html
    assert "Prenumeranter på nyhetsbrevet" in communication and "Medarbetare på kansliet" not in communication
