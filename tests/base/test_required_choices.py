"""A required choice offers no empty option to pick: where nothing is chosen yet, its select shows
a prompt ("Välj …") that cannot be chosen, and a radio group has no "---------" (tests/krav/
test_radio_choices.py). An optional select keeps its empty choice, which means "any" or "none"."""

import re

import pytest
from django import forms
from django.urls import reverse

SELECT = re.compile(r"<select\b(?P<attrs>[^>]*)>(?P<options>.*?)</select>", re.S)


def selects(html: str):
    for match in SELECT.finditer(html):
        name = re.search(r'name="([^"]+)"', match["attrs"])[1]
        yield name, " required" in match["attrs"] or "required>" in match["attrs"], match["options"]


class Choices(forms.Form):
    kind = forms.ChoiceField(choices=[("", "---------"), ("office", "Kontorsrevision")])
    region = forms.TypedChoiceField(choices=[("", "---------"), ("A", "A")], coerce=str)
    year = forms.ChoiceField(choices=[("", "---------"), ("2024", "2024")], required=False)


@pytest.mark.parametrize("data", [{}, {"kind": "office", "region": "A"}])
def test_a_required_select_prompts_instead_of_offering_an_empty_choice(data):
    form = Choices(data or None)
    found = {name: (required, options) for name, required, options in selects(form.as_div())}
    for name in ("kind", "region"):
        required, options = found[name]
        assert required and "---------" not in options
        chosen = " selected" if not data else ""
        assert re.search(rf'<option value="" disabled{chosen}>Välj …</option>', options), options
    # An optional select keeps its empty choice, selectable.
    assert re.search(r'<option value="" selected>---------</option>', found["year"][1])


def test_a_required_select_left_at_its_prompt_is_refused():
    form = Choices({"region": "A"})
    assert not form.is_valid() and list(form.errors) == ["kind"]


@pytest.mark.parametrize("url_name", ["audit_create", "contract_create", "incident_create", "event_create"])
def test_the_create_forms_offer_no_empty_option_in_a_required_select(client, kansliet, url_name):
    client.force_login(kansliet)
    html = client.get(reverse(url_name)).content.decode()
    required = [(name, options) for name, is_required, options in selects(html) if is_required]
    assert required, "no required select on the page"
    for name, options in required:
        assert "---------" not in options, name
        assert options.count('value=""') <= 1 and ('value=""' not in options or "Välj …" in options), name
