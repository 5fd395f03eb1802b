"""Invalid forms say so (WCAG 3.3.1): a summary at the top with a link to each field in error, the
summary focused on load, "Fel: " before the page's title; a choice group's error is tied to its group;
no radio group offers an empty choice."""

import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from api.forms import TokenForm

APPS = ["akademi", "api", "ekonomi", "hallbar", "incidenter", "krav", "regions", "revisioner", "riskanalys"]
APPS += ["sjalvskattning", "sso"]


def _title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _ids(html):
    return re.findall(r'\sid="([^"]+)"', html)


@pytest.mark.django_db
def test_an_invalid_form_opens_with_a_summary_that_links_to_each_field(client, kansliet):
    client.force_login(kansliet)
    url = reverse("requirement_create")
    assert not _title(client.get(url).content.decode()).startswith("Fel: ")
    html = client.post(url, {"title": ""}).content.decode()
    assert _title(html).startswith("Fel: ")
    summary = re.search(r'<div class="error-summary"[^>]*tabindex="-1"[^>]*>(.*?)</div>', html, re.S).group(1)
    links = re.findall(r'<a href="#([^"]+)">', summary)
    count = int(re.search(r"Formuläret har (\d+) fel", summary).group(1))
    assert count == summary.count("<li>") and len(links) >= 2
    ids = _ids(html)
    assert "id_title" in links and all(target in ids for target in links)  # every link reaches its field
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_a_radio_group_s_error_is_tied_to_the_group(kansliet):
    form = TokenForm(data={"name": "", "scope": "nej", "expires_on": ""})
    assert not form.is_valid()
    html = render_to_string("includes/form_fields.html", {"form": form})
    fieldset = re.search(r"<fieldset[^>]*>", html).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', fieldset).group(1).split()
    assert described == ["id_scope_helptext", "id_scope_error"]
    assert all(html.count(f'id="{target}"') == 1 for target in described)
    assert 'href="#id_scope_0"' in html and 'id="id_scope_0"' in html


@pytest.mark.django_db
def test_the_risk_analysis_form_describes_its_fields_with_ids_that_exist(client, anna):
    client.force_login(anna)
    html = client.post(reverse("risk_analysis_create"), {"year": "x"}).content.decode()
    assert _title(html).startswith("Fel: ") and "error-summary" in html
    ids = _ids(html)
    described = {i for value in re.findall(r'aria-describedby="([^"]+)"', html) for i in value.split()}
    assert described and all(target in ids for target in described), described - set(ids)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


def _project_forms():
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if "forms" not in info.name.rsplit(".", 1)[-1]:
                continue
            module = importlib.import_module(info.name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def _build(cls, user):
    parameters = inspect.signature(cls.__init__).parameters
    kwargs = {"user": user} if "user" in parameters else {}
    try:
        return cls(**kwargs)
    except (TypeError, KeyError):
        return None  # a form that needs the object it belongs to is checked by its own app's tests


@pytest.mark.django_db
def test_no_radio_group_offers_an_empty_option(kansliet):
    built, offending = 0, []
    for cls in set(_project_forms()):
        form = _build(cls, kansliet)
        if form is None:
            continue
        built += 1
        for name, field in form.fields.items():
            if not isinstance(field, forms.ChoiceField) or isinstance(field.widget, forms.SelectMultiple):
                continue
            if not isinstance(field.widget, forms.RadioSelect):
                continue  # a required select keeps its empty first choice: nothing is chosen for the person
            if "" in [str(value) for value, _label in field.choices] or "---------" in str(form[name]):
                offending.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert built >= 20, built
    assert offending == [], "\n".join(sorted(offending))
