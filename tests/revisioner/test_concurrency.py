"""Two people at once, and forms sent twice: no lost update, no state moved back, no duplicate.

Edits carry the version the person saw (base.forms.VersionedFormMixin); a save on a changed row
is refused with the person's input kept and the changed fields shown. State changes lock the row
and check the transition inside the lock. Create forms carry a one-time token: a second submit
shows what the first one created."""

import datetime

import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.urls import reverse

from regions.access import Role
from revisioner import services
from revisioner.models import Audit, CorrectiveAction, Deviation, Rating
from tests import factories
from tests.concurrency import at_once


def form_data(form) -> dict:
    """What a browser sends back for an untouched form: each field's value, the hidden starting
    values and the hidden version or token."""
    data = {}
    for field in form:
        value = field.value()
        if value in (None, ""):
            value = [] if isinstance(field.field, forms.MultipleChoiceField) else ""
        if isinstance(field.field, forms.MultipleChoiceField):
            value = [str(item) for item in value or [] if item not in (None, "")]
        data[field.html_name] = value if isinstance(value, list) else str(value)
        if field.field.show_hidden_initial:
            data[field.html_initial_name] = data[field.html_name]
    return data


def page_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.context["form"])


@pytest.fixture
def two_clients(anna):
    """Anna and a second coordinator of procurement region A, each in their own browser."""
    other = factories.member(
        Role.COORDINATOR, procurement_region=factories.procurement_region("A"), name="Alva Samordnare A"
    )
    first, second = Client(), Client()
    first.force_login(anna)
    second.force_login(other)
    return first, second


@pytest.fixture
def rated(audit_of, anna):
    """An office audit of A in progress rated meets / partly / does not meet: two deviations."""
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    criteria = list(audit.template.criteria.all())
    values = [Rating.Value.MEETS, Rating.Value.PARTLY, Rating.Value.DOES_NOT_MEET]
    services.rate(
        acting_user=anna, audit=audit, ratings={c: (v, "", "") for c, v in zip(criteria, values, strict=True)}
    )
    return audit


# Edits ---------------------------------------------------------------------------------------


def test_the_second_save_of_a_planned_audit_is_refused_with_the_input_kept_and_the_change_shown(audit_of, two_clients):
    audit = audit_of("A")
    anna, alva = two_clients
    url = reverse("audit_edit", args=[audit.pk])
    annas, alvas = page_form(anna, url), page_form(alva, url)

    annas["planned_on"] = "2024-04-15"
    assert anna.post(url, annas).status_code == 302
    alvas["audit_firm"] = "Revisorerna AB"
    refused = alva.post(url, alvas)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Någon annan har ändrat detta medan du skrev" in page
    assert "Planerad är nu: 15 april 2024" in page
    assert 'value="Revisorerna AB"' in page  # Alva's input is still in the form
    audit.refresh_from_db()
    assert (audit.planned_on, audit.audit_firm) == (datetime.date(2024, 4, 15), "")

    # Having seen the change, Alva saves again: it goes through.
    again = form_data(refused.context["form"])
    again["planned_on"] = "2024-04-15"
    assert alva.post(url, again).status_code == 302
    audit.refresh_from_db()
    assert (audit.planned_on, audit.audit_firm) == (datetime.date(2024, 4, 15), "Revisorerna AB")


def test_an_edit_form_without_its_version_is_refused(audit_of, two_clients):
    audit = audit_of("A")
    anna, _alva = two_clients
    url = reverse("audit_edit", args=[audit.pk])
    data = page_form(anna, url)
    del data["version"]
    data["audit_firm"] = "Revisorerna AB"
    response = anna.post(url, data)
    assert response.status_code == 400
    assert "Ladda om den" in response.content.decode()
    audit.refresh_from_db()
    assert audit.audit_firm == ""


def test_an_audit_started_while_its_plan_was_edited_is_not_changed_back(audit_of, two_clients, anna):
    audit = audit_of("A")
    first, _second = two_clients
    url = reverse("audit_edit", args=[audit.pk])
    data = page_form(first, url)
    services.start_audit(acting_user=anna, audit=Audit.objects.unscoped().get(pk=audit.pk))
    data["audit_firm"] = "Revisorerna AB"
    response = first.post(url, data)
    assert response.status_code == 400
    assert "revisionen har status Pågår" in response.content.decode()
    audit.refresh_from_db()
    assert (audit.status, audit.audit_firm) == (Audit.Status.IN_PROGRESS, "")


