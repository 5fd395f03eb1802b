"""The demo's academy: the 2024 events with the report's figures, the goals, the diplomas."""

import pytest

from akademi import demo
from akademi.diploma import coordinators, progress_of
from akademi.models import Diploma, Event
from akademi.report import training_context
from base.registry import METRICS

pytestmark = pytest.mark.django_db


def test_the_2024_report_section_carries_the_figures_of_the_activity_report(demo_programme):
    section = training_context(2024)
    kinds = {row["label"]: (row["events"], row["participants"]) for row in section["kinds"]}
    assert kinds["Introduktionsutbildning"] == (2, 140)
    assert kinds["Leverantörsutbildning"] == (4, 560)
    assert kinds["Webinarium"] == (4, 150)
    partners = {partner["name"]: (partner["events"], partner["participants"]) for partner in section["partners"]}
    assert partners["Adda Inköpscentral"] == (4, 560)
    assert partners["Läkemedelsverket"] == (3, 150)
    assert section["internal_participants"] == 140
    assert section["participants"] == 140 + 560 + 150 + 60


@pytest.fixture
def demo_with_coordinators(personas, demo_programme):
    """The demo with today's coordinators of A and B (the personas anna and bertil)."""


def test_the_goals_read_the_events_held_and_the_diplomas(demo_with_coordinators):
    def value(key, year):
        return METRICS[key].values([2022, 2023, 2024]).get(year)

    assert value("introduction_trainings", 2024) == 2
    assert value("webinars", 2024) == 4
    assert value("supplier_trainings", 2024) == 4
    assert value("auditor_calibrations", 2024) is None
    # The strategy's eight of 2022; no later diploma is invented, so the total stays at eight.
    assert [value("certified_coordinators", year) for year in (2022, 2023, 2024)] == [8, 8, 8]


def test_diplomas_only_the_eight_of_2022_the_strategy_gives(demo_with_coordinators):
    years = list(Diploma.objects.unscoped().values_list("issued_at__year", flat=True))
    assert years == [2022] * 8


def test_a_coordinator_of_the_demo_is_ready_for_the_diploma_from_real_audits(demo_with_coordinators, bertil):
    ready = [row.user for row in progress_of(coordinators().order_by("email")) if row.complete and not row.diploma]
    assert ready == [bertil]


def test_the_demo_is_idempotent(demo_programme):
    counts = (Event.objects.count(), Diploma.objects.unscoped().count())
    demo.seed()
    assert (Event.objects.count(), Diploma.objects.unscoped().count()) == counts


def test_the_annual_report_has_the_training_section_with_the_2024_figures(demo_programme):
    from hallbar.report import compose

    training = next(section for section in compose(2024) if section.key == "training")
    assert "över 140" in training.html and "över 560" in training.html
    assert "Adda Inköpscentral" in training.html and "Läkemedelsverket" in training.html
    assert "Lars" not in training.html  # aggregates only, no participant's name


def test_the_steering_dashboard_shows_the_academy_goals(client, kansliet, demo_programme):
    client.force_login(kansliet)
    page = client.get("/styrning/?year=2024").content.decode()
    assert "Webinarier" in page and "Introduktionsutbildningar" in page
