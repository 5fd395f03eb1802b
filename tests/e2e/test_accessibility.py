"""WCAG 2.1 AA over each role's pages of the demo: axe-core finds nothing serious or critical, and
no page scrolls sideways at 320 CSS pixels (1.4.10 Reflow; a wide table scrolls inside its box).

Each role starts on its start page and follows the links it is shown, breadth first, as far as
PAGES_PER_ROLE pages; downloads, sign-out and the admin are not followed."""

import io
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from regions.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES_PER_ROLE = 30
NARROW = 320
# The demo's accounts (README): one of each role.
ROLES = [
    "kansliet@hallbar.example",
    "samordnare.a@hallbar.example",
    "kontakt.kalmar@hallbar.example",
    "styrgruppen@hallbar.example",
    "ekonomi@hallbar.example",
    "leverantor.secma@hallbar.example",
]
NOT_FOLLOWED = re.compile(r"logga-ut|logout|/accounts/|/konto/|/admin/|/media/|\.pdf|\.csv|\.xlsx|format=|/metrics")


def _crawl(page, live_server, email):
    """The paths of the role's pages, with what axe and the narrow viewport found on each."""
    axe = Axe()
    problems, seen, queue = [], set(), deque([live_server.url + "/"])
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.popleft()
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(url)
        if response is None or response.status >= 400:
            continue
        serious = [
            f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}"
            for violation in axe.run(page).response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        page.set_viewport_size({"width": NARROW, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        page.set_viewport_size({"width": 1280, "height": 900})
        if width > NARROW:
            serious.append(f"scrolls sideways at {NARROW} px: {width} px wide")
        problems += [f"{email} {path}: {problem}" for problem in serious]
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))"):
            target = urljoin(page.url, href).split("#")[0]
            if urlsplit(target).netloc == parts.netloc and not NOT_FOLLOWED.search(target):
                queue.append(target)
    return seen, problems


def _log_in(page, live_server, email):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Logga in").first.click()
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"^(?!.*/login/)"))


def test_every_role_s_pages_pass_axe_and_reflow(live_server, browser):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    problems, pages = [], 0
    for email in ROLES:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        page = context.new_page()
        _log_in(page, live_server, email)
        seen, found = _crawl(page, live_server, email)
        pages += len(seen)
        problems += found
        context.close()
    assert pages >= 4 * len(ROLES), pages  # the crawl reached the roles' pages
    assert not problems, "\n".join(problems)


def test_an_invalid_form_takes_the_focus_to_its_summary_and_its_links_to_the_fields(live_server, browser):
    """WCAG 3.3.1: after a refused submit the page title starts with "Fel: ", the error summary has the
    focus (a screen reader reads it first), and its first link, followed with the keyboard, puts the
    focus in the field in error."""
    call_command("seed_demo", force=True, stdout=io.StringIO())
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    _log_in(page, live_server, "kansliet@hallbar.example")
    page.goto(live_server.url + reverse("requirement_create"))
    assert not page.title().startswith("Fel: ")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Fel: "), page.title()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.keyboard.press("Tab")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target and target.startswith("#id_"), target
    page.keyboard.press("Enter")
    assert page.evaluate("'#' + document.activeElement.id") == target

    # The uptake matrix fits a 1 366 px screen whole: neither the page nor the matrix scrolls sideways.
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + reverse("uptake_matrix"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.locator(".matrix-wrap").evaluate("box => box.scrollWidth <= box.clientWidth")
    # On a low screen the matrix scrolls in its own box, and the regions' header stays in view as it does.
    page.set_viewport_size({"width": 1366, "height": 260})
    wrap, header = page.locator(".matrix-wrap"), page.locator(".uptake thead th").nth(1)
    scroll = "box => { box.scrollTo(0, box.scrollHeight); return box.scrollTop; }"
    assert wrap.evaluate(scroll) > 20  # it did scroll
    assert abs(header.bounding_box()["y"] - wrap.bounding_box()["y"]) < 1  # the header at the box's top
    context.close()
