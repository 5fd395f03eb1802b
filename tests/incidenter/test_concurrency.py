"""An incident case edited by two people at once, and the form that opens one sent twice.

As for audits (tests/revisioner/test_concurrency.py): the edit carries the version the person saw
and a save on a changed case is refused with the input kept and the change shown; the create form
carries a one-time token and a second submit shows the case the first one opened."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from incidenter import services
from incidenter.models import Incident, Outcome
from regions.access import Role
from tests import factories
from tests.revisioner.test_concurrency import form_data, page_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_participants(anna, case_of_anna):
    """Anna and a second coordinator of A named on her case, each in their own browser."""
    other = factories.member(
        Role.COORDINATOR, procurement_region=factories.procurement_region("A"), name="Alva Samordnare A"
    )
    services.add_participant(acting_user=anna, incident=case_of_anna, user=other)
    first, second = Client(), Client()
    first.force_login(anna)
    second.force_login(other)
    return first, second


def test_the_second_save_of_a_case_is_refused_with_the_input_kept_and_the_change_shown(case_of_anna, two_participants):
    anna, alva = two_participants
    url = reverse("incident_edit", args=[case_of_anna.pk])
    annas, alvas = page_form(anna, url), page_form(alva, url)
    lead = str(factories.region("Västerbotten").pk)  # a coordinator names the lead region
    annas["lead_region"] = alvas["lead_region"] = lead

    annas["title"] = "Bageri med papperslösa i Kalmar"
    assert anna.post(url, annas).status_code == 302
    alvas["product_area"] = "Bröd och bageri"
    refused = alva.post(url, alvas)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Någon annan har ändrat detta medan du skrev" in page
    assert "Rubrik är nu: Bageri med papperslösa i Kalmar" in page
    assert 'value="Bröd och bageri"' in page  # Alva's input is still in the form
    case_of_anna.refresh_from_db()
    assert (case_of_anna.title, case_of_anna.product_area) == ("Bageri med papperslösa i Kalmar", "")

    again = form_data(refused.context["form"])
    again["title"] = "Bageri med papperslösa i Kalmar"
    assert alva.post(url, again).status_code == 302
    case_of_anna.refresh_from_db()
    assert (case_of_anna.title, case_of_anna.product_area) == ("Bageri med papperslösa i Kalmar", "Bröd och bageri")


def test_a_case_closed_while_it_was_edited_is_not_reopened_by_the_edit(case_of_anna, anna):
    """The edit's copy of the case was read while it was open; the case stored now is closed."""
    read_before = Incident.objects.unscoped().get(pk=case_of_anna.pk)
    services.record_outcome(
        acting_user=anna,
        incident=case_of_anna,
        outcome=Outcome(kind=Outcome.Kind.NO_BREACH, decided_on=datetime.date(2024, 4, 1)),
    )
    services.close_case(acting_user=anna, incident=Incident.objects.unscoped().get(pk=case_of_anna.pk), summary="Klar")

    read_before.title = "Ändrad efteråt"
    with pytest.raises(ValidationError, match="Ärendet är avslutat"):
        services.update_case(acting_user=anna, incident=read_before, allegations=["labour_law"])
    case_of_anna.refresh_from_db()
    assert (case_of_anna.status, case_of_anna.title) == (Incident.Status.CLOSED, "Bröd från bageri med papperslösa")


def test_the_form_opening_a_case_sent_twice_opens_one_and_shows_it(client, kalle, supplier):
    client.force_login(kalle)
    form = client.get(reverse("incident_create")).context["form"]
    data = form_data(form)
    data.update(
        lead_region=str(form.fields["lead_region"].queryset.get().pk),
        participating_regions=[],
        partner_organisations=[],
        title="Bageri anlitar papperslösa",
        allegations=["labour_law"],
        source="media",
        supplier=supplier.org_number,
        visibility="confidential",
        opened_on="2024-02-12",
        description="Artikel om bageriets anställda.",
    )
    first = client.post(reverse("incident_create"), data)
    second = client.post(reverse("incident_create"), data, follow=True)

    incidents = Incident.objects.unscoped().filter(title="Bageri anlitar papperslösa")
    assert incidents.count() == 1
    assert first["Location"] == incidents.get().get_absolute_url()
    assert second.redirect_chain[-1][0] == incidents.get().get_absolute_url()
    assert "Formuläret var redan skickat. Här är ärendet som öppnades då." in second.content.decode()
