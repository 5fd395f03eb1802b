"""Form widgets shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

SELECTED = mark_safe(" selected")  # constant attributes, no user input
DISABLED = mark_safe(" disabled")


def _option_flags(selected: bool, *, prompt: bool) -> str:
    return mark_safe((DISABLED if prompt else "") + (SELECTED if selected else ""))  # noqa: S308 - constants only


class QuickSelect(forms.Select):
    """A single select whose options are joined in Python instead of rendered one template each.

    Django's Select renders a template per option, about 0.1 ms each: 200 ms for the 2 000
    categories of the national tree on every list page. This renders the same HTML in a few ms."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(item) for item in self.format_value(value)}
        # As templates/django/forms/widgets/select.html: a required choice's empty option is a prompt.
        prompt, required = str(_("Välj …")), self.is_required or bool(attrs.get("required"))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    str(option_value),
                    _option_flags(str(option_value) in selected, prompt=required and option_value == ""),
                    prompt if required and option_value == "" else label,
                )
                for option_value, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class SuggestInput(forms.TextInput):
    """A text field that suggests values as one types: an ``<input list>`` and its ``<datalist>``,
    filled from ``url`` (JSON ``{"results": [{"value": …}]}``, asked with ``?q=``) by
    static/js/forms.js. The browser's own list is used with the keyboard; without script it is a
    plain text field, and the form's field still takes what is typed."""

    def __init__(self, url, attrs=None):
        super().__init__(attrs)
        self.url = url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or self.attrs.get('id') or name}-forslag"
        attrs.update({"list": list_id, "data-suggest": str(self.url), "autocomplete": "off"})
        return format_html('{}<datalist id="{}"></datalist>', super().render(name, value, attrs, renderer), list_id)


def all_yes_no() -> forms.Select:
    """A yes/no filter whose empty choice reads "Alla", where Django's reads "Okänt" (unknown)."""
    return forms.Select(choices=[("", _("Alla")), ("true", _("Ja")), ("false", _("Nej"))])
