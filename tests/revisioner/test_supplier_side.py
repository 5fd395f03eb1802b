"""The supplier's own pages of its deviations, through the test client: the list and one deviation
(never internal notes, rating comments or contract values), a plan proposed once, changed when
returned, reported carried out with evidence; another supplier's rows answer 404; query counts
pinned at two sizes."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from base.forms import new_once_token
from revisioner import services
from revisioner.models import ActionEvidence, Audit, Contract, CorrectiveAction, Deviation, Rating
from tests import factories
from tests.query_counts import SESSION_QUERIES

pytestmark = pytest.mark.django_db

SECRET_NOTE = "HEMLIG INTERN ANTECKNING"
RATING_COMMENT = "INTERN BEDÖMNINGSKOMMENTAR"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sara(supplier):
    return factories.supplier_contact(supplier, name="Sara Leverantör", email="sara@abcur.example")


@pytest.fixture
def otto(other_supplier):
    return factories.supplier_contact(other_supplier, name="Otto Other", email="otto@medline.example")


def _reported(audit, anna):
    """``audit`` rated meets / partly / does not meet (two deviations), reported, awaiting actions."""
    services.start_audit(acting_user=anna, audit=audit)
    criteria = list(audit.template.criteria.all())
    values = [Rating.Value.MEETS, Rating.Value.PARTLY, Rating.Value.DOES_NOT_MEET]
    services.rate(
        acting_user=anna,
        audit=audit,
        ratings={c: (v, "Underlag", RATING_COMMENT) for c, v in zip(criteria, values, strict=True)},
    )
    services.draft_report(acting_user=anna, audit=audit, performed_on=datetime.date(2024, 3, 5))
    services.await_actions(acting_user=anna, audit=audit)
    Audit.objects.unscoped().filter(pk=audit.pk).update(internal_notes=SECRET_NOTE)
    # The finding as the auditor wrote it for the supplier (services.rate starts it from the comment).
    for deviation in audit.deviations.unscoped():
        Deviation.objects.unscoped().filter(pk=deviation.pk).update(description=f"Fynd mot {deviation.clause.number}")
    return audit


@pytest.fixture
def audit(audit_of, anna, supplier, category):
    Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=supplier,
        category=category,
        reference="K-1",
        starts_on=datetime.date(2024, 1, 1),
        yearly_value=987654321,
    )
    return _reported(audit_of("A"), anna)


@pytest.fixture
def deviation(audit):
    return audit.deviations.unscoped().select_related("clause").order_by("clause__number").last()


@pytest.fixture
def other_deviation(audit_of, anna, other_supplier):
    audit = _reported(audit_of("A", supplier=other_supplier), anna)
    return audit.deviations.unscoped().first()


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _plan(client, deviation, *, token=None, action=None, description="Ny rutin för leverantörskontroll.", due_on=None):
    prefix = f"plan-{action.pk}" if action else "plan"
    data = {
        f"{prefix}-description": description,
        f"{prefix}-owner": "Per Inköp, inköpschef",
        f"{prefix}-due_on": (due_on or timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
    }
    if action:
        data["action"] = action.pk
    else:
        data[f"{prefix}-once"] = token or new_once_token()
    return client.post(reverse("supplier_plan", args=[deviation.pk]), data)


def _actions(deviation):
    return list(CorrectiveAction.objects.unscoped().filter(deviation=deviation).order_by("pk"))


# The list and the page -------------------------------------------------------------------------


def test_the_list_shows_its_deviations_open_first_and_nothing_internal(client, sara, audit, other_deviation, deviation):
    Deviation.objects.unscoped().filter(pk=deviation.pk).update(status="verified", verification_method="desk")
    client.force_login(sara)
    response = client.get(reverse("supplier_deviations"))
    assert response.status_code == 200
    page = response.content.decode()
    rows = [d.pk for d in response.context["deviations"]]
    assert len(rows) == 2 and rows[-1] == deviation.pk  # the verified one last
    assert "Kontorsrevision" in page and "5 mars 2024" in page
    for d in audit.deviations.unscoped():
        assert reverse("supplier_deviation", args=[d.pk]) in page
    assert reverse("supplier_deviation", args=[other_deviation.pk]) not in page
    for secret in (SECRET_NOTE, RATING_COMMENT, "987", "Medline"):
        assert secret not in page
    assert "Skicka en åtgärdsplan" in page
    assert "format=csv" not in page


def test_the_list_without_deviations_says_so(client, sara):
    client.force_login(sara)
    assert "Ni har inga avvikelser." in client.get(reverse("supplier_deviations")).content.decode()


def test_the_deviation_page_shows_the_finding_and_a_plan_form_but_nothing_internal(client, sara, deviation, supplier):
    client.force_login(sara)
    page = client.get(reverse("supplier_deviation", args=[deviation.pk])).content.decode()
    assert deviation.description in page
    assert deviation.get_severity_display() in page
    assert deviation.clause.title in page and "Kontorsrevision" in page
    assert supplier.org_number in page
    assert reverse("supplier_plan", args=[deviation.pk]) in page and 'name="plan-once"' in page
    for secret in (SECRET_NOTE, RATING_COMMENT, "987"):
        assert secret not in page


def test_the_auditors_forms_say_the_supplier_reads_the_deviations_description(client, anna, audit_of, deviation):
    """The description is the finding shared with the supplier, and a deviating rating's comment
    becomes it: the rating form says so at the comment, the audit page at the description."""
    client.force_login(anna)
    started = audit_of("A")
    services.start_audit(acting_user=anna, audit=started)
    rating_page = client.get(reverse("audit_rate", args=[started.pk])).content.decode()
    assert "Blir avvikelsens beskrivning, som leverantören ser, när bedömningen är en avvikelse." in rating_page
    audit_page = client.get(reverse("audit_detail", args=[deviation.audit_id])).content.decode()
    assert "Leverantören ser beskrivningen av avvikelsen." in audit_page
    assert f'aria-describedby="description-{deviation.pk}-hjalp"' in audit_page
    # One label for an action's due date, on the coordinators' form as on the supplier's.
    assert f'<label for="action-{deviation.pk}-due">Klart senast</label>' in audit_page


# The journey -----------------------------------------------------------------------------------


def test_a_plan_is_proposed_once_returned_changed_accepted_and_reported_carried_out(
    client, sara, anna, deviation, _media
):
    client.force_login(sara)
    token = new_once_token()
    first = _plan(client, deviation, token=token)
    (action,) = _actions(deviation)
    assert first.status_code == 302 and first.url.endswith(f"#atgard-{action.pk}")
    assert (action.status, action.owner, action.proposed_by) == (
        CorrectiveAction.Status.PROPOSED,
        "Per Inköp, inköpschef",
        sara,
    )
    # The same form sent again (a double click) makes no second plan.
    second = _plan(client, deviation, token=token)
    assert second.status_code == 302 and second.url == first.url
    assert len(_actions(deviation)) == 1
    # Another new plan while this one is under way is refused.
    other = _plan(client, deviation, description="En annan plan.")
    assert len(_actions(deviation)) == 1
    assert any("Det finns redan en åtgärdsplan" in message for message in _messages(client.get(other.url)))

    services.return_plan(acting_user=anna, action=action, comment="Ange också hur ni följer upp.")
    page = client.get(reverse("supplier_deviation", args=[deviation.pk])).content.decode()
    assert "Ange också hur ni följer upp." in page
    assert f'name="action" value="{action.pk}"' in page and 'name="plan-once"' not in page
    _plan(client, deviation, action=action, description="Ny rutin, uppföljd varje kvartal.")
    (action,) = _actions(deviation)
    assert (action.status, action.description) == (
        CorrectiveAction.Status.PROPOSED,
        "Ny rutin, uppföljd varje kvartal.",
    )

    services.accept_plan(acting_user=anna, action=action, comment="Bra.")
    action.refresh_from_db()
    page = client.get(reverse("supplier_deviation", args=[deviation.pk])).content.decode()
    assert reverse("supplier_action_implemented", args=[action.pk]) in page
    assert reverse("supplier_action_evidence", args=[action.pk]) in page

    upload = client.post(
        reverse("supplier_action_evidence", args=[action.pk]), {"file": factories.upload("rutin.pdf")}, follow=True
    )
    assert "Filen rutin.pdf är sparad som underlag." in _messages(upload)
    evidence = ActionEvidence.objects.get(action=action)
    assert reverse("action_evidence_download", args=[evidence.pk]) in upload.content.decode()

    done = client.post(
        reverse("supplier_action_implemented", args=[action.pk]),
        {f"genomford-{action.pk}-note": "Rutinen används sedan maj.", f"genomford-{action.pk}-version": action.version},
        follow=True,
    )
    assert any("rapporterad genomförd" in message for message in _messages(done))
    action.refresh_from_db()
    assert (action.status, action.implementation_note) == (
        CorrectiveAction.Status.IMPLEMENTED,
        "Rutinen används sedan maj.",
    )
    deviation.refresh_from_db()
    assert deviation.status == Deviation.Status.OPEN  # a self-declared implementation closes nothing
    page = done.content.decode()
    assert reverse("supplier_action_implemented", args=[action.pk]) not in page
    assert "Genomförd; väntar på verifiering." in page


def test_the_start_page_lists_the_plan_to_send_and_the_accepted_plan_to_carry_out(client, sara, anna, deviation):
    client.force_login(sara)
    page = client.get(reverse("supplier_start")).content.decode()
    assert reverse("supplier_deviation", args=[deviation.pk]) in page and "Skicka plan" in page
    _plan(client, deviation)
    (action,) = _actions(deviation)
    services.accept_plan(acting_user=anna, action=action)
    page = client.get(reverse("supplier_start")).content.decode()
    assert f"{reverse('supplier_deviation', args=[deviation.pk])}#atgard-{action.pk}" in page
    assert "Rapportera genomförd" in page and "0 filer" in page
    assert "Åtgärdsplanen är godkänd" in page  # the history


def test_a_plan_with_a_past_date_or_without_its_token_is_refused_next_to_the_field(client, sara, deviation):
    client.force_login(sara)
    past = _plan(client, deviation, due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert past.status_code == 400
    assert "Datumet har redan passerat" in past.content.decode()
    forged = _plan(client, deviation, token="forged")
    assert forged.status_code == 400
    assert "Formuläret har gått ut" in forged.content.decode()
    assert _actions(deviation) == []


def test_a_report_without_a_note_is_refused(client, sara, anna, deviation):
    client.force_login(sara)
    _plan(client, deviation)
    (action,) = _actions(deviation)
    services.accept_plan(acting_user=anna, action=action)
    response = client.post(reverse("supplier_action_implemented", args=[action.pk]), {})
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.status == CorrectiveAction.Status.PLAN_RECEIVED


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [("bild.bmp", b"BM....", "filtypen tas inte emot"), ("tom.pdf", b"", "filen är tom")],
)
def test_a_refused_evidence_file_names_the_file_and_stores_nothing(
    client, sara, deviation, _media, name, content, problem
):
    client.force_login(sara)
    _plan(client, deviation)
    (action,) = _actions(deviation)
    response = client.post(
        reverse("supplier_action_evidence", args=[action.pk]), {"file": factories.upload(name, content)}, follow=True
    )
    shown = " ".join(_messages(response))
    assert f"Filen {name}" in shown and problem in shown
    assert not ActionEvidence.objects.exists()
    assert [path for path in _media.rglob("*") if path.is_file()] == []


# Another supplier's rows, and the download --------------------------------------------------------


def test_another_suppliers_deviation_action_and_evidence_answer_404(client, sara, otto, anna, deviation, _media):
    client.force_login(sara)
    _plan(client, deviation)
    (action,) = _actions(deviation)
    evidence = services.add_action_evidence(acting_user=sara, action=action, upload=factories.upload())
    client.force_login(otto)
    assert client.get(reverse("supplier_deviation", args=[deviation.pk])).status_code == 404
    assert _plan(client, deviation).status_code == 404
    assert client.post(reverse("supplier_action_implemented", args=[action.pk]), {}).status_code == 404
    upload = client.post(reverse("supplier_action_evidence", args=[action.pk]), {"file": factories.upload()})
    assert upload.status_code == 404
    assert client.get(reverse("action_evidence_download", args=[evidence.pk])).status_code == 404
    assert "Abcur" not in client.get(reverse("supplier_deviations")).content.decode()
    assert len(_actions(deviation)) == 1 and ActionEvidence.objects.count() == 1


def test_the_action_evidence_download_is_for_the_supplier_and_the_members_who_see_the_audit(
    client, sara, anna, bertil, kansliet, nils, deviation, _media
):
    client.force_login(sara)
    _plan(client, deviation)
    (action,) = _actions(deviation)
    evidence = services.add_action_evidence(acting_user=sara, action=action, upload=factories.upload("plan.pdf"))
    url = reverse("action_evidence_download", args=[evidence.pk])
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous.url
    # The audit is restricted to procurement region A until it is closed.
    for person, status in ((sara, 200), (anna, 200), (kansliet, 200), (bertil, 404), (nils, 404)):
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.force_login(sara)
    response = client.get(url)
    assert 'filename="plan.pdf"' in response["Content-Disposition"] and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_members_do_not_reach_the_supplier_pages(client, anna, deviation):
    client.force_login(anna)
    assert client.get(reverse("supplier_deviations")).status_code == 403
    assert client.get(reverse("supplier_deviation", args=[deviation.pk])).status_code == 404


# Query counts ----------------------------------------------------------------------------------


def _grow(audit, size):
    """``size`` more deviations on ``audit``, each with an accepted plan and a returned one."""
    clause = audit.template.criteria.first().clause
    deviations = Deviation.objects.bulk_create(
        Deviation(audit=audit, clause=clause, severity=Deviation.Severity.MINOR, description=f"Fynd {n}")
        for n in range(size)
    )
    due = timezone.localdate() + datetime.timedelta(days=30)
    CorrectiveAction.objects.bulk_create(
        CorrectiveAction(deviation=deviation, description=f"Åtgärd {n}", due_on=due, status=status)
        for n, deviation in enumerate(deviations)
        for status in (CorrectiveAction.Status.PLAN_RECEIVED, CorrectiveAction.Status.RETURNED)
    )
    return deviations


@pytest.mark.parametrize("size", [1, 15])
def test_the_list_makes_as_many_queries_with_many_rows_as_with_few(
    client, django_assert_num_queries, sara, audit, size
):
    _grow(audit, size)
    client.force_login(sara)
    # The user with memberships; the contacts, the subsidiaries; the count, the page's ids, those rows,
    # their actions; the session's last activity written (a savepoint, the update, its release).
    with django_assert_num_queries(SESSION_QUERIES + 9):
        response = client.get(reverse("supplier_deviations"))
    assert len(response.context["deviations"]) == size + 2


@pytest.mark.parametrize("files", [1, 5])
def test_the_deviation_page_makes_as_many_queries_with_many_files_as_with_few(
    client, django_assert_num_queries, sara, deviation, files, _media
):
    action = services.propose_plan(
        acting_user=sara, deviation=deviation, description="Plan", owner="Per", due_on=timezone.localdate()
    )
    for n in range(files):
        services.add_action_evidence(acting_user=sara, action=action, upload=factories.upload(f"fil-{n}.pdf"))
    client.force_login(sara)
    # The user with memberships; the contacts, the subsidiaries; the deviation; its actions; their
    # files; the session's last activity written (a savepoint, the update, its release).
    with django_assert_num_queries(SESSION_QUERIES + 8):
        response = client.get(reverse("supplier_deviation", args=[deviation.pk]))
    assert response.content.decode().count("fil-") >= files
