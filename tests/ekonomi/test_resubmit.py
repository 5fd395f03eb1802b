"""The new-year form sent twice (double click, back and resend): one fiscal year, and the second
answer shows it."""

from django.urls import reverse

from ekonomi.models import FiscalYear


def test_the_new_year_form_sent_twice_opens_one_year_and_shows_it(client, frida):
    client.force_login(frida)
    page = client.get(reverse("fiscal_year_create"))
    data = {"once": page.context["form"]["once"].value(), "year": "2031", "population_year": "2030",
            "opening_balance": "0"}  # fmt: skip
    first = client.post(reverse("fiscal_year_create"), data)
    second = client.post(reverse("fiscal_year_create"), data, follow=True)

    year = FiscalYear.objects.get(year=2031)
    assert FiscalYear.objects.filter(year=2031).count() == 1
    assert first["Location"] == year.get_absolute_url()
    assert second.redirect_chain[-1][0] == year.get_absolute_url()
    page = second.content.decode()
    assert "Formuläret var redan skickat. Här är räkenskapsåret som skapades då." in page
    assert "finns redan" not in page  # no error for the second click


def test_the_new_year_form_without_its_token_is_refused_and_kept(client, frida):
    client.force_login(frida)
    data = {"once": "forged", "year": "2031", "population_year": "2030", "opening_balance": "0"}
    response = client.post(reverse("fiscal_year_create"), data)
    assert response.status_code == 200  # the form shown again, as for any refused input
    assert "Formuläret har gått ut" in response.content.decode()
    assert 'value="2031"' in response.content.decode()
    assert not FiscalYear.objects.filter(year=2031).exists()
