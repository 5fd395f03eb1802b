"""The secretariat's goal pages: the list, editing a goal with its history, the year's written
assessments; and the figures entered as lower bounds ("över N") on the dashboard."""

import pytest
from django.urls import reverse

from hallbar.models import Goal, GoalAssessment, MetricValue

pytestmark = pytest.mark.django_db


def _goal(text="Webinarier på aktuella teman"):
    return Goal.objects.get(text__startswith=text)


def test_the_secretariat_lists_the_goals_and_reaches_each(client, kansliet, demo_programme):
    client.force_login(kansliet)
    page = client.get(reverse("goal_list")).content.decode()
    goal = _goal()
    assert reverse("goal_edit", args=[goal.pk]) in page and "Webinarier på aktuella teman" in page
    assert reverse("goal_assessments", args=[2024]) in page


def test_a_goal_is_changed_on_its_page_and_the_history_names_who(client, kansliet, demo_programme):
    client.force_login(kansliet)
    goal = _goal()
    url = reverse("goal_edit", args=[goal.pk])
    data = {
        "start_year": 2023, "end_year": 2025, "area": "akademi", "text": "Webinarier på aktuella teman",
        "text_en": "Webinars", "kind": "min_count", "target": 5, "metric": "webinars", "order": goal.order,
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    goal.refresh_from_db()
    assert goal.target == 5 and goal.text_en == "Webinars"
    assert goal.history.first().history_user == kansliet
    page = client.get(url).content.decode()
    assert "Historik" in page and "Karin Kansli" in page


def test_a_counted_goal_without_a_target_is_refused(client, kansliet, demo_programme):
    client.force_login(kansliet)
    goal = _goal()
    data = {"start_year": 2023, "end_year": 2025, "area": "akademi", "text": "X", "kind": "min_count", "order": 1}
    response = client.post(reverse("goal_edit", args=[goal.pk]), data)
    assert response.status_code == 400 and "Ange målvärdet" in response.content.decode()
    goal.refresh_from_db()
    assert goal.text == "Webinarier på aktuella teman"


def test_a_new_goal_is_created(client, kansliet, demo_programme):
    client.force_login(kansliet)
    data = {"start_year": 2026, "end_year": 2028, "area": "kommunikation", "text": "Fler poddavsnitt",
            "kind": "increase", "metric": "", "order": 1}  # fmt: skip
    assert client.post(reverse("goal_create"), data).status_code == 302
    assert Goal.objects.get(text="Fler poddavsnitt").history.first().history_user == kansliet


def test_the_years_assessments_are_written_changed_and_removed_with_history(client, kansliet, demo_programme):
    client.force_login(kansliet)
    url = reverse("goal_assessments", args=[2025])
    goal, other = _goal(), _goal("Leverantörsutbildningar")
    page = client.get(url).content.decode()
    assert "Webinarier på aktuella teman" in page
    assert client.post(url, {f"goal-{goal.pk}-text": "Fyra webinarier hölls."}).status_code == 302
    assessment = GoalAssessment.objects.get(goal=goal, year=2025)
    assert assessment.text == "Fyra webinarier hölls." and assessment.history.first().history_user == kansliet
    assert not GoalAssessment.objects.filter(goal=other, year=2025).exists()
    # posting the same text again writes no history; an emptied text removes the assessment
    client.post(url, {f"goal-{goal.pk}-text": "Fyra webinarier hölls."})
    assert assessment.history.count() == 1
    client.post(url, {f"goal-{goal.pk}-text": ""})
    assert not GoalAssessment.objects.filter(goal=goal, year=2025).exists()


def test_only_the_secretariat_edits_goals(client, stina, anna, demo_programme):
    goal = _goal()
    for person in (stina, anna):
        client.force_login(person)
        assert client.get(reverse("goal_list")).status_code == 403
        # a page with a year or an id in its address answers 404 to those who may not open it
        assert client.get(reverse("goal_assessments", args=[2024])).status_code == 404
        assert client.post(reverse("goal_edit", args=[goal.pk]), {"text": "x"}).status_code in (403, 404)
    assert _goal().text == "Webinarier på aktuella teman"


def test_a_figure_entered_as_a_lower_bound_reads_over_n_on_the_dashboard(client, kansliet, demo_programme):
    client.force_login(kansliet)
    url = reverse("metric_values", args=[2025])
    response = client.post(url, {"newsletters": "20", "newsletters_lower_bound": "on", "media_articles": "3"})
    assert response.status_code == 302
    assert MetricValue.objects.get(year=2025, metric="newsletters").lower_bound
    assert not MetricValue.objects.get(year=2025, metric="media_articles").lower_bound
    form = client.get(url).context["form"]
    assert form["newsletters_lower_bound"].initial is True and form["media_articles_lower_bound"].initial is False
    page = " ".join(client.get(reverse("steering_dashboard"), {"year": 2025}).content.decode().split())
    assert "över 20" in page and "över 3" not in page
