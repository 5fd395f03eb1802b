"""What the secretariat and the regions are told after a change names the requirement, the version and
what happened ("Skyddsrockar version 1 är skickad på remiss."), never just "Sparat."; an empty list says
what to do next."""

import re
from html import unescape
from pathlib import Path

from django.urls import reverse

from regions.models import Region


def _told(response):
    """The messages on the page the change leads to."""
    html = response.content.decode()
    return [unescape(text) for text in re.findall(r'<p class="message message-success">(.*?)</p>', html)]


def test_each_step_of_a_version_is_told_by_name(client, proposal, kansliet):
    client.force_login(kansliet)
    act = reverse("requirement_version_action", args=[proposal.pk, "consult"])
    assert _told(client.post(act, follow=True)) == ["Skyddsrockar version 1 är skickad på remiss."]
    act = reverse("requirement_version_action", args=[proposal.pk, "adopt"])
    assert _told(client.post(act, follow=True)) == ["Skyddsrockar version 1 är antagen och publicerad."]


def test_a_region_s_use_is_told_with_the_requirement_and_the_region(client, adopted, kalle):
    client.force_login(kalle)
    kalmar = Region.objects.get(short_name="Kalmar")
    url = reverse("uptake_cell", args=[adopted.pk, kalmar.slug])
    response = client.post(url, {"used": "yes", "since": "", "comment": ""}, follow=True)
    assert _told(response) == ["Användningen av Skyddsrockar version 1 i Kalmar är sparad."]


def test_no_view_of_the_requirements_says_only_saved():
    for name in ("views.py", "priority_views.py"):
        assert '_("Sparat.")' not in (Path(__file__).parents[2] / "krav" / name).read_text(encoding="utf-8")


def test_an_empty_requirement_list_says_what_to_do(client, kansliet, kalle):
    client.force_login(kansliet)
    page = client.get(reverse("requirement_list")).content.decode()
    assert "Inga krav ännu." in page and "Föreslå det första kravet</a>" in page
    client.force_login(kalle)
    page = client.get(reverse("requirement_list")).content.decode()
    assert "Kansliet föreslår kraven och skickar dem på remiss" in page and "Föreslå det första" not in page
