from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from base.formats import NOTHING, figure, grouped, ksek, short_date

register = template.Library()


@register.filter
def tkr(kronor):
    """Kronor shown in thousands with Swedish grouping: 1419000 → 1 419; nothing recorded (None) → –; 0 → 0."""
    if kronor is None or kronor == "":
        return NOTHING
    return grouped(ksek(kronor))


@register.filter
def kr(kronor):
    """Whole kronor or a count with Swedish grouping: 1419000 → 1 419 000; nothing recorded (None) → –;
    0 → 0; a lower bound (base.formats.AtLeast) → över 560."""
    return figure(kronor)


def _short(value, with_time):
    if value in (None, ""):
        return ""
    if with_time and timezone.is_aware(value):
        value = timezone.localtime(value)
    return short_date(value, get_language() or "sv", with_time=with_time)


@register.filter(expects_localtime=True)
def datum(value):
    """A short date: "12 nov. 2024" in Swedish (month in lower case), "12 Nov 2024" in English; nothing → ""."""
    return _short(value, False)


@register.filter(expects_localtime=True)
def datum_tid(value):
    """A short date and time: "12 nov. 2024 14:05" in Swedish, "12 Nov 2024 14:05" in English."""
    return _short(value, True)


@register.simple_tag
def record_lang():
    """` lang="sv"` on an element that shows what people wrote (titles, requirement texts), which is
    Swedish only, when the page is in another language (WCAG 3.1.2); nothing on a Swedish page."""
    if (get_language() or "sv").split("-")[0] == "sv":
        return ""
    return mark_safe(' lang="sv"')  # a constant attribute, no user input
