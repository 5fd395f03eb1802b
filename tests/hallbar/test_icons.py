"""The site's icons: linked from every page, served as static files, and /favicon.ico never 404."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse


def test_every_page_links_the_favicon_and_the_apple_touch_icon(client, reference):
    page = client.get(reverse("account_login")).content.decode()
    for name in ("img/favicon.ico", "img/favicon.svg", "img/apple-touch-icon.png"):
        assert static(name) in page
        assert finders.find(name), name
    assert 'rel="apple-touch-icon"' in page


def test_favicon_ico_at_the_root_sends_the_browser_to_the_static_file(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")


def test_the_icons_are_what_their_names_say():
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"
    with open(finders.find("img/apple-touch-icon.png"), "rb") as touch:
        assert touch.read(8) == b"\x89PNG\r\n\x1a\n"
