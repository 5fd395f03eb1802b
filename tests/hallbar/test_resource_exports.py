"""Every import-export resource's download is formula-safe, not only the audit ones."""

import pytest

from riskanalys.models import Category
from riskanalys.resources import CategoryResource

pytestmark = pytest.mark.django_db


def test_the_category_export_escapes_a_name_that_starts_like_a_formula(reference):
    Category.objects.add_root({"name": "=SUM(A1:A9)", "description": "@risk"})
    csv = CategoryResource().export().csv
    assert "'=SUM(A1:A9)" in csv
    assert "'@risk" in csv
