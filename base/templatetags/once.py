"""``{% once_token %}``: the hidden one-time token of a create form written by hand (base.forms)."""

from django import template
from django.utils.html import format_html

from base.forms import ONCE_FIELD, new_once_token

register = template.Library()


@register.simple_tag
def once_token():
    return format_html('<input type="hidden" name="{}" value="{}">', ONCE_FIELD, new_once_token())
