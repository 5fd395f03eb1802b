"""The demo's change history carries the records' own dates, not the day the demo was seeded."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hallbar.demo_history import DATES, UNDATED, history_models
from regions.models import User
from revisioner.models import Audit, Contract


def test_every_model_with_a_change_history_has_its_date_declared_or_is_named_undated():
    undeclared = set(history_models()) - set(DATES) - UNDATED
    assert not undeclared, f"declare the date of their history in hallbar/demo_history.py: {sorted(undeclared)}"


@pytest.mark.parametrize("label", sorted(DATES))
def test_each_declared_date_is_a_field_of_its_model(label):
    for path in DATES[label]:
        model = apps.get_model(label)
        for name in path.split("__"):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                pytest.fail(f"{label}: {path}")
            model = field.related_model or model
        assert field.get_internal_type() in {
            "DateField", "DateTimeField", "PositiveSmallIntegerField"
        }, f"{label}: {path}"  # fmt: skip


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo's evidence file


@pytest.mark.django_db
def test_seeded_demo_audit_of_2024_shows_its_creation_in_2024_and_todays_records_keep_today(settings, client, media):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    audit = (
        Audit.objects.unscoped()
        .filter(performed_on__year=2024, created_at__year=2024, status=Audit.Status.CLOSED)
        .order_by("performed_on")
        .first()
    )
    first = audit.history.earliest("history_date")
    assert first.history_type == "+"
    assert first.history_date == audit.created_at
    assert first.history_date.year == 2024 and first.history_date.date() < audit.performed_on
    # Every audit of the past: its history begins when the audit was created, however it was seeded.
    past = Audit.objects.unscoped().filter(performed_on__year__lte=2024)
    assert all(a.history.earliest("history_date").history_date == a.created_at for a in past)
    # A record that the demo creates today (the audit that completing a self-assessment review gives)
    # keeps today's history.
    today = timezone.localdate()
    created_today = Audit.objects.unscoped().filter(created_at__date=today).first()
    assert timezone.localdate(created_today.history.earliest("history_date").history_date) == today

    # A supplier was registered before its first contract began; the audits planned for 2025 were
    # planned when the plan was adopted, in December 2024.
    for contract in Contract.objects.unscoped().select_related("supplier").filter(reference__regex=r"^[A-H]-20"):
        registered = contract.supplier.history.earliest("history_date").history_date
        assert registered.date() < contract.starts_on, contract.supplier
    planned = Audit.objects.unscoped().filter(year=2025, performed_on__isnull=True)
    assert planned and {a.history.earliest("history_date").history_date.date() for a in planned} == {
        datetime.date(2024, 12, 12)
    }

    client.force_login(User.objects.get(email="kansliet@hallbar.example"))
    page = client.get(reverse("audit_detail", args=[audit.pk])).content.decode()
    local = timezone.localtime(first.history_date)
    history = page.split("<h2>Historik</h2>")[1].split("</ul>")[0]
    assert f"<li>{local.day} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M}: " in history
    assert f" {timezone.localtime().year} " not in history  # no step of it on the day of seeding


_MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip
