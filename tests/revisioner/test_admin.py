import datetime

import pytest
from django.urls import reverse

from revisioner import services
from revisioner.models import AssessmentTemplate, Audit, CorrectiveAction, Deviation, Rating

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["assessmenttemplate", "supplier", "contract", "audit"])
def test_the_secretariat_opens_the_audit_admin(client, kansliet, audit_of, name):
    audit_of("A")
    client.force_login(kansliet)
    assert client.get(reverse(f"admin:revisioner_{name}_changelist")).status_code == 200


@pytest.mark.parametrize("name", ["assessmenttemplate", "supplier", "contract"])
def test_the_secretariat_adds_templates_suppliers_and_contracts_in_the_admin(client, kansliet, name):
    client.force_login(kansliet)
    assert client.get(reverse(f"admin:revisioner_{name}_add")).status_code == 200


@pytest.mark.parametrize("name", ["audit", "deviation", "correctiveaction"])
def test_audits_and_their_findings_are_not_added_in_the_admin(client, kansliet, name):
    """They are planned and found on the audit pages, whose services run the state machine."""
    client.force_login(kansliet)
    assert client.get(reverse(f"admin:revisioner_{name}_add")).status_code == 403


def _admin_change(client, row, **changes):
    """POST the admin change form of ``row`` with its fields and ``changes``, as a person would."""
    url = reverse(f"admin:revisioner_{row._meta.model_name}_change", args=[row.pk])
    fields = {field.name: field.value_from_object(row) for field in row._meta.concrete_fields if field.editable}
    data = {name: "" if value is None else value for name, value in fields.items() if name != "id"}
    return client.post(url, {**{k: getattr(v, "pk", v) for k, v in data.items()}, **changes})


def test_the_admin_moves_no_audit_deviation_or_action_to_another_state(client, kansliet, audit_of):
    """Audits, deviations and corrective actions change state only through the services: the
    admin shows them, and a change posted to it (here by the secretariat) leaves the row as it was."""
    audit = audit_of("A")
    services.start_audit(acting_user=kansliet, audit=audit)
    criteria = list(audit.template.criteria.all())
    ratings = dict.fromkeys(criteria, (Rating.Value.DOES_NOT_MEET, "", "Saknas"))
    services.rate(acting_user=kansliet, audit=audit, ratings=ratings)
    deviation = audit.deviations.first()
    action = services.add_action(
        acting_user=kansliet,
        deviation=deviation,
        action=CorrectiveAction(description="Ny rutin", due_on=datetime.date(2024, 9, 1)),
    )
    client.force_login(kansliet)

    for row, state in [
        (audit, Audit.Status.CLOSED),
        (deviation, Deviation.Status.VERIFIED),
        (action, CorrectiveAction.Status.VERIFIED),
    ]:
        before = row.status
        response = _admin_change(client, row, status=state)
        row.refresh_from_db()
        assert response.status_code in (302, 403)
        assert row.status == before != state
    assert client.get(reverse("admin:revisioner_audit_change", args=[audit.pk])).status_code == 200


def test_a_template_draft_is_written_in_the_admin_but_not_adopted_there(client, kansliet, due_diligence):
    template = AssessmentTemplate.objects.create(name="Utkast", version=7)
    client.force_login(kansliet)
    url = reverse("admin:revisioner_assessmenttemplate_change", args=[template.pk])
    form = {
        "name": "Utkast, andra versionen",
        "version": 7,
        "valid_months": 24,
        "status": AssessmentTemplate.Status.ADOPTED,
        "criteria-TOTAL_FORMS": 0,
        "criteria-INITIAL_FORMS": 0,
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    response = client.post(url, form)
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.status) == ("Utkast, andra versionen", AssessmentTemplate.Status.DRAFT)


def test_reverting_an_audit_to_an_earlier_version_in_the_history_is_refused(client, kansliet, audit_of):
    """simple_history's revert would save the planned version whole, its state too, past the services."""
    audit = audit_of("A")
    services.start_audit(acting_user=kansliet, audit=audit)
    earliest = audit.history.earliest()
    client.force_login(kansliet)
    url = reverse("admin:revisioner_audit_simple_history", args=[audit.pk, earliest.history_id])
    assert client.post(url, {}).status_code == 403
    audit.refresh_from_db()
    assert audit.status == Audit.Status.IN_PROGRESS != earliest.status
