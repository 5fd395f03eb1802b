from django.contrib.auth.models import AnonymousUser

from regions.access import Can


def can(request):
    """``can``: the person's capabilities for templates, asked lazily (see regions.access.Can)."""
    return {"can": Can(getattr(request, "user", None) or AnonymousUser())}
