"""Risk analyses: draft → review → published, who may do what, and the risk matrix."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from base.forms import new_once_token
from regions.access import Visibility
from riskanalys import services
from riskanalys.models import RiskAnalysis

MATRIX = {
    "human_rights-likelihood": "", "labour_rights_likelihood": "4", "labour_rights_severity": "5",
    "environment_likelihood": "2", "environment_severity": "3",
}  # fmt: skip


def _form(tree, **extra):
    """The new-analysis form as sent, with the one-time token the page carries."""
    return {"once": new_once_token(), "kind": "deepened", "year": "2024", "category": tree["gowns"].pk,
            "product_area": "Skyddsrockar", "stage_manufacturing": "on", "production_countries": "Kina, Vietnam",
            **MATRIX, **extra}  # fmt: skip


def test_a_coordinator_writes_an_analysis_for_their_category_with_its_matrix(client, tree, anna):
    client.force_login(anna)
    response = client.post(reverse("risk_analysis_create"), _form(tree))
    analysis = RiskAnalysis.objects.unscoped().get()
    assert response.url == analysis.get_absolute_url()
    assert (analysis.procurement_region, analysis.status, analysis.visibility) == (tree["A"], "draft", "restricted")
    scores = {a.dimension: a.score for a in analysis.assessments.all()}
    assert scores == {"labour_rights": 20, "environment": 6}
    html = client.get(analysis.get_absolute_url()).content.decode()
    cell = '<td class="heat-high"><span class="heat-score">20 · hög</span><span class="heat-item">Arbetsrätt</span>'
    assert cell in html


def test_a_half_filled_matrix_row_is_refused(client, tree, anna):
    client.force_login(anna)
    response = client.post(reverse("risk_analysis_create"), _form(tree, chemicals_likelihood="3"))
    assert response.status_code == 400 and "Ange både sannolikhet och allvarlighet" in response.content.decode()
    assert not RiskAnalysis.objects.unscoped().exists()


def test_a_coordinator_cannot_choose_another_regions_category(client, tree, anna):
    client.force_login(anna)
    response = client.post(reverse("risk_analysis_create"), _form(tree, category=tree["imaging"].pk))
    assert response.status_code == 400 and not RiskAnalysis.objects.unscoped().exists()


def test_the_service_refuses_a_category_of_another_procurement_region(tree, bertil):
    analysis = RiskAnalysis(year=2024, category=tree["gowns"], product_area="x", procurement_region=tree["C"])
    with pytest.raises(ValidationError, match="ansvarar inte för kategorin"):
        services.save_analysis(acting_user=bertil, analysis=analysis, assessments={})


def test_the_workflow_goes_draft_review_published_with_history(client, draft_of_a, anna, kansliet):
    client.force_login(anna)
    client.post(reverse("risk_analysis_transition", args=[draft_of_a.pk, "submit"]))
    draft_of_a.refresh_from_db()
    assert draft_of_a.status == "review"
    assert client.get(reverse("risk_analysis_edit", args=[draft_of_a.pk])).status_code == 404  # no longer hers to edit
    client.post(reverse("risk_analysis_transition", args=[draft_of_a.pk, "publish"]))  # only the secretariat may
    draft_of_a.refresh_from_db()
    assert draft_of_a.status == "review"
    client.force_login(kansliet)
    client.post(reverse("risk_analysis_transition", args=[draft_of_a.pk, "publish"]), {"public": "1"})
    draft_of_a.refresh_from_db()
    assert (draft_of_a.status, draft_of_a.visibility) == ("published", Visibility.PUBLIC)
    assert [h.history_user for h in draft_of_a.history.all()[:2]] == [kansliet, anna]


def test_the_secretariat_returns_an_analysis_to_its_authors(draft_of_a, anna, kansliet):
    services.submit_for_review(acting_user=anna, analysis=draft_of_a)
    services.return_to_draft(acting_user=kansliet, analysis=draft_of_a)
    assert draft_of_a.status == "draft" and draft_of_a.visibility == Visibility.RESTRICTED


def test_an_analysis_without_a_matrix_cannot_be_submitted(draft_of_a, anna):
    draft_of_a.assessments.all().delete()
    with pytest.raises(ValidationError, match="riskmatrisen"):
        services.submit_for_review(acting_user=anna, analysis=draft_of_a)


def test_only_a_reviewed_analysis_is_published(draft_of_a, kansliet):
    with pytest.raises(ValidationError):
        services.publish(acting_user=kansliet, analysis=draft_of_a)


def test_a_coordinator_of_c_cannot_see_or_edit_a_draft_of_a(client, draft_of_a, request):
    from regions.access import Role
    from tests.factories import member, procurement_region

    cecilia = member(Role.COORDINATOR, procurement_region=procurement_region("C"))
    client.force_login(cecilia)
    for url in (
        reverse("risk_analysis_detail", args=[draft_of_a.pk]),
        reverse("risk_analysis_edit", args=[draft_of_a.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("risk_analysis_transition", args=[draft_of_a.pk, "submit"])).status_code == 404
    assert client.post(reverse("risk_analysis_edit", args=[draft_of_a.pk]), {"year": "1999"}).status_code == 404
    draft_of_a.refresh_from_db()
    assert draft_of_a.status == "draft" and draft_of_a.year == 2024


def test_a_published_analysis_of_a_is_read_by_everyone_but_edited_by_no_coordinator(client, published_of_a, bertil):
    client.force_login(bertil)
    assert client.get(reverse("risk_analysis_detail", args=[published_of_a.pk])).status_code == 200
    assert client.get(reverse("risk_analysis_edit", args=[published_of_a.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("public_risk_analysis", args=[published_of_a.pk])).status_code == 200
