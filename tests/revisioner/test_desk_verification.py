"""Verification that counts, through the pages: desk verification of the supplier's evidence by a
named verifier who leads the audit, never for a critical deviation nor without a file; a re-audit
verifies on site; the deviation list and its download tell the two apart from the open ones."""

import datetime

import pytest
from django.urls import reverse

from revisioner import services
from revisioner.models import Audit, CorrectiveAction, Deviation, SupplierMessage
from tests.revisioner import test_supplier_plans as plans

# The fixtures of the plans' tests, shared: Sara of Abcur AB, A's reported audit, her plan.
_media, sara, reported, deviation, proposed = plans._media, plans.sara, plans.reported, plans.deviation, plans.proposed
implemented = plans.implemented

pytestmark = pytest.mark.django_db

NOTE = "Rutinen och loggen visar att riskanalysen görs varje kvartal."


def desk_url(audit, deviation):
    return reverse("deviation_desk_verification", args=[audit.pk, deviation.pk])


def verify(client, audit, deviation, note=NOTE):
    version = Deviation.objects.unscoped().get(pk=deviation.pk).version
    return client.post(desk_url(audit, deviation), {"effectiveness_note": note, "version": version})


def stored(deviation):
    return Deviation.objects.unscoped().select_related("verified_by").get(pk=deviation.pk)


def test_without_evidence_the_page_offers_no_desk_verification_and_a_post_is_refused(
    client, anna, sara, reported, deviation, proposed
):
    implemented(proposed, sara, anna, files=0)
    client.force_login(anna)
    page = client.get(reverse("audit_detail", args=[reported.pk])).content.decode()
    assert desk_url(reported, deviation) not in page
    assert "Leverantören har inte skickat något underlag." in page
    explained = client.get(desk_url(reported, deviation)).content.decode()
    assert "ingen genomförd åtgärd med underlag" in explained and "<textarea" not in explained
    response = verify(client, reported, deviation)
    assert response.status_code == 400
    assert "ingen genomförd åtgärd med underlag" in response.content.decode()
    assert stored(deviation).status == Deviation.Status.OPEN


def test_a_plan_not_yet_carried_out_is_not_verified_at_the_desk(client, anna, reported, deviation, proposed):
    client.force_login(anna)
    assert verify(client, reported, deviation).status_code == 400
    assert stored(deviation).status == Deviation.Status.OPEN


def test_a_critical_deviation_needs_a_re_audit(client, anna, sara, reported, deviation, proposed):
    services.set_severity(
        acting_user=anna, deviation=deviation, severity=Deviation.Severity.CRITICAL, description=deviation.description
    )
    implemented(proposed, sara, anna)
    client.force_login(anna)
    page = client.get(reverse("audit_detail", args=[reported.pk])).content.decode()
    assert "En kritisk avvikelse verifieras på plats, med en återrevision" in page
    assert desk_url(reported, deviation) not in page
    response = verify(client, reported, deviation)
    assert response.status_code == 400
    assert "verifieras på plats" in response.content.decode()
    assert stored(deviation).status == Deviation.Status.OPEN


def test_desk_verification_closes_the_deviation_naming_the_verifier_and_the_note(
    client, anna, sara, reported, deviation, proposed
):
    implemented(proposed, sara, anna)
    client.force_login(anna)
    page = client.get(reverse("audit_detail", args=[reported.pk])).content.decode()
    assert desk_url(reported, deviation) in page and "Verifiera vid skrivbordet" in page
    form = client.get(desk_url(reported, deviation)).content.decode()
    assert "rutin-0.pdf" in form and "Rutinen är antagen och införd." in form

    response = verify(client, reported, deviation)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#avvikelse-{deviation.pk}")
    closed = stored(deviation)
    assert (closed.status, closed.verification_method) == (Deviation.Status.VERIFIED, Deviation.Verification.DESK)
    assert (closed.verified_by, closed.effectiveness_note) == (anna, NOTE)
    assert CorrectiveAction.objects.unscoped().get(pk=proposed.pk).status == CorrectiveAction.Status.VERIFIED
    assert SupplierMessage.objects.filter(kind=SupplierMessage.Kind.DEVIATION_VERIFIED).count() == 1

    page = client.get(reverse("audit_detail", args=[reported.pk])).content.decode()
    assert "Skrivbordsverifiering" in page and "Anna Samordnare A" in page and NOTE in page
    assert "Avvikelsen är verifierad åtgärdad vid skrivbordet" in page
    assert desk_url(reported, deviation) not in page


def test_the_effectiveness_note_is_required_and_said_at_the_field(client, anna, sara, reported, deviation, proposed):
    implemented(proposed, sara, anna)
    client.force_login(anna)
    response = verify(client, reported, deviation, note="")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_effectiveness_note_error"' in page and "Skriv din bedömning" in page
    assert stored(deviation).status == Deviation.Status.OPEN


def test_only_those_who_lead_the_audit_verify_it(client, bertil, anna, sara, reported, deviation, proposed):
    implemented(proposed, sara, anna)
    client.force_login(bertil)
    assert client.get(desk_url(reported, deviation)).status_code == 404
    assert verify(client, reported, deviation).status_code == 404
    assert stored(deviation).status == Deviation.Status.OPEN


