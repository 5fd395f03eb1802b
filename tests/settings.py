"""Test settings: the project's settings plus a stand-in app for tenant data (tests/scoped)."""

from hallbar.settings import *  # noqa: F403
from hallbar.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.scoped"]
TENANT_SCOPE_GUARD = True
# Fast hashing: the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
