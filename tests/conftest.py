"""Personas, one per role plus an outsider (as in tests of healthchecks: alice, bob, charlie).

- kansliet: secretariat
- anna: coordinator of procurement region A
- bertil: coordinator of procurement region B (the outsider to A's rows)
- kalle: region contact of Kalmar (procurement region F)
- stina: steering group
- frida: finance
- nils: logged in, no role at all
"""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connections
from django.utils import translation

from hallbar.celery import app as celery_app
from regions.access import Role
from regions.reference import load_reference_data
from tests import factories


@pytest.fixture(autouse=True)
def _clean_cache_and_eager_tasks(settings):
    # Rate limits and sessions live in the cache; each test starts without them.
    cache.clear()
    # A request activates its language for the thread; each test starts in Swedish, the source language.
    translation.activate(settings.LANGUAGE_CODE)
    # Tasks run in-process unless a test starts a real worker (tests/hallbar/test_report_worker.py);
    # the Celery app read its configuration at import, so it is told directly.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    was_eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, True
    settings.TENANT_SCOPE_GUARD = True
    yield
    celery_app.conf.task_always_eager = was_eager
    cache.clear()


@pytest.fixture(scope="session")
def playwright(playwright):
    """pytest-playwright's, closing the database connection the browser tests left open.

    Playwright's sync API keeps its event loop marked running in the test thread from the first
    browser test to the end of the run. Django keeps a thread's connections apart from those of code
    under a running loop, so every test from then on uses a second connection, which Django's
    teardown never sees (it runs after Playwright stopped): PostgreSQL then refused to drop the test
    database, "being accessed by other users". Closed here, while the loop still runs."""
    yield playwright
    connections.close_all()


@pytest.fixture
def reference(db):
    load_reference_data()
    # Rows that data migrations add (the diploma's rules): a transactional test, such as the
    # browser tests, flushes the database after it, and the tests after it need them again.
    import_module("akademi.migrations.0001_initial").add_default_requirements(django_apps, None)


@pytest.fixture
def kansliet(reference):
    return factories.member(Role.SECRETARIAT, name="Karin Kansli", email="kansliet@hallbar.example")


@pytest.fixture
def anna(reference):
    return factories.member(
        Role.COORDINATOR, procurement_region=factories.procurement_region("A"), name="Anna Samordnare A"
    )


@pytest.fixture
def bertil(reference):
    return factories.member(
        Role.COORDINATOR, procurement_region=factories.procurement_region("B"), name="Bertil Samordnare B"
    )


@pytest.fixture
def kalle(reference):
    return factories.member(Role.REGION_CONTACT, region=factories.region("Kalmar"), name="Kalle Kontakt Kalmar")


@pytest.fixture
def stina(reference):
    return factories.member(Role.STEERING, name="Stina Styrgrupp")


@pytest.fixture
def frida(reference):
    return factories.member(Role.FINANCE, name="Frida Finans")


@pytest.fixture
def nils(reference):
    return factories.UserFactory(name="Nils Utan Roll")


@pytest.fixture
def personas(kansliet, anna, bertil, kalle, stina, frida, nils):
    return {
        "secretariat": kansliet,
        "coordinator": anna,
        "other_coordinator": bertil,
        "region_contact": kalle,
        "steering": stina,
        "finance": frida,
        "no_role": nils,
    }


@pytest.fixture
def demo_programme(reference):
    """The demo data of every app that has some: populations, the category tree and the 2024 risk
    analyses, the harmonised requirements with their uptake, the audits of 2023 and 2024 with their
    suppliers and findings, the six incident cases of 2024, finance 2022–2025, goals, figures, texts."""
    from akademi import demo as academy_demo
    from ekonomi import demo as finance_demo
    from hallbar import demo as programme_demo
    from incidenter import demo as incidents_demo
    from krav import demo as requirements_demo
    from regions import demo as regions_demo
    from revisioner import demo as audits_demo
    from riskanalys import demo as risk_demo

    regions_demo.seed_populations()
    risk_demo.seed()
    requirements_demo.seed()
    audits_demo.seed()
    incidents_demo.seed()
    academy_demo.seed()
    finance_demo.seed()
    programme_demo.seed()
