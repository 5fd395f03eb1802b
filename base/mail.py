"""E-mails as template triples: ``emails/<name>_subject.txt``, ``<name>.txt`` and ``<name>.html``."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_link(path: str) -> str:
    """An absolute link for e-mails sent without a request (background work)."""
    return settings.SITE_URL.rstrip("/") + path


def send_templated(name: str, context: dict, to: list[str]) -> None:
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    message = EmailMultiAlternatives(subject, render_to_string(f"emails/{name}.txt", context), to=to)
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    message.send()
