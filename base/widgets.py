"""Form widgets shared by the apps."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


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
