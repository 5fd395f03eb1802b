import pytest

from regions.access import Visibility
from regions.models import ProcurementRegion
from riskanalys.models import Category, RiskAnalysis, RiskAssessment


@pytest.fixture
def tree(reference):
    """Two roots: a category of A with a child, and a category of C."""
    a, c = ProcurementRegion.objects.get(letter="A"), ProcurementRegion.objects.get(letter="C")
    paper = Category.objects.add_root({"name": "Vårdrelaterad papper & plast"})
    paper.procurement_regions.add(a)
    gowns = Category.objects.add_child(paper, {"name": "Skyddsrockar"})
    gowns.procurement_regions.add(a)
    imaging = Category.objects.add_root({"name": "MT-bild och funktion"})
    imaging.procurement_regions.add(c)
    return {"paper": Category.objects.get(pk=paper.pk), "gowns": gowns, "imaging": imaging, "A": a, "C": c}


@pytest.fixture
def draft_of_a(tree, anna):
    analysis = RiskAnalysis.objects.create(
        year=2024, category=tree["gowns"], product_area="Skyddsrockar", procurement_region=tree["A"], created_by=anna
    )
    RiskAssessment.objects.create(analysis=analysis, dimension="labour_rights", likelihood=4, severity=5)
    return analysis


@pytest.fixture
def published_of_a(draft_of_a):
    draft_of_a.status, draft_of_a.visibility = RiskAnalysis.Status.PUBLISHED, Visibility.PUBLIC
    draft_of_a.save()
    return draft_of_a
