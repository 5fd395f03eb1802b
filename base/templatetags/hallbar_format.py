from django import template

from base.formats import grouped, ksek

register = template.Library()


@register.filter
def tkr(kronor):
    """Kronor shown in thousands with Swedish grouping: 1419000 → 1 419."""
    if kronor is None or kronor == "":
        return ""
    return grouped(ksek(kronor))


@register.filter
def kr(kronor):
    """Whole kronor with Swedish grouping: 1419000 → 1 419 000."""
    if kronor is None or kronor == "":
        return ""
    return grouped(kronor)
