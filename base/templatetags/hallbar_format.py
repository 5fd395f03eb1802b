from django import template

from base.formats import NOTHING, grouped, ksek

register = template.Library()


@register.filter
def tkr(kronor):
    """Kronor shown in thousands with Swedish grouping: 1419000 → 1 419; nothing recorded (None) → –; 0 → 0."""
    if kronor is None or kronor == "":
        return NOTHING
    return grouped(ksek(kronor))


@register.filter
def kr(kronor):
    """Whole kronor with Swedish grouping: 1419000 → 1 419 000; nothing recorded (None) → –; 0 → 0."""
    if kronor is None or kronor == "":
        return NOTHING
    return grouped(kronor)
