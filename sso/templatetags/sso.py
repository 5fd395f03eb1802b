from django import template

from sso.models import IdentityProvider

register = template.Library()


@register.simple_tag
def identity_providers():
    """The active providers, one login button each on the login page."""
    return list(IdentityProvider.objects.filter(active=True).select_related("region"))
