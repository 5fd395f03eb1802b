"""Requirements: versions that never change once adopted, consultations, uptake by region."""

import csv
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404
from django.urls import reverse

from krav import services
from krav.models import ConsultationResponse, Requirement, RequirementVersion, Uptake
from tests.factories import region


def test_an_adopted_version_cannot_be_edited(adopted, kansliet):
    with pytest.raises(ValidationError, match="ändras aldrig"):
        services.update_version(acting_user=kansliet, version=adopted, text="Ny text")
    adopted.refresh_from_db()
    assert adopted.text == "Inga PFAS."


def test_a_new_version_supersedes_the_adopted_one(adopted, kansliet):
    draft = services.new_version(acting_user=kansliet, requirement=adopted.requirement)
    assert (draft.number, draft.status, draft.text) == (2, "proposal", "Inga PFAS.")
    assert [c.title for c in draft.clauses.all()] == ["Kemikalier"]
    services.update_version(acting_user=kansliet, version=draft, text="Inga PFAS eller ftalater.")
    services.open_consultation(acting_user=kansliet, version=draft)
    services.adopt(acting_user=kansliet, version=draft)
    adopted.refresh_from_db()
    assert adopted.status == "superseded"
    assert list(RequirementVersion.objects.current().values_list("number", flat=True)) == [2]


def test_only_a_version_in_consultation_is_adopted(proposal, kansliet):
    with pytest.raises(ValidationError):
        services.adopt(acting_user=kansliet, version=proposal)


def test_each_region_answers_a_consultation_once(consultation, kalle):
    kalmar = region("Kalmar")
    services.respond(acting_user=kalle, version=consultation, region=kalmar, answer="agree")
    with pytest.raises(ValidationError, match="har redan svarat"):
        services.respond(acting_user=kalle, version=consultation, region=kalmar, answer="disagree")
    assert ConsultationResponse.objects.get().answer == "agree"


def test_a_region_contact_answers_only_for_their_own_region(consultation, kalle, anna):
    with pytest.raises(Http404):
        services.respond(acting_user=kalle, version=consultation, region=region("Skåne"), answer="agree")
    with pytest.raises(Http404):  # a coordinator is not the region's voice in a consultation
        services.respond(acting_user=anna, version=consultation, region=region("Kalmar"), answer="agree")
    assert not ConsultationResponse.objects.exists()


def test_the_secretariat_answers_for_any_region_and_sees_who_has_not(client, consultation, kansliet):
    client.force_login(kansliet)
    url = reverse("requirement_version_action", args=[consultation.pk, "respond"])
    client.post(url, {"region": region("Gotland").pk, "answer": "agree_with_comments", "text": "Bra."})
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "20 regioner har inte svarat." in html and "Gotland" in html


def test_a_contact_of_kalmar_cannot_change_skanes_cell(client, adopted, kalle):
    client.force_login(kalle)
    skane = reverse("uptake_cell", args=[adopted.pk, "skane"])
    assert client.get(skane).status_code == 404
    assert client.post(skane, {"used": "yes"}).status_code == 404
    assert client.post(reverse("uptake_cell", args=[adopted.pk, "kalmar"]), {"used": "partly"}).status_code == 302
    assert list(Uptake.objects.values_list("region__short_name", "used")) == [("Kalmar", "partly")]


def test_uptake_is_recorded_only_for_adopted_versions(consultation, kalle):
    with pytest.raises(ValidationError):
        services.record_uptake(acting_user=kalle, version=consultation, region=region("Kalmar"), used="yes")


