"""Two people on one analysis, and create forms sent twice: no lost update, no duplicate.

An analysis's form carries the version the person saw (base.forms.VersionedFormMixin); a save on
a changed row is refused with the input kept and the changed fields shown. The new-analysis and
new-activity forms carry a one-time token: a second submit shows what the first one created."""

import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.urls import reverse

from base.forms import StaleEdit
from regions.access import Role
from riskanalys import services
from riskanalys.models import ActionPlan, Activity, RiskAnalysis
from tests import factories
from tests.concurrency import at_once


def form_data(form) -> dict:
    """What a browser sends back for an untouched form: values, hidden starting values, version or token."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field, forms.MultipleChoiceField):
            value = [str(item) for item in value or [] if item not in (None, "")]
        elif isinstance(field.field, forms.BooleanField):
            value = "on" if value else ""
        elif value is None:
            value = ""
        data[field.html_name] = value if isinstance(value, list) else str(value)
        if field.field.show_hidden_initial:
            data[field.html_initial_name] = data[field.html_name]
    return {key: value for key, value in data.items() if value != ""}


def page_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.context["form"])


@pytest.fixture
def two_clients(anna):
    """Anna and a second coordinator of procurement region A, each in their own browser."""
    other = factories.member(
        Role.COORDINATOR, procurement_region=factories.procurement_region("A"), name="Alva Samordnare A"
    )
    first, second = Client(), Client()
    first.force_login(anna)
    second.force_login(other)
    return first, second


def test_the_second_save_of_an_analysis_is_refused_with_the_input_kept_and_the_change_shown(draft_of_a, two_clients):
    anna, alva = two_clients
    url = reverse("risk_analysis_edit", args=[draft_of_a.pk])
    annas, alvas = page_form(anna, url), page_form(alva, url)

    annas["production_countries"] = "Kina"
    annas["labour_rights_severity"] = "2"
    assert anna.post(url, annas).status_code == 302
    alvas["conclusions"] = "Alvas slutsatser"
    refused = alva.post(url, alvas)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Någon annan har ändrat detta medan du skrev" in page
    assert "Tillverkningsländer är nu: Kina" in page
    assert "Arbetsrätt: allvarlighet är nu: 2" in page
    assert "Alvas slutsatser" in page  # Alva's input is still in the form
    draft_of_a.refresh_from_db()
    assert (draft_of_a.production_countries, draft_of_a.conclusions) == ("Kina", "")
    assert draft_of_a.assessments.get(dimension="labour_rights").severity == 2

    # Having seen the change, Alva saves again: it goes through, Anna's change kept.
    again = form_data(refused.context["form"])
    again["production_countries"], again["labour_rights_severity"] = "Kina", "2"
    assert alva.post(url, again).status_code == 302
    draft_of_a.refresh_from_db()
    assert (draft_of_a.production_countries, draft_of_a.conclusions) == ("Kina", "Alvas slutsatser")


def test_an_analysis_submitted_while_it_was_edited_is_not_changed(draft_of_a, two_clients):
    anna, alva = two_clients
    url = reverse("risk_analysis_edit", args=[draft_of_a.pk])
    alvas = page_form(alva, url)
    anna.post(reverse("risk_analysis_transition", args=[draft_of_a.pk, "submit"]))
    alvas["conclusions"] = "Alvas slutsatser"
    response = alva.post(url, alvas)
    assert response.status_code == 404  # no longer a draft of hers to edit
    draft_of_a.refresh_from_db()
    assert (draft_of_a.status, draft_of_a.conclusions) == (RiskAnalysis.Status.REVIEW, "")


def test_the_new_analysis_form_sent_twice_creates_one_and_shows_it(client, tree, anna):
    client.force_login(anna)
    data = {
        "once": client.get(reverse("risk_analysis_create")).context["form"]["once"].value(),
        "kind": "deepened", "year": "2024", "category": tree["gowns"].pk, "product_area": "Skyddsrockar",
        "labour_rights_likelihood": "4", "labour_rights_severity": "5",
    }  # fmt: skip
    first = client.post(reverse("risk_analysis_create"), data)
    second = client.post(reverse("risk_analysis_create"), data, follow=True)

    analysis = RiskAnalysis.objects.unscoped().get()
    assert first["Location"] == analysis.get_absolute_url()
    assert second.redirect_chain[-1][0] == analysis.get_absolute_url()
    assert "Formuläret var redan skickat. Här är riskanalysen som skapades då." in second.content.decode()


def test_the_new_analysis_form_without_its_token_is_refused_and_kept(client, tree, anna):
    client.force_login(anna)
    data = {"once": "forged", "kind": "deepened", "year": "2024", "category": tree["gowns"].pk,
            "product_area": "Skyddsrockar"}  # fmt: skip
    response = client.post(reverse("risk_analysis_create"), data)
    assert response.status_code == 400
    assert "Formuläret har gått ut" in response.content.decode()
    assert 'value="Skyddsrockar"' in response.content.decode()
    assert not RiskAnalysis.objects.unscoped().exists()


def test_a_new_activity_sent_twice_is_added_once(client, tree, anna):
    plan = ActionPlan.objects.create(procurement_region=tree["A"], start_year=2024, end_year=2026)
    client.force_login(anna)
    url = reverse("action_plan_detail", args=[plan.pk])
    data = {
        "once": client.get(url).context["form"]["once"].value(),
        "title": "Kartlägg leverantörer", "owner": "Anna", "due_date": "2024-12-31", "status": "planned",
    }  # fmt: skip
    client.post(url, data)
    second = client.post(url, data, follow=True)
    assert Activity.objects.filter(plan=plan).count() == 1
    assert "Formuläret var redan skickat: aktiviteten lades till första gången." in second.content.decode()


# Two threads on PostgreSQL -------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_the_same_analysis_one_succeeds_the_other_is_refused(draft_of_a, anna):
    seen = draft_of_a.version

    def save(conclusions):
        def call():
            analysis = RiskAnalysis.objects.unscoped().get(pk=draft_of_a.pk)
            analysis.conclusions, analysis.version = conclusions, seen
            return services.save_analysis(acting_user=anna, analysis=analysis, assessments={})

        return call

    outcomes = at_once(save("Första"), save("Andra"))
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"]
    refused = next(result for kind, result in outcomes if kind == "refused")
    assert isinstance(refused, StaleEdit)
    draft_of_a.refresh_from_db()
    assert draft_of_a.version == seen + 1
    assert draft_of_a.conclusions == next(result.conclusions for kind, result in outcomes if kind == "ok")
