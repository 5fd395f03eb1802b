"""The Swedish of every role's main pages: counts through ngettext, month names in lower case, no
label said twice, and the dates' formats of base.formats."""

import datetime
import re
from html import unescape
from itertools import pairwise
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from base.formats import short_date

MONTHS = "Jan|Feb|Mar|Apr|May|Maj|Jun|Jul|Aug|Sep|Oct|Okt|Nov|Dec"
FULL_MONTHS = "Januari|Februari|Mars|April|Maj|Juni|Juli|Augusti|September|Oktober|November|December"
# words in the plural that a count of one must not take ("1 avvikelser", "1 öppna")
PLURALS = (
    "nya|öppna|avvikelser|revisioner|åtgärder|leverantörer|träffar|regioner|riskanalyser|analyser|ärenden"
    "|incidentärenden|kategorier|versioner|bilagor|händelser|självskattningar|frågor|kontakter|personer"
    "|dagar|veckor|månader|timmar|poster|rader"
)
WRONG = {
    "a count in the plural after 1 (ngettext)": re.compile(rf"(?<![\d,.\u00a0])\b1 ({PLURALS})\b"),
    "a capitalised month after a day": re.compile(rf"\b\d{{1,2}} ({MONTHS})\b"),
    "a capitalised month inside a sentence": re.compile(rf"(?<=[a-zåäö,] )({FULL_MONTHS}) \d{{4}}\b"),
}
LABELS = re.compile(r"<(label|legend)\b[^>]*>(.*?)</\1>", re.S)
SKIP = ("/accounts/", "/konto/", "/admin/", "/media/", "/static/", "/halsa/", "/metrics", "/i18n/")
PAGES_PER_ROLE = 60


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<option\b[^>]*>.*?</option>", " ", html, flags=re.S)  # long lists of names, not prose
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def repeated_labels(html: str) -> list[str]:
    """Labels and legends of one form that say what the one before says ("Leverantör Leverantör")."""
    repeated = []
    for form in re.findall(r"<form\b.*?</form>", html, flags=re.S):
        texts = [visible_text(text).replace("*", "").strip() for _tag, text in LABELS.findall(form)]
        repeated += [text for text in texts if len(text.split(" ")) == 2 and len(set(text.split(" "))) == 1]
        repeated += [text for before, text in pairwise(texts) if text and text == before]
    return repeated


def links(html: str) -> list[str]:
    found = []
    for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', html):
        url = urldefrag(unescape(href)).url
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/") or parts.query or url.startswith(SKIP):
            continue
        found.append(url)
    return found


def page_kind(url: str) -> str | None:
    try:
        return resolve(url).view_name
    except Resolver404:
        return None


def crawl(client, user) -> dict[str, tuple[str, list[str]]]:
    """The start page, the pages it links to and theirs, one page of each kind (GET only, no
    downloads), as visible text."""
    client.force_login(user)
    kinds, queue, texts = set(), ["/"], {}
    while queue and len(texts) < PAGES_PER_ROLE:
        url = queue.pop(0)
        kind = page_kind(url)
        if kind is None or kind in kinds:
            continue
        kinds.add(kind)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="sv", follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        texts[url] = (visible_text(html), repeated_labels(html))
        queue.extend(link for link in links(html) if page_kind(link) not in kinds)
    client.logout()
    return texts


def test_each_roles_main_pages_count_and_date_in_swedish(client, demo_programme, personas):
    problems, crawled = [], 0
    for role, user in personas.items():
        for url, (text, labels) in crawl(client, user).items():
            crawled += 1
            problems += [f"{role} {url}: a label said twice in one form: {label}" for label in labels]
            for what, pattern in WRONG.items():
                for match in pattern.finditer(text):
                    start = max(match.start() - 40, 0)
                    problems.append(f"{role} {url}: {what}: …{text[start : match.end() + 40]}…")
    assert crawled > 60
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Du har 1 nya ärenden", True),
        ("1 öppna", True),
        ("1 avvikelser", True),
        ("1 revisioner 2024", True),
        ("den 12 Nov", True),
        ("godkänd i December 2024 av kansliet", True),
        ("1 avvikelse, 21 avvikelser, 2,1 revisioner", False),
        ("godkänd i december 2024. December 2024 i korthet", False),
    ],
)
def test_the_crawl_catches_a_plural_after_one_and_a_capitalised_month(text, wrong):
    assert any(pattern.search(text) for pattern in WRONG.values()) is wrong


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("sv", datetime.date(2024, 11, 12), "12 nov. 2024"),
        ("sv", datetime.date(2024, 5, 3), "3 maj 2024"),
        ("sv", datetime.date(2024, 3, 1), "1 mars 2024"),
        ("en", datetime.date(2024, 11, 12), "12 Nov 2024"),
    ],
)
def test_short_dates_keep_the_months_of_each_language(language, value, shown):
    assert short_date(value, language) == shown


def test_the_date_filters_follow_the_active_language():
    from django.template import Context, Template
    from django.utils import timezone, translation

    template = Template('{% load hallbar_format %}{{ day|datum }}|{{ when|datum_tid }}|{{ nothing|datum|default:"–" }}')
    context = {
        "day": datetime.date(2024, 11, 12),
        "when": datetime.datetime(2024, 12, 1, 9, 5, tzinfo=datetime.UTC),
        "nothing": None,
    }
    with translation.override("sv"), timezone.override("Europe/Stockholm"):
        assert template.render(Context(context)) == "12 nov. 2024|1 dec. 2024 10:05|–"
    with translation.override("en"), timezone.override("Europe/Stockholm"):
        assert template.render(Context(context)) == "12 Nov 2024|1 Dec 2024 10:05|–"


def test_the_login_page_says_e_postadress(client, anna):
    from django.urls import reverse

    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "E-postadress" in page and "Epost" not in page
    refused = client.post(reverse("account_login"), {"login": anna.email, "password": "fel"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert "E-postadressen eller lösenordet är fel." in refused.content.decode()
    assert "Epost" not in refused.content.decode()


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Bedömningarna är sparade. 1 nya avvikelser.", True),
        ("Revisionen har 1 öppna avvikelser.", True),
        ("Klart senast 12 Nov 2024", True),
        ("Klart senast 3 Maj 2024", True),
        ("1 ny avvikelse, 11 nya avvikelser, 21 öppna", False),
        ("Klart senast 12 nov. 2024, 1 mars 2024", False),
    ],
)
def test_the_crawl_sees_what_it_looks_for(text, wrong):
    assert any(pattern.search(text) for pattern in WRONG.values()) is wrong


def test_the_crawl_sees_a_label_said_twice():
    form = '<form><label for="a">Leverantör</label><label for="b">Leverantör *</label></form>'
    assert repeated_labels(form) == ["Leverantör"]
    assert repeated_labels('<form><label for="a">Leverantör Leverantör</label></form>') == ["Leverantör Leverantör"]
    assert repeated_labels('<form><label for="a">Leverantör</label><label for="b">Avtal</label></form>') == []
