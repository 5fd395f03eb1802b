"""An English page says it is English and marks what people wrote in Swedish as Swedish (WCAG 3.1.2):
the interface's text follows the chosen language, a requirement's title and text stay lang="sv"."""

import re

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


def test_an_english_page_marks_the_swedish_requirement_as_swedish(client, kansliet, proposal):
    client.force_login(kansliet)
    english = _page(client, proposal.get_absolute_url(), "en")
    assert '<html lang="en">' in english
    assert re.search(r'<h1><span lang="sv">Skyddsrockar</span>', english)
    assert '<p lang="sv">Inga PFAS.</p>' in english
    assert 'lang="sv">' not in re.search(r"<h2>.*?</h2>", english).group(0)  # the interface is not marked

    listing = _page(client, reverse("requirement_list"), "en")
    assert re.search(r'<a href="[^"]+" lang="sv">Skyddsrockar</a>', listing)


def test_a_swedish_page_marks_nothing_but_the_page(client, kansliet, proposal):
    client.force_login(kansliet)
    swedish = _page(client, proposal.get_absolute_url(), "sv")
    assert '<html lang="sv">' in swedish
    assert swedish.count('lang="sv"') == 1


def test_a_mail_says_the_language_it_is_written_in(kansliet):
    with translation.override("en"):
        html = render_to_string("emails/self_assessment_submitted.html", {"request": None})
    assert '<html lang="en">' in html and not mail.outbox
