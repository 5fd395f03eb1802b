"""Attendance imported from a participant list: all or nothing, each problem naming line and
column; the browser shows a dry-run preview before anything is written."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akademi.models import Event, Registration
from akademi.resources import AttendanceResource
from base.imports import problems_of
from tests.akademi.builders import event, external

pytestmark = pytest.mark.django_db


def _dataset(text):
    return tablib.Dataset().load(text, format="csv")


@pytest.fixture
def webinar(kalle):
    held = event(Event.Kind.WEBINAR, days=-1)
    Registration.objects.create(event=held, user=kalle)
    external(held, 1)
    return held


def test_attendance_is_marked_for_registered_people_and_new_people_are_added(webinar, kalle, kansliet):
    csv = (
        "E-post,Namn,Organisation\n"
        f"{kalle.email.upper()},Kalle,Region Kalmar\n"
        "extern1@leverantor.example,Extern 1,Leverantören AB\n"
        "ny@leverantor.example,Ny Person,Nya AB\n"
    )
    result = AttendanceResource(webinar, user=kansliet).import_data(_dataset(csv))
    assert not result.has_errors() and not result.has_validation_errors()
    rows = Registration.objects.unscoped().filter(event=webinar)
    assert rows.count() == 3
    assert set(rows.filter(attended=True).values_list("email", flat=True)) == {
        "",
        "extern1@leverantor.example",
        "ny@leverantor.example",
    }
    assert rows.get(email="ny@leverantor.example").name == "Ny Person"


def test_a_member_not_registered_is_registered_by_their_account(webinar, anna, kansliet):
    AttendanceResource(webinar, user=kansliet).import_data(_dataset(f"email\n{anna.email}\n"))
    assert Registration.objects.unscoped().get(event=webinar, user=anna).attended


def test_one_bad_row_refuses_the_file_and_names_line_and_column(webinar, kansliet):
    csv = "email,name\nny1@leverantor.example,Ny Ett\ninte-en-adress,Trasig\nny2@leverantor.example,\n"
    result = AttendanceResource(webinar, user=kansliet).import_data(_dataset(csv))
    problems = problems_of(result)
    assert "Rad 3, kolumn email: ”inte-en-adress” är ingen e-postadress." in problems
    assert "Rad 4, kolumn name: namnet behövs för den som inte är anmäld." in problems
    assert Registration.objects.unscoped().filter(event=webinar).count() == 2
    assert not Registration.objects.unscoped().filter(attended=True).exists()


def test_the_same_person_twice_refuses_the_file(webinar, kansliet):
    csv = "email,name\nny@x.example,Ny\nNY@x.example,Ny\n"
    problems = problems_of(AttendanceResource(webinar, user=kansliet).import_data(_dataset(csv)))
    assert problems == ["Rad 3, kolumn email: ny@x.example finns redan på rad 2."]


def test_a_file_without_the_email_column_is_refused(webinar, kansliet):
    problems = problems_of(AttendanceResource(webinar, user=kansliet).import_data(_dataset("namn\nKalle\n")))
    assert problems == ["Kolumnerna saknas: email."]


def test_the_import_page_previews_then_writes_on_confirmation(client, webinar, kansliet, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(kansliet)
    url = reverse("attendance_import", args=[webinar.pk])
    upload = SimpleUploadedFile("deltagare.csv", b"email,name\nextern1@leverantor.example,Extern 1\nny@x.example,Ny\n")
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert "1 ny deltagare och 1 anmäld." in preview.content.decode()
    assert not Registration.objects.unscoped().filter(attended=True).exists()  # a dry run
    response = client.post(url, {"token": preview.context["token"]}, follow=True)
    assert "Närvaron är inläst: 1 ny deltagare och 1 anmäld markerad." in response.content.decode()
    assert Registration.objects.unscoped().filter(event=webinar, attended=True).count() == 2


def test_the_import_page_shows_every_problem_and_writes_nothing(client, webinar, kansliet):
    client.force_login(kansliet)
    upload = SimpleUploadedFile("deltagare.csv", b"email;name\nfel;Fel\n")
    response = client.post(reverse("attendance_import", args=[webinar.pk]), {"file": upload})
    assert response.status_code == 400
    assert "Rad 2, kolumn email" in response.content.decode()
    assert Registration.objects.unscoped().filter(event=webinar).count() == 2
