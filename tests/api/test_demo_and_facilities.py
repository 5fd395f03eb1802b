"""The demo serves its published summaries through the API; factory audits name their facility."""

from django.urls import reverse

from revisioner.models import Audit, Facility
from revisioner.views.public import published_audits


def test_the_demo_serves_its_published_summaries_through_the_api(client, demo_programme):
    expected = set(published_audits().values_list("pk", flat=True))
    assert expected, "the demo publishes summaries"
    seen, url = set(), "/api/v1/summaries/"
    while url:
        page = client.get(url).json()
        seen |= {row["id"] for row in page["results"]}
        url = page["next"]
    assert seen == expected


def test_a_factory_audit_planned_with_its_facility_shows_it_on_its_page(client, anna, register):
    client.force_login(anna)
    data = {
        "kind": "factory_audit", "supplier": register["abcur"].org_number, "category": register["category"].pk,
        "procurement_region": anna.memberships.get().procurement_region.pk, "planned_on": "2025-05-01",
        "site": "Nitrile Works", "country": "my", "facility_address": "Jalan 1, Klang",
        "facility_os_id": "my2021123abc123",
    }  # fmt: skip
    form = client.get(reverse("audit_create")).context["form"]
    data.update({name: form[name].value() for name in form.fields if name not in data and form[name].value()})
    response = client.post(reverse("audit_create"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    audit = Audit.objects.visible_to(anna).get(site="Nitrile Works")
    assert (audit.facility.name, audit.facility.country, audit.facility.os_id) == (
        "Nitrile Works",
        "MY",
        "MY2021123ABC123",
    )
    page = client.get(audit.get_absolute_url()).content.decode()
    assert "Jalan 1, Klang" in page and "MY2021123ABC123" in page


def test_a_bad_os_id_is_refused_and_a_known_one_names_the_same_facility(client, anna, register):
    from revisioner.services import facility_for

    client.force_login(anna)
    response = client.post(reverse("audit_create"), {"kind": "factory_audit", "facility_os_id": "12345"})
    assert "facility_os_id" in response.context["form"].errors
    same = facility_for(name="Fabrik 1 (nytt namn)", country="CN", os_id="CN2019303BQ3FZP")
    assert same == register["published"].facility
    assert Facility.objects.count() == 1
