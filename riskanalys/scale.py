"""Risk analysis at national scale: a tree of 2 000 categories and 300 analyses with their matrices."""

import random

from regions.access import Visibility
from regions.models import ProcurementRegion
from riskanalys.models import Category, CategoryPriority, Dimension, RiskAnalysis, RiskAssessment

CATEGORIES = {"national": 2_000, "small": 100}
ANALYSES = {"national": 300, "small": 15}


def generate_scale_data(scale):
    randomiser = random.Random(3)
    created = _categories(CATEGORIES[scale], randomiser)
    analyses = _analyses(ANALYSES[scale], randomiser)
    return [
        ("categories", created, Category.objects.count()),
        ("risk analyses", analyses, RiskAnalysis.objects.unscoped().count()),
    ]


def _categories(target, randomiser) -> int:
    """Roots of 20 children each, a third of them with a child of their own, up to ``target``."""
    existing = Category.objects.filter(name__startswith="Skalkategori").count()
    letters = list(ProcurementRegion.objects.all())
    created, number = 0, existing
    while existing + created < target:
        root = Category.objects.add_root({"name": f"Skalkategori {number:05d}"})
        root.procurement_regions.add(randomiser.choice(letters))
        created, number = created + 1, number + 1
        for _child in range(20):
            if existing + created >= target:
                break
            child = Category.objects.add_child(root, {"name": f"Skalkategori {number:05d}"})
            child.procurement_regions.add(randomiser.choice(letters))
            root.refresh_from_db()
            created, number = created + 1, number + 1
        CategoryPriority.objects.get_or_create(category=root, start_year=2023, end_year=2025)
    return created


def _analyses(target, randomiser) -> int:
    existing = RiskAnalysis.objects.unscoped().filter(product_area__startswith="Skalanalys").count()
    categories = list(Category.objects.filter(name__startswith="Skalkategori").prefetch_related("procurement_regions"))
    regions = list(ProcurementRegion.objects.all())
    for number in range(existing, target):
        category = randomiser.choice(categories)
        published = number % 3 != 0
        analysis = RiskAnalysis.objects.create(
            year=randomiser.randint(2011, 2025),
            category=category,
            product_area=f"Skalanalys {number:04d}",
            procurement_region=(list(category.procurement_regions.all()) or regions)[0],
            status=RiskAnalysis.Status.PUBLISHED if published else RiskAnalysis.Status.DRAFT,
            visibility=Visibility.PUBLIC if published else Visibility.RESTRICTED,
        )
        RiskAssessment.objects.bulk_create(
            RiskAssessment(analysis=analysis, dimension=dimension, likelihood=randomiser.randint(1, 5),
                           severity=randomiser.randint(1, 5))
            for dimension in Dimension.values
        )  # fmt: skip
    return max(target - existing, 0)