def test_the_matrix_shows_coverage_and_exports_it(client, adopted, kansliet, stina):
    client.force_login(stina)
    # No region has answered yet: the coverage is not recorded, "–" on the page and empty in the download.
    row = re.search(r"Skyddsrockar.*?</tr>", client.get(reverse("uptake_matrix")).content.decode(), re.S)[0]
    assert '<td class="num">–</td>' in row and "0 %" not in row
    body = client.get(reverse("uptake_export", args=["csv"])).content.decode("utf-8-sig")
    assert list(csv.reader(body.splitlines(), delimiter=";"))[1][-1] == ""
    for name in ("Kalmar", "Skåne", "Gotland"):
        services.record_uptake(acting_user=kansliet, version=adopted, region=region(name), used="yes")
    client.force_login(stina)
    html = client.get(reverse("uptake_matrix")).content.decode()
    assert "14 %" in html  # 3 of 21 regions
    assert 'href="/krav/anvandning/' not in html  # the steering group reads, edits nothing
    body = client.get(reverse("uptake_export", args=["csv"])).content.decode("utf-8-sig")
    rows = list(csv.reader(body.splitlines(), delimiter=";"))
    assert rows[0][:3] == ["Krav", "Version", "Typ"] and rows[0][-1] == "Täckning (%)"
    assert rows[1][0] == "Skyddsrockar" and rows[1][-1] == "14" and rows[1].count("Ja") == 3


def test_importing_requirements_with_a_bad_kind_imports_nothing_and_names_the_row(reference, tmp_path, capsys):
    path = tmp_path / "krav.csv"
    path.write_text("title,kind,level\nTextilier,env_climate,core\nMöbler,miljö,core\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import", "krav.resources.RequirementResource", str(path), "--noinput")
    assert refused.value.returncode == 1
    assert "Rad 3, kolumn kind: okänd typ ”miljö”" in str(refused.value)
    assert not Requirement.objects.exists()


def test_importing_good_requirements(reference, tmp_path):
    path = tmp_path / "krav.csv"
    path.write_text("title,kind,level,responsible\nTextilier,env_climate,advanced,Kansliet\n", encoding="utf-8")
    call_command("import", "krav.resources.RequirementResource", str(path), "--noinput")
    assert Requirement.objects.get().level == "advanced"


def test_adopted_requirements_are_public_and_proposals_are_not(client, proposal, kansliet):
    assert "Skyddsrockar" not in client.get(reverse("public_requirements")).content.decode()
    services.open_consultation(acting_user=kansliet, version=proposal)
    services.adopt(acting_user=kansliet, version=proposal)
    html = client.get(reverse("public_requirements")).content.decode()
    assert "Skyddsrockar" in html and "Inga PFAS." in html


def test_the_dashboard_reports_the_national_uptake_per_year(adopted, kansliet):
    from django.utils import timezone

    from base.registry import METRICS

    for name, used in (("Kalmar", "yes"), ("Skåne", "partly"), ("Gotland", "no")):
        services.record_uptake(
            acting_user=kansliet, version=adopted, region=region(name), used=used, since=timezone.localdate()
        )
    year = adopted.adopted_at.year
    assert METRICS["requirements_uptake_percent"].values([year - 1, year]) == {year: round(100 * 2 / 21)}
    assert METRICS["requirements_adopted"].values([year]) == {year: 1}


def test_guidance_files_are_added_before_adoption_and_served_with_access(
    client, proposal, kansliet, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from krav.models import VersionAttachment

    settings.MEDIA_ROOT = tmp_path
    client.force_login(kansliet)
    url = reverse("requirement_version_action", args=[proposal.pk, "attach"])
    pdf = SimpleUploadedFile("vagledning.pdf", b"%PDF-1.4 guidance")
    assert client.post(url, {"name": "Vägledning", "file": pdf}).status_code == 302
    attachment = VersionAttachment.objects.get()
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 404  # not public before adoption
    services.open_consultation(acting_user=kansliet, version=proposal)
    services.adopt(acting_user=kansliet, version=proposal)
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(kansliet)
    late = SimpleUploadedFile("sent.pdf", b"%PDF-1.4 late")
    assert client.post(url, {"name": "För sent", "file": late}).status_code == 400
    assert VersionAttachment.objects.count() == 1


def test_a_malformed_region_in_a_response_is_404_not_an_error(client, consultation, kansliet):
    client.force_login(kansliet)
    url = reverse("requirement_version_action", args=[consultation.pk, "respond"])
    assert client.post(url, {"region": "1\u00a0519", "answer": "agree"}).status_code == 404


def test_without_any_region_answering_the_uptake_share_is_not_recorded_never_0(adopted):
    from base.registry import METRICS

    year = adopted.adopted_at.year
    assert METRICS["requirements_uptake_percent"].values([year]) == {}
