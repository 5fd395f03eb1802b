"""A category named in a text field that suggests categories as one types: the national tree has
about 2 000 categories, too many for a select on every list page.

A category reads as its path in the tree, with its code in brackets when it has one:
"Vårdrelaterad papper & plast > Skyddsrockar (12.3)". The field takes that, what a person types
without script (the path, the name when only one category has it, or the code) and a plain id,
as links from before the field carry."""

import re
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from base.widgets import SuggestInput
from riskanalys.models import PATH_SEPARATOR, Category

# "Path (code)": what the suggestions read as (text_of), and the code in it.
WITH_CODE = re.compile(r"^(?P<path>.+?)\s*\((?P<code>[^()]+)\)$")
# The most categories a text is matched against: a name the tree has more often is ambiguous anyway.
CANDIDATES = 200


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(PATH_SEPARATOR.strip())]


def paths_of(categories: Iterable[Category]) -> dict[int, str]:
    """Each category's path ("Parent > Child") by its id, its ancestors read in one query (none when
    all are roots): the materialised path holds the ancestry, each ancestor's path a prefix of it."""
    categories, step = list(categories), Category.steplen
    prefixes = {category.path[:end] for category in categories for end in range(step, len(category.path), step)}
    names = dict(Category.objects.filter(path__in=prefixes).values_list("path", "name")) if prefixes else {}
    return {
        category.pk: PATH_SEPARATOR.join(
            [*(names.get(category.path[:end], "") for end in range(step, len(category.path), step)), category.name]
        )
        for category in categories
    }


def texts_of(categories: Iterable[Category]) -> dict[int, str]:
    """Each category's text by its id: its path, then its code in brackets when it has one."""
    categories = list(categories)
    paths = paths_of(categories)
    return {category.pk: _text(paths[category.pk], category) for category in categories}


def _text(path: str, category: Category) -> str:
    return f"{path} ({category.code})" if category.code else path


def text_of(category: Category) -> str:
    return texts_of([category])[category.pk]


class CategoryField(forms.CharField):
    """A purchasing category by its text ("Path (code)", the suggestion), path, name, code or id,
    found in two queries (the candidates, their ancestors); its text is shown back in the field."""

    default_error_messages = {
        "unknown": _("Ingen kategori heter eller har koden %(value)s."),
        "ambiguous": _("Flera kategorier heter %(value)s; välj en i listan eller skriv hela sökvägen."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Kategorins namn, sökväg eller kod."))
        kwargs.setdefault("widget", SuggestInput(reverse_lazy("category_suggest")))
        super().__init__(max_length=1000, **kwargs)
        self._found = None  # (what was typed, the category's text) after clean

    def prepare_value(self, value):
        if self._found and str(value).strip() == self._found[0]:
            return self._found[1]
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            value = Category.objects.filter(pk=int(value)).first() or value
        if isinstance(value, Category):
            return text_of(value)
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        text = text.strip()
        found = self.find(text)
        if not found:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        if len(found) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"value": text})
        category, category_text = found[0]
        self._found = (text, category_text)
        return category

    def find(self, text: str) -> list[tuple[Category, str]]:
        """The categories ``text`` names, with their texts, by the first rule that names any: the
        id; the text or the path (case aside); the code in brackets; the code; the name."""
        with_code = WITH_CODE.match(text)
        code = with_code["code"].strip() if with_code else ""
        lookup = Q(code__iexact=text)
        for name in {_parts(text)[-1], _parts(with_code["path"])[-1] if with_code else ""} - {""}:
            lookup |= Q(name__iexact=name)
        if code:
            lookup |= Q(code__iexact=code)
        if text.isdigit():
            lookup |= Q(pk=int(text))
        candidates = list(Category.objects.filter(lookup).order_by("path")[:CANDIDATES])
        paths = paths_of(candidates)
        typed = text.casefold()
        spaced = PATH_SEPARATOR.join(_parts(text)).casefold()  # "A>B" as "A > B"
        rules = [
            lambda category, path: text.isdigit() and category.pk == int(text),
            lambda category, path: _text(path, category).casefold() in (typed, spaced),
            lambda category, path: path.casefold() in (typed, spaced),
            lambda category, path: bool(code) and category.code.casefold() == code.casefold(),
            lambda category, path: bool(category.code) and category.code.casefold() == typed,
            lambda category, path: category.name.casefold() == typed,
        ]
        for rule in rules:
            found = [(c, _text(paths[c.pk], c)) for c in candidates if rule(c, paths[c.pk])]
            if found:
                return found
        return []
