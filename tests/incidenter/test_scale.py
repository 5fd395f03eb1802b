"""Scale data: cases over 15 years, topped up rather than duplicated when run again."""

import pytest

from incidenter import scale
from incidenter.models import Incident, InvolvedParty, TimelineEntry
from regions.access import Visibility

pytestmark = pytest.mark.django_db


def test_scale_data_makes_cases_with_parties_and_timelines_once(reference):
    assert scale.generate_scale_data("small") == [("incident cases", 100, 100)]
    cases = Incident.objects.unscoped()
    assert InvolvedParty.objects.count() == 100 and TimelineEntry.objects.count() >= 200
    assert cases.filter(visibility=Visibility.CONFIDENTIAL).exists() and cases.filter(status="closed").exists()
    assert not cases.filter(status="closed", summary="").exists()
    assert scale.generate_scale_data("small") == [("incident cases", 0, 100)]
