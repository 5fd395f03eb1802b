"""The report names the suppliers audited, as the published report names its 69, unless there are too
many to print: then it tells how many."""

import datetime

import pytest

from hallbar.report import compose
from revisioner import report
from revisioner.models import Audit, Supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_office_audits(audit_of):
    for number in range(3):
        audit = audit_of(
            supplier=Supplier.objects.create(
                name=f"Leverantör {number}", country="DE", foreign_identifier=f"DE00{number}"
            )
        )
        Audit.objects.unscoped().filter(pk=audit.pk).update(
            status=Audit.Status.CLOSED, performed_on=datetime.date(2024, 3, 1), year=2024
        )


def _audits_chapter(year=2024) -> str:
    return next(section.html for section in compose(year) if section.key == "audits")


def test_the_suppliers_are_named(three_office_audits):
    html = _audits_chapter()
    assert "har genomförts hos följande 3 leverantörer" in html
    assert "Leverantör 0" in html and "Leverantör 2" in html


def test_beyond_what_a_report_can_list_only_their_number_is_told(three_office_audits, monkeypatch):
    monkeypatch.setattr(report, "LISTED_NAMES", 2)
    html = _audits_chapter()
    assert "har genomförts hos 3 leverantörer, fler än rapporten räknar upp." in html
    assert "Leverantör 0" not in html
