"""Control characters are refused where text enters: every text field of every form and of every model
of the project says which character, and nothing is stored."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from akademi.models import Registration
from base.apps import own_models
from base.text import printable, refuse_control_characters, strip_control_characters
from revisioner.models import Supplier
from tests.akademi.builders import event

REFUSED = ["\x07", "\x00", "\x1b", "\x0b", "\x7f", "\x85", "\x9f", "\r", "\ufffe"]
ALLOWED = ["\t", "\n", "\r\n", "\u200b", "\u200f", "🙂", "é", "=SUM(A1)", "@x", "-1", "+1"]


@pytest.mark.parametrize("character", REFUSED)
def test_a_control_character_is_refused_by_name(character):
    with pytest.raises(ValidationError) as refused:
        refuse_control_characters(f"Acme{character}AB")
    assert refused.value.messages == [f"Tecknet U+{ord(character):04X} är inte tillåtet i texten."]


@pytest.mark.parametrize("text", ALLOWED)
def test_tab_newline_and_every_printable_character_are_text(text):
    refuse_control_characters(f"Acme {text} AB")  # no error


def test_stripping_keeps_the_newlines_and_names_what_it_removed():
    assert strip_control_characters("A\x07B\r\nC\x07\x85\rD\tE") == ("AB\r\nCD\tE", ["U+0007", "U+0085", "U+000D"])
    assert strip_control_characters("Acme AB") == ("Acme AB", [])
    assert printable("=A\x01\uffff") == "=A" and printable(12) == 12


@pytest.mark.django_db
def test_a_supplier_named_with_a_bell_is_refused_on_the_form(client, anna):
    client.force_login(anna)
    response = client.post(
        reverse("supplier_create"), {"name": "Acme\x07 AB", "country": "SE", "org_number": "556677-8899"}
    )
    assert response.status_code in (200, 400)
    assert "Tecknet U+0007 är inte tillåtet i texten." in response.content.decode()
    assert not Supplier.objects.filter(name__startswith="Acme").exists()


@pytest.mark.django_db
def test_the_public_registration_form_refuses_a_control_character(client, reference):
    training = event(open_to_public=True, capacity=10)
    response = client.post(
        reverse("public_event_registration", args=[training.pk]),
        {"name": "Lars\x1b[31m", "email": "lars@leverantor.example", "organisation": "Lev AB", "consent": "on"},
    )
    assert "Tecknet U+001B är inte tillåtet i texten." in response.content.decode()
    assert not Registration.objects.unscoped().exists()


def test_model_validation_refuses_it_in_every_text_field_of_the_projects_models():
    with pytest.raises(ValidationError) as refused:
        Supplier(name="Acme\x85", country="SE", org_number="5566778899").clean_fields()
    assert refused.value.message_dict["name"] == ["Tecknet U+0085 är inte tillåtet i texten."]
    text_fields = [
        field
        for model in own_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    ]
    assert len(text_fields) > 100
    assert all(refuse_control_characters in field.validators for field in text_fields)
    assert refuse_control_characters not in Supplier._meta.get_field("name").deconstruct()[3].get("validators", [])


PROJECT_APPS = ["akademi", "ekonomi", "hallbar", "incidenter", "krav", "regions", "revisioner", "riskanalys"]


def _project_forms():
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for _name, form in inspect.getmembers(module, inspect.isclass):
                if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                    yield form


def test_every_text_field_of_every_form_of_the_project_refuses_control_characters():
    """Plain forms (filters, the public registration, imports) too, wherever their module is imported."""
    checked = 0
    for form in _project_forms():
        for name, field in form.base_fields.items():
            if type(field) in (forms.CharField, forms.RegexField) or (
                isinstance(field, forms.CharField) and not field.default_validators
            ):
                assert refuse_control_characters in field.validators, f"{form.__module__}.{form.__name__}.{name}"
                checked += 1
    assert checked > 20
