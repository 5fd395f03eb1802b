"""The corrective-action list opens on what is left to do this year, the overdue first, and its
filter stays in the URL: the page's links and the download carry it on."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from revisioner import services
from revisioner.models import CorrectiveAction, Rating

pytestmark = pytest.mark.django_db


def _deviating(audit, anna):
    services.start_audit(acting_user=anna, audit=audit)
    criteria = list(audit.template.criteria.all())
    services.rate(acting_user=anna, audit=audit, ratings={criteria[0]: (Rating.Value.DOES_NOT_MEET, "", "Brist")})
    return audit.deviations.get()


def _action(anna, deviation, description, due_on):
    return services.add_action(
        acting_user=anna, deviation=deviation, action=CorrectiveAction(description=description, due_on=due_on)
    )


@pytest.fixture
def actions(audit_of, anna):
    year = timezone.localdate().year
    this_year = _deviating(audit_of("A", planned_on=datetime.date(year, 1, 10)), anna)
    earlier = _deviating(audit_of("A", planned_on=datetime.date(2020, 3, 1)), anna)
    _action(anna, this_year, "Långt fram", datetime.date(2099, 1, 1))
    _action(anna, this_year, "Försenad sedan länge", datetime.date(2001, 1, 1))
    done = _action(anna, this_year, "Klar redan", datetime.date(2000, 1, 1))
    CorrectiveAction.objects.unscoped().filter(pk=done.pk).update(status=CorrectiveAction.Status.VERIFIED)
    _action(anna, earlier, "Förra revisionen", datetime.date(2021, 1, 1))
    return year


def _listed(response):
    return [action.description for action in response.context["actions"]]


def test_the_list_opens_on_this_years_unfinished_actions_overdue_first(client, anna, actions):
    client.force_login(anna)
    response = client.get(reverse("action_list"))
    assert response.status_code == 200
    assert _listed(response) == ["Försenad sedan länge", "Långt fram"]
    page = response.content.decode()
    assert '<option value="unfinished" selected>Ej klara</option>' in page
    assert f'name="year" value="{actions}"' in page
    # the download and the other pages carry the filter the list opened with
    assert f"?status=unfinished&amp;year={actions}&amp;format=csv" in page
    assert 'href="?status=&amp;year="' in page  # "Rensa filtret" shows every action, not the default again


def test_choosing_all_shows_every_action_and_the_choice_stays(client, anna, actions):
    client.force_login(anna)
    response = client.get(reverse("action_list"), {"status": "", "year": "", "sort": "-due_on"})
    assert _listed(response) == ["Långt fram", "Förra revisionen", "Försenad sedan länge", "Klar redan"]
    assert "?status=&amp;year=&amp;sort=-due_on&amp;format=csv" in response.content.decode()


def test_a_page_of_the_list_keeps_its_filter_in_the_links(client, anna, actions, audit_of):
    deviation = _deviating(audit_of("A", planned_on=datetime.date(actions, 2, 1)), anna)
    for n in range(25):
        _action(anna, deviation, f"Åtgärd {n}", datetime.date(2098, 1, 1))
    client.force_login(anna)
    page = client.get(reverse("action_list"), {"status": "unfinished", "year": actions, "sort": "due_on"})
    assert len(page.context["actions"]) == 25
    assert f'href="?status=unfinished&amp;year={actions}&amp;sort=due_on&amp;page=2"' in page.content.decode()
    second = client.get(reverse("action_list"), {"status": "unfinished", "year": actions, "page": 2})
    assert _listed(second) == ["Åtgärd 24", "Långt fram"]  # 27 this year: the overdue one, 25, and the latest
