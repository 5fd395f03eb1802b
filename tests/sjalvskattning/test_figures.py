"""The figures of the supplier loop on the dashboard and in the report: a completed review counts as
a reviewed self-assessment; deviations closed by desk verification, by re-audit, and open, with one
label and one value wherever they are read; "–" where nothing is recorded."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from base.registry import METRICS
from hallbar.dashboard import series_for
from hallbar.models import Goal
from hallbar.report import build_report_pdf, compose
from revisioner import services as audits
from revisioner.dashboard import open_at_year_end
from revisioner.models import Deviation
from sjalvskattning import services
from sjalvskattning.models import Answer, Request
from tests import factories

YEAR = timezone.localdate().year
KEYS = [
    "self_assessment_reviews",
    "deviations_closed_at_desk",
    "deviations_closed_on_site",
    "deviations_open",
    "self_assessments_sent",
    "self_assessments_answered",
    "self_assessments_valid",
]
LABELS = {
    "self_assessment_reviews": "Granskade självskattningar",
    "deviations_closed_at_desk": "Avvikelser stängda genom skrivbordsverifiering",
    "deviations_closed_on_site": "Avvikelser stängda genom återrevision (verifierade på plats)",
    "deviations_open": "Öppna avvikelser vid årets slut (i år: i dag)",
    "self_assessments_sent": "Skickade självskattningar",
    "self_assessments_answered": "Besvarade självskattningar",
    "self_assessments_valid": "Giltiga granskade självskattningar vid årets slut (i år: i dag)",
}


def _figures(year=YEAR):
    return {key: METRICS[key].values([year]).get(year) for key in KEYS}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


def _reviewed(request, anna):
    """The first criterion not met (a minor deviation), the others accepted; the review completed."""
    answers = list(request.answers.unscoped().order_by("criterion__number"))
    services.review_answer(
        acting_user=anna,
        answer=answers[0],
        review=Answer.Review.NOT_MET,
        comment="Policyn omfattar inte underleverantörerna.",
        severity=Deviation.Severity.MINOR,
    )
    for answer in answers[1:]:
        services.review_answer(acting_user=anna, answer=answer, review=Answer.Review.ACCEPTED)
    return services.complete_review(acting_user=anna, request=request)


def _closed_at_desk(audit, anna, sara):
    """The supplier's plan accepted, carried out with evidence, verified at the desk."""
    deviation = audit.deviations.unscoped().get()
    action = audits.propose_plan(
        acting_user=sara,
        deviation=deviation,
        description="Policyn utvidgas till underleverantörerna.",
        owner="Sara Leverantör",
        due_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    audits.accept_plan(acting_user=anna, action=action)
    audits.add_action_evidence(acting_user=sara, action=action, upload=factories.upload())
    audits.report_implemented(acting_user=sara, action=action, note="Policyn är antagen.")
    return audits.verify_at_desk(acting_user=anna, deviation=deviation, effectiveness_note="Underlaget visar det.")


@pytest.fixture
def loop(answered_request, anna, sara):
    """The figures before the review, and the audit of the review once its deviation is closed."""
    before = _figures()
    audit = _reviewed(answered_request, anna)
    _closed_at_desk(audit, anna, sara)
    return before, audit


def test_a_completed_review_is_one_more_reviewed_self_assessment_and_a_desk_verification_counts(loop):
    before, audit = loop
    after = _figures()
    assert audit.year == YEAR and audit.kind == "self_assessment"
    assert after["self_assessment_reviews"] == (before["self_assessment_reviews"] or 0) + 1
    assert (before["deviations_closed_at_desk"], after["deviations_closed_at_desk"]) == (None, 1)
    assert after["deviations_closed_on_site"] is None  # nothing recorded: "–", never 0
    assert after["deviations_open"] == 0  # one deviation found this year, and it is closed
    assert (after["self_assessments_sent"], after["self_assessments_answered"]) == (1, 1)
    assert (before["self_assessments_valid"], after["self_assessments_valid"]) == (None, 1)


def test_the_open_deviation_is_counted_until_it_is_verified(answered_request, anna, sara):
    audit = _reviewed(answered_request, anna)
    assert _figures()["deviations_open"] == 1
    _closed_at_desk(audit, anna, sara)
    assert _figures()["deviations_open"] == 0


def test_the_dashboard_shows_the_same_figures_with_the_same_labels(client, stina, loop):
    Goal.objects.create(
        start_year=YEAR,
        end_year=YEAR,
        area=Goal.Area.FOLLOW_UP,
        text="Antalet bedömningar av självskattningar ska öka",
        kind=Goal.Kind.INCREASE,
        metric="self_assessment_reviews",
    )
    client.force_login(stina)
    html = client.get(reverse("steering_dashboard"), {"year": YEAR}).content.decode()

    goal = re.search(r"<tr>\s*<td>[^<]*</td>\s*<td>Antalet bedömningar av självskattningar.*?</tr>", html, re.S)
    assert _text(goal.group(0)).endswith("– 1 Inget utfall ännu")  # none the year before: nothing to compare
    charts = {
        _text(caption): _text(figure)
        for figure, caption in re.findall(
            r"(<figure class=\"chart\">.*?<caption>(.*?)</caption>.*?</figure>)", html, re.S
        )
    }
    for key, value in [("deviations_closed_at_desk", "1"), ("self_assessment_reviews", "1"), ("deviations_open", "0")]:
        chart = charts[LABELS[key]]
        # the years since 2022, the year before without a record ("–"), this year's figure last
        assert re.search(rf"{YEAR - 1} {YEAR} (– )+{value}\b", chart), chart
    assert LABELS["deviations_closed_on_site"] not in charts  # no record in any year shown: no chart


def test_the_report_shows_the_same_labels_and_values(loop, tmp_path):
    [section] = [section for section in compose(YEAR) if section.key == "audits"]
    assert section.title == "Uppföljning av leverantörer"
    text = _text(section.html)
    assert "Granskningar av självskattningar" in text  # revisioner's part of the section is there
    for key, value in [
        ("deviations_closed_at_desk", "1"),
        ("deviations_closed_on_site", "–"),
        ("deviations_open", "0"),
        ("self_assessments_sent", "1"),
        ("self_assessments_answered", "1"),
        ("self_assessment_reviews", "1"),
        ("self_assessments_valid", "1"),
    ]:
        assert f"{LABELS[key]} – {value}" in text, key

    path = tmp_path / "rapport.pdf"
    path.write_bytes(build_report_pdf(YEAR))
    pdf = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pdf = " ".join(pdf.replace("\u00a0", " ").split())
    assert "Avvikelser stängda genom skrivbordsverifiering" in pdf and "Skickade självskattningar" in pdf


def test_open_deviations_are_read_at_each_years_end_and_a_year_before_any_is_left_out(answered_request, anna):
    audit = _reviewed(answered_request, anna)
    deviation = audit.deviations.unscoped().get()
    zone = timezone.get_current_timezone()
    found = datetime.datetime(2022, 6, 1, 12, tzinfo=zone)
    verified = datetime.datetime(2024, 1, 10, 12, tzinfo=zone)  # after the end of 2023: open then
    Deviation.objects.unscoped().filter(pk=deviation.pk).update(
        created_at=found, status="verified", verification_method="desk", verified_at=verified
    )
    assert open_at_year_end([2021, 2022, 2023, 2024, YEAR, YEAR + 1]) == {2022: 1, 2023: 1, 2024: 0, YEAR: 0}
    assert METRICS["deviations_closed_at_desk"].values([2023, 2024]) == {2024: 1}


def test_a_reviewed_self_assessment_is_valid_until_its_date(answered_request, anna):
    _reviewed(answered_request, anna)
    request = Request.objects.unscoped().get(pk=answered_request.pk)
    assert request.valid_until.year > YEAR
    Request.objects.unscoped().filter(pk=request.pk).update(valid_until=timezone.localdate() - datetime.timedelta(1))
    assert METRICS["self_assessments_valid"].values([YEAR - 1, YEAR]) == {YEAR: 0}  # reviewed, but expired


def test_the_demos_2024_figures_are_unchanged(demo_programme):
    years = [2022, 2023, 2024]
    # 2023 has no audit records: the published total (42) is an entered figure, which the dashboard
    # and the report show for the year; the seeds give no split of it, so no kind has a 2023 figure.
    assert METRICS["follow_ups"].values([2023, 2024]) == {2024: 69}
    assert series_for([2023, 2024])["follow_ups"] == {2023: 42, 2024: 69}
    assert METRICS["self_assessment_reviews"].values(years) == {}
    assert METRICS["deviations_closed_at_desk"].values(years) == {}  # verified by re-audits only
    for key in ("self_assessments_sent", "self_assessments_answered", "self_assessments_valid"):
        assert METRICS[key].values(years) == {}, key
    [section] = [section for section in compose(2024) if section.key == "audits"]
    text = _text(section.html)
    assert "Under 2024 genomfördes 69 revisioner och granskningar" in text
    # No deviation is recorded for 2023–2024 (the seeds give none): the table of deviations is left out.
    assert LABELS["deviations_closed_at_desk"] not in text
    assert "Skickade självskattningar" not in text  # no questionnaire sent through the system in 2023–2024
