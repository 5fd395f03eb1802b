"""A download link says what it downloads (WCAG 2.4.4) and its name starts with what it shows (2.5.3):
"CSV – revisioner", not "CSV"; the uptake matrix's cells read "Ja – Skyddsrockar, Kalmar"."""

import re

from django.urls import reverse

from krav import services
from regions.models import Region


def _names(html):
    """The accessible name of each link: its text with the visually hidden part, no aria-label."""
    links = re.findall(r"<a\b([^>]*)>(.*?)</a>", html, re.S)
    return [(attrs, re.sub(r"<[^>]+>", "", text).strip()) for attrs, text in links]


def test_the_uptake_matrix_downloads_and_cells_are_named_by_what_they_are(client, adopted, kalle):
    services.record_uptake(
        acting_user=kalle, version=adopted, region=Region.objects.get(short_name="Kalmar"), used="yes"
    )
    client.force_login(kalle)
    names = _names(client.get(reverse("uptake_matrix")).content.decode())
    downloads = [name for attrs, name in names if attrs.rstrip().endswith("download")]
    assert downloads == ["XLSX – regionernas användning av kraven", "CSV – regionernas användning av kraven"]
    cells = [name for attrs, name in names if "/krav/anvandning/" in attrs]
    assert "Ja – Skyddsrockar, Kalmar" in cells
    assert all(not re.search(r"aria-label", attrs) for attrs, name in names if "/krav/anvandning/" in attrs)


def test_a_list_s_downloads_say_which_rows_they_hold(client, kansliet):
    client.force_login(kansliet)
    names = _names(client.get(reverse("audit_list")).content.decode())
    assert [name for attrs, name in names if "format=" in attrs] == ["CSV – revisioner", "XLSX – revisioner"]
