"""Who employs a coordinator: recorded on the person by the secretariat, it lets a coordinator (whose
role is of a procurement region) read the fee letter of their own region, and no other."""

import pytest
from django.urls import reverse

from ekonomi.models import Fee
from regions.models import Region


@pytest.fixture
def employed_anna(anna):
    anna.employing_region = Region.objects.get(slug="kalmar")
    anna.save()
    return anna


def test_a_coordinator_reads_the_fee_letter_of_the_region_that_employs_them(client, demo_finance, employed_anna):
    client.force_login(employed_anna)
    assert client.get(reverse("fee_letter", args=[2024, "kalmar"])).status_code == 200
    assert client.get(reverse("fee_letter", args=[2024, "skane"])).status_code == 404
    html = client.get(reverse("fee_letter_list")).content.decode()
    assert "Region Kalmar län" in html and "Region Skåne" not in html


def test_without_an_employing_region_a_coordinator_reads_no_fee_letter(client, demo_finance, anna):
    client.force_login(anna)
    assert client.get(reverse("fee_letter", args=[2024, "kalmar"])).status_code == 404
    assert not Fee.objects.visible_to(anna).exists()


def test_a_deactivated_or_roleless_person_reads_nothing_through_an_employing_region(demo_finance, employed_anna):
    employed_anna.memberships.all().delete()
    employed_anna.refresh_from_db()
    assert not Fee.objects.visible_to(employed_anna).exists()


def test_the_secretariat_records_the_employing_region_on_the_person_page_with_history(
    client, demo_finance, kansliet, anna
):
    client.force_login(kansliet)
    page = client.get(reverse("person_detail", args=[anna.pk])).content.decode()
    assert "Anställd av region" in page and "<dd>–</dd>" in page
    kalmar = Region.objects.get(slug="kalmar")
    response = client.post(reverse("person_employer", args=[anna.pk]), {"employing_region": kalmar.pk})
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.employing_region == kalmar
    latest = anna.history.latest()
    assert (latest.employing_region_id, latest.history_user) == (kalmar.pk, kansliet)
    assert f"<dd>{kalmar}</dd>" in client.get(reverse("person_detail", args=[anna.pk])).content.decode()


def test_only_the_secretariat_records_it(client, demo_finance, anna, bertil, kalle):
    kalmar = Region.objects.get(slug="kalmar")
    for person in (anna, kalle):
        client.force_login(person)
        response = client.post(reverse("person_employer", args=[bertil.pk]), {"employing_region": kalmar.pk})
        assert response.status_code == 404  # a page of an object: refused as not found
    bertil.refresh_from_db()
    assert bertil.employing_region is None