def test_the_second_change_of_a_deviation_is_refused_with_the_input_kept(rated, two_clients):
    anna, alva = two_clients
    deviation = rated.deviations.order_by("clause__number").first()
    url = reverse("deviation_action", args=[rated.pk, deviation.pk])
    seen = {
        "action": "severity",
        "version": deviation.version,
        "initial-severity": deviation.severity,
        "initial-description": deviation.description,
    }
    assert anna.post(url, {**seen, "severity": "critical", "description": deviation.description}).status_code == 302
    refused = alva.post(url, {**seen, "severity": "minor", "description": "Alvas beskrivning"})

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Någon annan har ändrat detta medan du skrev" in page
    assert "Allvarlighetsgrad är nu: Kritisk" in page
    assert "Alvas beskrivning" in page
    deviation.refresh_from_db()
    assert (deviation.severity, deviation.version) == (Deviation.Severity.CRITICAL, 1)


# State changes -------------------------------------------------------------------------------


@pytest.fixture
def re_audit(rated, audit_of, anna):
    services.draft_report(acting_user=anna, audit=rated)
    services.await_actions(acting_user=anna, audit=rated)
    follow_up = audit_of("A", kind=Audit.Kind.RE_AUDIT, follows_up=rated)
    services.start_audit(acting_user=anna, audit=follow_up)
    return follow_up


def test_a_deviation_verified_by_one_is_not_reopened_from_the_others_older_page(rated, re_audit, two_clients):
    anna, alva = two_clients
    deviation = rated.deviations.order_by("clause__number").first()
    url = reverse("deviation_action", args=[re_audit.pk, deviation.pk])
    page = alva.get(reverse("audit_detail", args=[re_audit.pk])).content.decode()
    assert f'name="version" value="{deviation.version}"' in page

    anna.post(url, {"action": "corrected", "version": deviation.version})
    response = alva.post(url, {"action": "not_corrected", "version": deviation.version}, follow=True)

    assert "Någon annan har ändrat avvikelsen sedan du öppnade sidan" in response.content.decode()
    deviation.refresh_from_db()
    assert (deviation.status, deviation.verified_in_id) == (Deviation.Status.VERIFIED, re_audit.pk)


def test_an_audit_started_by_one_is_not_cancelled_from_the_others_older_page(audit_of, two_clients):
    audit = audit_of("A")
    anna, alva = two_clients
    version = audit.version
    anna.post(reverse("audit_transition", args=[audit.pk, "start"]), {"version": version})
    response = alva.post(reverse("audit_transition", args=[audit.pk, "cancel"]), {"version": version}, follow=True)
    assert "Någon annan har ändrat revisionen sedan du öppnade sidan" in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == Audit.Status.IN_PROGRESS


def test_a_state_change_checks_the_state_stored_now_not_the_one_read_before(rated, anna):
    """A stale copy of the audit (read before another request closed... drafted it) cannot move it back."""
    stale = Audit.objects.unscoped().get(pk=rated.pk)
    services.draft_report(acting_user=anna, audit=Audit.objects.unscoped().get(pk=rated.pk))
    services.await_actions(acting_user=anna, audit=Audit.objects.unscoped().get(pk=rated.pk))
    assert stale.status == Audit.Status.IN_PROGRESS
    with pytest.raises(Exception, match=r"Rapport skriven|Inväntar åtgärder"):
        services.draft_report(acting_user=anna, audit=stale)
    rated.refresh_from_db()
    assert rated.status == Audit.Status.AWAITING_ACTIONS


# Creates -------------------------------------------------------------------------------------


def test_the_plan_form_sent_twice_plans_one_audit_and_shows_it(anna, supplier, category, template, client):
    client.force_login(anna)
    data = {
        "once": client.get(reverse("audit_create")).context["form"]["once"].value(),
        "kind": Audit.Kind.OFFICE,
        "supplier": supplier.identifier,
        "category": category.pk,
        "procurement_region": factories.procurement_region("A").pk,
        "planned_on": "2024-05-01",
    }
    first = client.post(reverse("audit_create"), data)
    second = client.post(reverse("audit_create"), data, follow=True)

    audits = Audit.objects.unscoped().filter(supplier=supplier)
    assert audits.count() == 1
    assert first["Location"] == audits.get().get_absolute_url()
    assert second.redirect_chain[-1][0] == audits.get().get_absolute_url()
    assert "Formuläret var redan skickat" in second.content.decode()


