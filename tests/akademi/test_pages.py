"""The academy's pages: who may open them, the lists, attendance, counts, exports, newcomers."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from akademi.models import Event, NewcomerInvitation, Registration
from regions.models import Organisation
from tests import factories
from tests.akademi.builders import event, external

pytestmark = pytest.mark.django_db
ROLES = ["secretariat", "coordinator", "region_contact", "steering", "finance", "no_role"]


@pytest.fixture
def training(kalle):
    held = event(Event.Kind.SUPPLIER_TRAINING, days=-1, capacity=30)
    held.co_organisers.add(Organisation.objects.get(slug="adda"))
    Registration.objects.create(event=held, user=kalle)
    external(held, 1, organisation='=HYPERLINK("x")')
    return held


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, [200, 404, 404, 404, 404, 404], strict=True)))
def test_the_participant_list_is_the_secretariats_only(client, personas, training, role, expected):
    client.force_login(personas[role])
    assert client.get(reverse("event_participants", args=[training.pk])).status_code == expected
    assert client.get(reverse("event_participants", args=[training.pk]) + "?format=csv").status_code == expected


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, [200, 200, 200, 200, 200, 403], strict=True)))
def test_every_member_reads_the_events(client, personas, training, role, expected):
    client.force_login(personas[role])
    assert client.get(reverse("event_list")).status_code == expected
    assert client.get(reverse("event_detail", args=[training.pk])).status_code == (404 if expected == 403 else 200)


def test_anonymous_people_are_sent_to_log_in_except_on_public_pages(client, training):
    assert client.get(reverse("event_list")).status_code == 302
    assert client.get(reverse("public_event_list")).status_code == 200


def test_the_event_list_filters_by_year_and_kind_and_sorts(client, kansliet, training):
    event(Event.Kind.WEBINAR, title="Webinarium om MDR", days=-400)
    client.force_login(kansliet)
    year = training.starts_at.year
    page = client.get(reverse("event_list"), {"year": year, "kind": "supplier_training"}).content.decode()
    assert training.title in page and "Webinarium om MDR" not in page
    rows = client.get(reverse("event_list"), {"sort": "starts"}).context["events"]
    assert rows[0].title == "Webinarium om MDR"


def test_the_participant_list_counts_by_role_region_and_organisation(client, kansliet, training):
    client.force_login(kansliet)
    breakdown = client.get(reverse("event_participants", args=[training.pk])).context["breakdown"]
    assert breakdown["roles"] == [("Kontaktperson i region", 1, 0), ("Extern deltagare", 1, 0)]
    assert breakdown["regions"] == [("Kalmar", 1, 0)]
    assert ("Medlemmar i nätverket", 1, 0) in breakdown["organisations"]


def test_the_participant_export_is_formula_safe(client, kansliet, training):
    client.force_login(kansliet)
    body = (
        client.get(reverse("event_participants", args=[training.pk]), {"format": "csv"}).getvalue().decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in body
    assert "extern1@leverantor.example" in body
    xlsx = client.get(reverse("event_participants", args=[training.pk]), {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_the_participant_export_has_real_times_in_local_time(client, kansliet, training):
    client.force_login(kansliet)
    registered = timezone.localtime(Registration.objects.unscoped().filter(event=training).earliest("pk").registered_at)
    url = reverse("event_participants", args=[training.pk])
    lines = client.get(url, {"format": "csv"}).getvalue().decode("utf-8-sig").splitlines()
    assert lines[0] == "Namn;E-postadress;Roll;Region;Organisation;Status;Närvarade;Anmäld"
    assert registered.strftime("%Y-%m-%d %H:%M") in lines[1]
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    cells = [row[7] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.is_date for cell in cells) and cells[0].number_format == "yyyy-mm-dd hh:mm"
    assert registered.strftime("%Y-%m-%d %H:%M") in {cell.value.strftime("%Y-%m-%d %H:%M") for cell in cells}


def test_the_secretariat_marks_attendance_on_the_page(client, kansliet, kalle, training):
    client.force_login(kansliet)
    rows = list(Registration.objects.unscoped().filter(event=training))
    response = client.post(
        reverse("event_attendance", args=[training.pk]),
        {"shown": [row.pk for row in rows], "attended": [rows[0].pk]},
        follow=True,
    )
    assert "Närvaron är sparad: 1 deltagare närvarade." in response.content.decode()
    assert list(Registration.objects.unscoped().filter(attended=True)) == [rows[0]]


def test_attendance_waits_until_the_event_has_started(client, kansliet, kalle):
    coming = event()
    registration = Registration.objects.create(event=coming, user=kalle)
    client.force_login(kansliet)
    response = client.post(
        reverse("event_attendance", args=[coming.pk]), {"shown": [registration.pk], "attended": [registration.pk]}
    )
    assert response.status_code == 302
    assert not Registration.objects.unscoped().get().attended


def test_the_secretariat_cancels_and_the_waiting_list_moves_up(client, kansliet, kalle, anna):
    full = event(capacity=1)
    taken = Registration.objects.create(event=full, user=kalle)
    waiting = Registration.objects.create(event=full, user=anna, status=Registration.Status.WAITING)
    client.force_login(kansliet)
    response = client.post(reverse("participant_cancel", args=[full.pk, taken.pk]), follow=True)
    assert "fick platsen från reservlistan" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.REGISTERED


def test_a_member_sees_only_their_own_registration(client, kalle, anna, training):
    Registration.objects.create(event=training, user=anna)
    client.force_login(anna)
    page = client.get(reverse("event_detail", args=[training.pk]))
    assert page.context["own"].user == anna
    assert kalle.email not in page.content.decode()


def test_newcomers_without_an_introduction_are_listed_and_invited_in_one_action(
    client, kansliet, django_capture_on_commit_callbacks
):
    year = timezone.localdate().year
    newcomer = factories.member("region_contact", region=factories.region("Uppsala"), name="Ny Nyberg")
    trained = factories.member("region_contact", region=factories.region("Uppsala"), name="Redan Utbildad")
    Registration.objects.create(event=event(Event.Kind.INTRODUCTION, days=-2), user=trained, attended=True)
    old = factories.member("region_contact", region=factories.region("Uppsala"), name="Gammal Medlem")
    old.date_joined = timezone.now() - datetime.timedelta(days=800)
    old.save()
    introduction = event(Event.Kind.INTRODUCTION, days=20)
    client.force_login(kansliet)
    page = client.get(reverse("academy_newcomers"), {"year": year}).content.decode()
    assert "Ny Nyberg" in page and "Redan Utbildad" not in page and "Gammal Medlem" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("academy_newcomers"), {"year": year, "event": introduction.pk}, follow=True)
    assert "personer är inbjudna" in response.content.decode()
    invited = set(NewcomerInvitation.objects.values_list("user__name", flat=True))
    assert "Ny Nyberg" in invited and "Redan Utbildad" not in invited
    assert newcomer.email in [message.to[0] for message in mail.outbox]
    assert all(invitation.sent_at for invitation in NewcomerInvitation.objects.all())


def test_the_secretariat_creates_an_event(client, kansliet):
    client.force_login(kansliet)
    response = client.post(
        reverse("event_create"),
        {
            "once": client.get(reverse("event_create")).context["form"]["once"].value(),
            "kind": "webinar",
            "title": "Webinarium om textil",
            "starts_at": "2030-03-01T10:00",
            "ends_at": "2030-03-01T11:00",
            "capacity": "100",
            "co_organisers": [Organisation.objects.get(slug="adda").pk],
        },
    )
    assert response.status_code == 302
    created = Event.objects.get(title="Webinarium om textil")
    assert created.created_by == kansliet and [str(o) for o in created.co_organisers.all()] == ["Adda"]
    assert created.history.first().history_user == kansliet


def test_a_coordinator_cannot_create_events(client, anna):
    client.force_login(anna)
    assert client.get(reverse("event_create")).status_code == 403


def test_materials_are_uploaded_by_the_secretariat_and_served_to_members_only(
    client, kansliet, kalle, training, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(kansliet)
    upload = SimpleUploadedFile("bilder.pdf", b"%PDF-1.4 bilder", content_type="application/pdf")
    response = client.post(reverse("event_material_upload", args=[training.pk]), {"file": upload, "name": "Bilder"})
    assert response.status_code == 302
    material = training.materials.get()
    assert material.uploaded_by == kansliet
    client.force_login(kalle)
    download = client.get(material.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(material.get_absolute_url()).status_code == 302


@pytest.mark.parametrize("model", ["event", "registration", "diploma", "diplomarequirement"])
def test_the_admin_lists_the_academy_for_the_secretariat(client, kansliet, training, model):
    client.force_login(kansliet)
    assert client.get(reverse(f"admin:akademi_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("name", ["event_edit", "attendance_import", "event_participants", "event_detail"])
def test_the_secretariats_event_pages_open(client, kansliet, training, name):
    client.force_login(kansliet)
    assert client.get(reverse(name, args=[training.pk])).status_code == 200


def test_the_public_list_shows_events_still_taking_registrations(client, reference):
    open_event = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True, title="Öppen utbildning")
    event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True, title="Förbi", days=-2)
    event(Event.Kind.INTRODUCTION, title="Intern")
    page = client.get(reverse("public_event_list")).content.decode()
    assert open_event.title in page and "Förbi" not in page and "Intern" not in page


def test_the_participant_list_filters_by_attendance_and_external(client, kansliet, kalle, training):
    Registration.objects.unscoped().filter(user=kalle).update(attended=True)
    client.force_login(kansliet)
    url = reverse("event_participants", args=[training.pk])
    assert [r.user for r in client.get(url, {"attended": "true"}).context["registrations"]] == [kalle]
    assert [r.email for r in client.get(url, {"external": "true"}).context["registrations"]] == [
        "extern1@leverantor.example"
    ]
    assert '<option value="" selected>Alla</option>' in client.get(url).content.decode()
