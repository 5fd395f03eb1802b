"""The security log: failed logins (denied object accesses are logged in regions/access.py)."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from regions.access import security_log


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    ip = request.META.get("REMOTE_ADDR") if request else None
    security_log.warning("failed login for %s from %s", credentials.get("email") or credentials.get("username"), ip)
