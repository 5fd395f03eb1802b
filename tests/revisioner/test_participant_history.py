"""Who joined or left an audit is in its change history, with who made the change and when."""

import pytest
from django.urls import reverse

from regions.access import Role
from revisioner import services
from revisioner.models import Audit, AuditParticipant
from tests import factories

pytestmark = pytest.mark.django_db


def test_added_removed_and_changed_participants_are_in_the_audit_history(client, audit_of, coordinator_of, kansliet):
    anna = coordinator_of("A", name="Anna Andersson")
    bo = factories.member(Role.COORDINATOR, name="Bo Berg", procurement_region=factories.procurement_region("A"))
    cecilia = factories.member(Role.SECRETARIAT, name="Cecilia Ek")
    audit = audit_of("A")
    AUDITOR, OBSERVER = AuditParticipant.Role.AUDITOR, AuditParticipant.Role.OBSERVER

    audit = services.plan_audit(
        acting_user=anna,
        audit=Audit.objects.unscoped().get(pk=audit.pk),
        participants=[(bo, "", AUDITOR), (cecilia, "", AUDITOR)],
    )
    audit = services.plan_audit(
        acting_user=kansliet,
        audit=Audit.objects.unscoped().get(pk=audit.pk),
        participants=[(cecilia, "", OBSERVER), (None, "Extern Revisor", AUDITOR)],
    )

    assert {(p.user_id, p.name, p.role) for p in audit.participants.all()} == {
        (cecilia.pk, "", OBSERVER),
        (None, "Extern Revisor", AUDITOR),
    }
    client.force_login(anna)
    page = client.get(reverse("audit_detail", args=[audit.pk])).content.decode()
    history = page.split("<h2>Historik</h2>")[1]
    assert f"Bo Berg deltar som revisor, {anna}" in history
    assert f"Bo Berg deltar inte längre, {kansliet}" in history
    assert f"Cecilia Ek deltar nu som observatör, {kansliet}" in history
    assert f"Extern Revisor deltar som revisor, {kansliet}" in history
    # Newest first: the removal comes before the addition.
    assert history.index("Bo Berg deltar inte längre") < history.index("Bo Berg deltar som revisor")


def test_an_edit_keeps_the_lead_auditor_as_lead(audit_of, coordinator_of):
    anna = coordinator_of("A", name="Anna Andersson")
    audit = audit_of("A")
    LEAD, AUDITOR = AuditParticipant.Role.LEAD_AUDITOR, AuditParticipant.Role.AUDITOR
    audit = services.plan_audit(
        acting_user=anna, audit=Audit.objects.unscoped().get(pk=audit.pk), participants=[(anna, "", LEAD)]
    )
    audit = services.plan_audit(
        acting_user=anna, audit=Audit.objects.unscoped().get(pk=audit.pk), participants=[(anna, "", AUDITOR)]
    )

    assert [p.role for p in audit.participants.all()] == [LEAD]
    assert AuditParticipant.history.filter(audit_id=audit.pk).count() == 1
