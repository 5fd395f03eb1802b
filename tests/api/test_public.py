"""The public API: the published register, as the public summary pages show it, and nothing internal."""

import pytest
from django.urls import reverse

from revisioner.models import Audit


def test_the_summaries_are_the_published_ones_with_supplier_facility_outcome_and_deviations_by_area(client, register):
    response = client.get("/api/v1/summaries/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    first = data["results"][0]
    assert first["id"] == register["published"].pk
    assert first["supplier"]["org_number"] == register["abcur"].org_number
    assert first["kind"] == "factory_audit"
    assert first["facility"] == {"name": "Fabrik 1", "address": "Shenzhen", "country": "CN", "os_id": "CN2019303BQ3FZP"}
    assert first["outcome"] == "deviations_open"
    assert first["deviations_by_area"] == [
        {"area": "due_diligence", "area_label": "Tillbörlig aktsamhet", "severity": "major", "count": 1},
        {"area": "due_diligence", "area_label": "Tillbörlig aktsamhet", "severity": "minor", "count": 1},
    ]
    assert data["results"][1]["outcome"] == "no_deviations"
    body = response.content.decode()
    for internal in ("Hemlig anteckning", "Ingen policy", "Ingen logg", "internal_notes"):
        assert internal not in body
    assert register["in_progress"].pk not in [row["id"] for row in data["results"]]


def test_the_summaries_filter_by_year_and_supplier(client, register):
    by_year = client.get("/api/v1/summaries/", {"year": 2023}).json()
    assert [row["id"] for row in by_year["results"]] == [register["other"].pk]
    by_supplier = client.get("/api/v1/summaries/", {"supplier": register["abcur"].org_number}).json()
    assert [row["id"] for row in by_supplier["results"]] == [register["published"].pk]


def test_a_summary_withdrawn_or_never_published_answers_404(client, register):
    assert client.get(f"/api/v1/summaries/{register['in_progress'].pk}/").status_code == 404
    assert client.get(f"/api/v1/summaries/{register['published'].pk}/").status_code == 200
    Audit.objects.unscoped().filter(pk=register["published"].pk).update(summary_status="none")
    assert client.get(f"/api/v1/summaries/{register['published'].pk}/").status_code == 404


def test_a_conditional_get_answers_304_until_the_register_changes(client, register):
    first = client.get("/api/v1/summaries/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    assert client.get("/api/v1/summaries/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/summaries/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    Audit.objects.unscoped().filter(pk=register["other"].pk).update(summary="Ändrad text.")
    again = client.get("/api/v1/summaries/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_the_prioritised_categories_with_their_risk_areas_and_the_requirements_with_versions(client, register):
    from regions.models import RiskArea

    area = RiskArea.objects.create(name_sv="Mänskliga rättigheter", year=2024)
    register["category"].risk_areas.add(area)
    categories = client.get("/api/v1/categories/", {"year": 2025}).json()["results"]
    assert categories == [
        {
            "category_id": register["category"].pk, "category": "Handskar", "code": "", "start_year": 2024,
            "end_year": 2026, "reason": "Hög risk", "risk_areas": ["Mänskliga rättigheter"],
        }
    ]  # fmt: skip
    assert client.get("/api/v1/categories/", {"year": 2030}).json()["count"] == 0
    requirements = client.get("/api/v1/requirements/").json()["results"]
    assert [(row["title"], [v["number"] for v in row["versions"]]) for row in requirements] == [
        ("Tillbörlig aktsamhet", [1])
    ]


def test_the_member_endpoints_ask_an_anonymous_caller_to_log_in(client, register):
    for path in ("/api/v1/audits/", "/api/v1/contracts/", "/api/v1/incidents/"):
        assert client.get(path).status_code == 302, path


def test_the_schema_and_the_docs_open_and_the_docs_keep_the_content_security_policy(client, db):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/summaries/", "/api/v1/categories/", "/api/v1/requirements/", "/api/v1/contracts/batch/"):
        assert path in text
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "<style" not in page
    assert "<script>" not in page  # the script is a file of its own, which the policy lets through
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "'unsafe-inline'" not in docs["Content-Security-Policy"]


def test_anonymous_requests_are_limited_per_address_with_retry_after(client, register, settings):
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from api.throttles import AnonymousThrottle

    AnonymousThrottle.THROTTLE_RATES = rates
    try:
        statuses = [client.get("/api/v1/categories/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = client.get("/api/v1/categories/")
        assert int(refused["Retry-After"]) > 0
        other_address = client.get("/api/v1/categories/", REMOTE_ADDR="10.0.0.9")
        assert other_address.status_code == 200
    finally:
        del AnonymousThrottle.THROTTLE_RATES


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_open_data_downloads_carry_the_register_and_its_licence(client, register, settings, tmp_path, fmt):
    settings.MEDIA_ROOT = tmp_path
    response = client.get(reverse(f"open_data_{fmt}"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Abcur AB" in body and "CN2019303BQ3FZP" in body
    assert "Hemlig anteckning" not in body and "Ingen policy" not in body
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    if fmt == "json":
        assert '"licence": "CC BY 4.0"' in body


def test_the_nightly_task_rewrites_the_files_with_what_is_published_now(client, register, settings, tmp_path):
    from api import tasks

    settings.MEDIA_ROOT = tmp_path
    assert tasks.regenerate_open_data() == 2
    Audit.objects.unscoped().filter(pk=register["other"].pk).update(summary_status="none")
    assert tasks.regenerate_open_data() == 1
    body = b"".join(client.get(reverse("open_data_csv")).streaming_content).decode("utf-8-sig")
    assert "Medline AB" not in body and "Abcur AB" in body
    assert "api.tasks.regenerate_open_data" in [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]


def test_the_public_pages_link_the_open_data_and_the_api(client, register):
    page = client.get(reverse("public_audit_list")).content.decode()
    assert reverse("open_data") in page
    open_data = client.get(reverse("open_data")).content.decode()
    assert reverse("open_data_csv") in open_data
    assert "CC BY 4.0" in open_data
