"""Requirements proposed twice, next versions asked for twice, versions changed by two at once."""

import pytest
from django.urls import reverse

from base.forms import StaleEdit
from krav import services
from krav.models import Requirement, RequirementVersion


def test_the_new_requirement_form_sent_twice_proposes_one_and_shows_it(client, kansliet):
    client.force_login(kansliet)
    data = {
        "once": client.get(reverse("requirement_create")).context["form"]["once"].value(),
        "title": "Skyddsrockar", "kind": Requirement.Kind.CHEMICALS, "level": Requirement.Level.CORE,
        "responsible": "Upphandlingsregion A", "text": "Inga PFAS.",
    }  # fmt: skip
    first = client.post(reverse("requirement_create"), data)
    second = client.post(reverse("requirement_create"), data, follow=True)

    version = RequirementVersion.objects.get(requirement__title="Skyddsrockar")
    assert Requirement.objects.filter(title="Skyddsrockar").count() == 1
    assert first["Location"] == version.get_absolute_url()
    assert second.redirect_chain[-1][0] == version.get_absolute_url()
    assert "Formuläret var redan skickat. Här är kravet som föreslogs då." in second.content.decode()


def test_the_new_requirement_form_without_its_token_is_refused_and_kept(client, kansliet):
    client.force_login(kansliet)
    data = {"once": "forged", "title": "Skyddsrockar", "kind": Requirement.Kind.CHEMICALS, "level": "core",
            "responsible": "Upphandlingsregion A", "text": "Inga PFAS."}  # fmt: skip
    response = client.post(reverse("requirement_create"), data)
    assert response.status_code == 400
    assert "Formuläret har gått ut" in response.content.decode()
    assert 'value="Skyddsrockar"' in response.content.decode()
    assert not Requirement.objects.exists()


def test_the_new_version_button_pressed_twice_makes_one_version_and_shows_it(client, adopted, kansliet):
    client.force_login(kansliet)
    page = client.get(adopted.get_absolute_url()).content.decode()
    form = page.split("new_version", 1)[1]
    token = form.split('name="once" value="', 1)[1].split('"', 1)[0]
    url = reverse("requirement_version_action", args=[adopted.pk, "new_version"])
    first = client.post(url, {"once": token})
    second = client.post(url, {"once": token}, follow=True)

    versions = adopted.requirement.versions.order_by("number")
    assert list(versions.values_list("number", flat=True)) == [1, 2]
    assert first["Location"] == versions.last().get_absolute_url()
    assert second.redirect_chain[-1][0] == versions.last().get_absolute_url()
    assert "Knappen var redan tryckt. Här är versionen som skapades då." in second.content.decode()


def test_a_change_of_a_proposal_from_an_older_version_is_refused(proposal, kansliet):
    seen = proposal.version
    services.update_version(
        acting_user=kansliet, version=RequirementVersion.objects.get(pk=proposal.pk), text="Inga PFAS eller ftalater."
    )
    with pytest.raises(StaleEdit):
        services.update_version(acting_user=kansliet, version=proposal, seen_version=seen, text="Inga ftalater.")
    proposal.refresh_from_db()
    assert proposal.text == "Inga PFAS eller ftalater."


def test_a_proposal_sent_to_consultation_is_not_sent_again_from_an_older_copy(proposal, kansliet):
    stale = RequirementVersion.objects.get(pk=proposal.pk)
    services.open_consultation(acting_user=kansliet, version=proposal)
    services.adopt(acting_user=kansliet, version=proposal)
    with pytest.raises(Exception, match="Antagen"):
        services.open_consultation(acting_user=kansliet, version=stale)
    proposal.refresh_from_db()
    assert proposal.status == RequirementVersion.Status.ADOPTED