def test_a_create_form_without_its_token_is_refused_and_kept(anna, supplier, category, template, client):
    client.force_login(anna)
    data = {
        "once": "forged",
        "kind": Audit.Kind.OFFICE,
        "supplier": supplier.identifier,
        "category": category.pk,
        "procurement_region": factories.procurement_region("A").pk,
        "planned_on": "2024-05-01",
    }
    response = client.post(reverse("audit_create"), data)
    assert response.status_code == 400
    assert "Formuläret har gått ut" in response.content.decode()
    assert not Audit.objects.unscoped().filter(supplier=supplier).exists()
    # The page shown again carries a new token: sent as it is, it plans the audit.
    data["once"] = response.context["form"]["once"].value()
    assert data["once"] != "forged"
    assert client.post(reverse("audit_create"), data).status_code == 302
    assert Audit.objects.unscoped().filter(supplier=supplier).count() == 1


def test_a_corrective_action_sent_twice_is_recorded_once(rated, anna, client):
    client.force_login(anna)
    deviation = rated.deviations.first()
    page = client.get(reverse("audit_detail", args=[rated.pk])).content.decode()
    token = page.split('name="once" value="', 1)[1].split('"', 1)[0]
    data = {"action": "add_action", "once": token, "description": "Ny policy", "due_on": "2024-09-30"}
    url = reverse("deviation_action", args=[rated.pk, deviation.pk])
    client.post(url, data)
    second = client.post(url, data, follow=True)
    assert CorrectiveAction.objects.unscoped().filter(deviation=deviation).count() == 1
    assert "Formuläret var redan skickat: åtgärden registrerades första gången." in second.content.decode()


# Two threads on PostgreSQL -------------------------------------------------------------------


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_checking_the_same_deviation_one_succeeds_and_it_is_not_moved_back(rated, re_audit, anna):
    deviation = rated.deviations.order_by("clause__number").first()
    version = deviation.version

    def check(corrected):
        return lambda: services.check_deviation(
            acting_user=anna,
            re_audit=Audit.objects.unscoped().get(pk=re_audit.pk),
            deviation=Deviation.objects.unscoped().get(pk=deviation.pk),
            corrected=corrected,
            seen_version=version,
        )

    outcomes = at_once(check(True), check(False))
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"]
    deviation.refresh_from_db()
    assert deviation.version == version + 1
    winner = next(result for kind, result in outcomes if kind == "ok")
    assert deviation.status == winner.status


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_closing_the_same_audit_close_it_once(audit_of, anna):
    audit = audit_of("A")
    services.start_audit(acting_user=anna, audit=audit)
    criteria = list(audit.template.criteria.all())
    services.rate(acting_user=anna, audit=audit, ratings=dict.fromkeys(criteria, (Rating.Value.MEETS, "", "")))
    services.draft_report(acting_user=anna, audit=audit)

    def close():
        return services.close_audit(acting_user=anna, audit=Audit.objects.unscoped().get(pk=audit.pk))

    def cancel():
        return services.cancel_audit(acting_user=anna, audit=Audit.objects.unscoped().get(pk=audit.pk))

    outcomes = at_once(close, close)
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"]
    audit.refresh_from_db()
    assert audit.status == Audit.Status.CLOSED
    assert audit.history.filter(status=Audit.Status.CLOSED).count() == 1
    assert at_once(cancel)[0][0] == "refused"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_sending_the_same_action_form_record_one_action(rated, anna):
    from base.forms import new_once_token

    deviation = rated.deviations.first()
    token = new_once_token()

    def add():
        return services.add_action(
            acting_user=anna,
            deviation=Deviation.objects.unscoped().get(pk=deviation.pk),
            action=CorrectiveAction(description="Ny policy", due_on=datetime.date(2024, 9, 30), created_with=token),
        )

    outcomes = at_once(add, add)
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"]
    assert CorrectiveAction.objects.unscoped().filter(deviation=deviation).count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_threads_sending_the_same_supplier_plan_make_one_plan(rated, anna, supplier):
    """The supplier's plan form sent twice at once: the deviation's lock orders them, the second is the first."""
    sara = factories.supplier_contact(supplier, name="Sara Leverantör")
    services.draft_report(acting_user=anna, audit=rated)
    deviation = rated.deviations.first()

    def propose():
        return services.propose_plan(
            acting_user=factories.User.objects.get(pk=sara.pk),
            deviation=Deviation.objects.unscoped().get(pk=deviation.pk),
            description="Ny policy",
            owner="Sara",
            due_on=datetime.date(2030, 6, 30),
        )

    outcomes = at_once(propose, propose)
    assert [kind for kind, _result in outcomes] == ["ok", "ok"], outcomes
    assert outcomes[0][1].pk == outcomes[1][1].pk
    assert CorrectiveAction.objects.unscoped().filter(deviation=deviation).count() == 1
