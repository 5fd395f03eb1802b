"""Diploma progress from real audit participation and attendance; issuing only when complete;
the certificate for its holder and the secretariat only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from akademi import services
from akademi.diploma import progress_for, progress_of
from akademi.models import Diploma, DiplomaRequirement, Event
from regions.models import User
from revisioner.models import Audit, AuditParticipant
from tests.akademi.builders import attended, audit_with

pytestmark = pytest.mark.django_db


def _done(user):
    return [(step.requirement.label, step.done, step.complete) for step in progress_for(user).steps]


def test_the_rules_are_data_two_audits_the_e_learning_and_the_introduction_training(reference):
    rules = list(DiplomaRequirement.objects.values_list("kind", "event_kind", "count"))
    assert rules == [("audits", "", 2), ("event", "e_learning", 1), ("event", "introduction", 1)]


def test_progress_counts_performed_audits_as_auditor_or_observer(anna, bertil):
    audit_with(anna, role=AuditParticipant.Role.AUDITOR)
    audit_with(anna, role=AuditParticipant.Role.OBSERVER, status=Audit.Status.IN_PROGRESS)
    audit_with(anna, status=Audit.Status.PLANNED)  # not performed yet
    audit_with(anna, status=Audit.Status.CANCELLED)
    audit_with(bertil)  # someone else's
    assert _done(anna)[0][1:] == (2, True)
    assert _done(bertil)[0][1:] == (1, False)


def test_progress_counts_attended_events_only(anna):
    attended(anna, Event.Kind.E_LEARNING)
    registration = attended(anna, Event.Kind.INTRODUCTION)
    registration.attended = False
    registration.save()
    assert [complete for _label, _done, complete in _done(anna)] == [False, True, False]


def test_progress_of_many_coordinators_takes_two_queries(anna, bertil, django_assert_num_queries):
    audit_with(anna)
    attended(bertil, Event.Kind.E_LEARNING)
    with django_assert_num_queries(2):  # the rules; the people with one subquery per rule
        rows = progress_of(User.objects.filter(pk__in=[anna.pk, bertil.pk]).order_by("name"))
    assert [row.done_steps for row in rows] == [0, 1]


def test_a_diploma_is_issued_only_when_complete(anna, kansliet, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    audit_with(anna)
    attended(anna, Event.Kind.E_LEARNING)
    attended(anna, Event.Kind.INTRODUCTION)
    with pytest.raises(ValidationError, match="Två revisioner"):
        services.issue_diploma(acting_user=kansliet, user=anna)
    audit_with(anna, role=AuditParticipant.Role.OBSERVER)
    diploma = services.issue_diploma(acting_user=kansliet, user=anna)
    assert diploma.certificate.read().startswith(b"%PDF")
    assert diploma.history.first().history_user == kansliet
    with pytest.raises(ValidationError, match="redan"):
        services.issue_diploma(acting_user=kansliet, user=anna)


def test_changing_the_rules_changes_progress(anna):
    DiplomaRequirement.objects.filter(kind="audits").update(count=1)
    audit_with(anna)
    assert _done(anna)[0][2] is True


def test_the_secretariat_issues_from_the_diploma_page(client, anna, kansliet, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    audit_with(anna)
    audit_with(anna)
    attended(anna, Event.Kind.E_LEARNING)
    attended(anna, Event.Kind.INTRODUCTION)
    client.force_login(kansliet)
    page = client.get(reverse("diploma_list")).content.decode()
    assert f"Utfärda diplom till {anna.name}" in page
    response = client.post(reverse("diploma_issue", args=[anna.pk]), follow=True)
    assert "Diplomet är utfärdat" in response.content.decode()
    assert Diploma.objects.unscoped().get().user == anna


def test_a_coordinator_sees_their_own_progress_and_downloads_their_certificate(client, anna, kansliet):
    audit_with(anna)
    client.force_login(anna)
    page = client.get(reverse("my_diploma")).content.decode()
    assert "Två revisioner som revisor eller observatör" in page
    diploma = Diploma.objects.create(user=anna, issued_at="2022-06-01", issued_by=kansliet)
    response = client.get(reverse("diploma_certificate", args=[diploma.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_another_coordinators_certificate_answers_404(client, anna, bertil, kansliet):
    diploma = Diploma.objects.create(user=anna, issued_at="2022-06-01", issued_by=kansliet)
    client.force_login(bertil)
    assert client.get(reverse("diploma_certificate", args=[diploma.pk])).status_code == 404
    client.force_login(kansliet)
    assert client.get(reverse("diploma_certificate", args=[diploma.pk])).status_code == 200