def test_a_re_audit_verifies_on_site_with_its_note(client, anna, reported, deviation, audit_of):
    re_audit = audit_of("A", kind=Audit.Kind.RE_AUDIT, follows_up=reported, planned_on=datetime.date(2024, 10, 1))
    services.start_audit(acting_user=anna, audit=re_audit)
    client.force_login(anna)
    page = client.get(reverse("audit_detail", args=[re_audit.pk])).content.decode()
    assert f'id="check-{deviation.pk}-note"' in page
    url = reverse("deviation_action", args=[re_audit.pk, deviation.pk])
    response = client.post(
        url, {"action": "corrected", "version": deviation.version, "effectiveness_note": "Sett på plats."}
    )
    assert response.status_code == 302
    checked = stored(deviation)
    assert (checked.verification_method, checked.verified_by, checked.verified_in_id) == (
        Deviation.Verification.ON_SITE,
        anna,
        re_audit.pk,
    )
    assert checked.effectiveness_note == "Sett på plats."
    page = client.get(reverse("audit_detail", args=[reported.pk])).content.decode()
    assert "Verifiering på plats" in page and "Sett på plats." in page


def test_the_deviation_list_filters_and_downloads_how_deviations_were_verified(
    client, anna, sara, reported, deviation, proposed, audit_of
):
    implemented(proposed, sara, anna)
    services.verify_at_desk(acting_user=anna, deviation=deviation, effectiveness_note=NOTE)
    other = reported.deviations.exclude(pk=deviation.pk).get()
    client.force_login(anna)

    def listed(verification):
        response = client.get(reverse("deviation_list"), {"verification": verification})
        return [d.pk for d in response.context["deviations"]]

    assert listed("desk") == [deviation.pk]
    assert listed("open") == [other.pk]
    assert listed("on_site") == []
    page = client.get(reverse("deviation_list")).content.decode()
    assert "Verifierad genom" in page and "Skrivbordsverifiering" in page and "Ej verifierad" in page
    download = client.get(reverse("deviation_list"), {"format": "csv", "sort": "clause"}).getvalue().decode("utf-8-sig")
    header, *rows = download.splitlines()
    assert "Verifierad genom;Verifierad av;Verifierad;Effektivitet" in header
    assert any("Skrivbordsverifiering;Anna Samordnare A" in row and NOTE in row for row in rows)
    assert any("Ej verifierad" in row for row in rows)


def test_desk_verification_verifies_every_action_of_the_deviation(anna, sara, reported, deviation, proposed):
    """An action the coordinator recorded beside the supplier's plan is closed with the deviation,
    as on site: no action of a verified deviation stays open (or is reminded of)."""
    implemented(proposed, sara, anna)
    extra = services.add_action(
        acting_user=anna,
        deviation=Deviation.objects.unscoped().get(pk=deviation.pk),
        action=CorrectiveAction(description="Utbilda inköparna", due_on=datetime.date(2030, 1, 31)),
    )
    services.verify_at_desk(acting_user=anna, deviation=deviation, effectiveness_note=NOTE)
    statuses = (
        CorrectiveAction.objects.unscoped().filter(pk__in=[proposed.pk, extra.pk]).values_list("status", flat=True)
    )
    assert set(statuses) == {CorrectiveAction.Status.VERIFIED}


@pytest.fixture
def re_audit(audit_of, anna, reported):
    audit = audit_of("A", kind=Audit.Kind.RE_AUDIT, follows_up=reported, planned_on=datetime.date(2024, 10, 1))
    return services.start_audit(acting_user=anna, audit=audit)


def check(anna, re_audit, deviation, corrected, note=""):
    return services.check_deviation(
        acting_user=anna,
        re_audit=re_audit,
        deviation=Deviation.objects.unscoped().get(pk=deviation.pk),
        corrected=corrected,
        effectiveness_note=note,
    )


def test_a_re_audits_note_is_its_own_and_a_reopened_deviation_keeps_none(anna, re_audit, deviation):
    assert check(anna, re_audit, deviation, True, "Sett på plats.").effectiveness_note == "Sett på plats."
    assert check(anna, re_audit, deviation, False).effectiveness_note == ""  # reopened: no verification, no note
    assert stored(deviation).effectiveness_note == ""
    check(anna, re_audit, deviation, True, "Rutinen följs.")
    assert check(anna, re_audit, deviation, True).effectiveness_note == ""  # the finding made last, as it was made


def test_a_deviation_verified_on_site_is_told_to_the_supplier_with_the_note(anna, re_audit, deviation, supplier):
    check(anna, re_audit, deviation, True, "Sett på plats.")
    [message] = SupplierMessage.objects.filter(kind=SupplierMessage.Kind.DEVIATION_VERIFIED)
    assert (message.supplier, message.comment) == (supplier, "Sett på plats.")
    assert message.path == reverse("supplier_deviation", args=[deviation.pk])
    assert message.subject == str(deviation.clause)


def test_the_download_gives_the_day_of_verification_in_swedish_time(client, anna, sara, reported, deviation, proposed):
    """Verified at 23:30 UTC on 1 May is 2 May in Stockholm: the download says the Swedish day."""
    implemented(proposed, sara, anna)
    services.verify_at_desk(acting_user=anna, deviation=deviation, effectiveness_note=NOTE)
    late = datetime.datetime(2024, 5, 1, 23, 30, tzinfo=datetime.UTC)
    Deviation.objects.unscoped().filter(pk=deviation.pk).update(verified_at=late)
    client.force_login(anna)
    download = client.get(reverse("deviation_list"), {"format": "csv"}).getvalue().decode("utf-8-sig")
    verified = next(row for row in download.splitlines() if NOTE in row)
    assert ";2024-05-02;" in verified and "2024-05-01" not in verified
