"""The demo's supplier contact persons: printed by seed_demo with the demo password, each with its
supplier in a state of the loop (a questionnaire to answer, answers returned for completion, an
open deviation without a plan), seeded once, and nothing of the years before changed."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from base.registry import METRICS
from regions import demo as regions_demo
from regions.access import Role, get_scope, is_supplier_contact
from regions.demo import DEMO_PASSWORD
from regions.models import Membership, User
from revisioner.access import supplier_ids_of
from revisioner.models import Audit, CorrectiveAction, Deviation, Supplier, SupplierContact, SupplierMessage
from sjalvskattning import demo
from sjalvskattning.models import Answer, AnswerEvidence, Request

pytestmark = pytest.mark.django_db

SUPPLIERS = {email: supplier for email, _name, _title, supplier, _what, _state in demo.CONTACTS}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The demo's evidence file is stored where the test can throw it away."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def seeded(demo_programme):
    """The demo of every app before this one (with the regions' accounts), then this one."""
    regions_demo.seed()
    return demo.seed()


def _request(email) -> Request:
    return Request.objects.unscoped().get(supplier__name=SUPPLIERS[email])


def _rows() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "memberships": Membership.objects.unscoped().count(),
        "contacts": SupplierContact.objects.count(),
        "requests": Request.objects.unscoped().count(),
        "answers": Answer.objects.unscoped().count(),
        "answered": Answer.objects.unscoped().exclude(value="").count(),
        "evidence": AnswerEvidence.objects.count(),
        "audits": Audit.objects.unscoped().count(),
        "deviations": Deviation.objects.unscoped().count(),
        "actions": CorrectiveAction.objects.unscoped().count(),
        "messages": SupplierMessage.objects.count(),
    }


def test_seed_demo_prints_each_supplier_contact_on_its_own_line_and_seeding_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    rows = _rows()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _rows() == rows
    assert f"password: {DEMO_PASSWORD}" in out.getvalue()
    lines = [line for line in out.getvalue().splitlines() if "leverantör " in line]
    assert len(lines) == 3
    for email, supplier in SUPPLIERS.items():
        (line,) = [line for line in lines if email in line]
        assert supplier in line
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD) and user.is_active
        # A supplier's contact person: not a member of the cooperation, answering for this supplier.
        assert is_supplier_contact(user) and not get_scope(user).roles
        assert supplier_ids_of(user) == {Supplier.objects.get(name=supplier).pk}
        assert list(Membership.objects.unscoped().filter(user=user).values_list("role", flat=True)) == [
            Role.SUPPLIER_CONTACT
        ]


def test_the_first_has_a_questionnaire_to_answer_due_in_a_few_weeks(seeded):
    email = demo.CONTACTS[0][0]
    request = _request(email)
    today = timezone.localdate()
    assert request.status == Request.Status.SENT
    assert today + datetime.timedelta(days=7) <= request.due_on <= today + datetime.timedelta(days=42)
    assert request.sent_by.email == f"samordnare.{request.procurement_region.letter.lower()}@hallbar.example"
    assert request.answers.unscoped().count() == request.template.criteria.count() > 0
    assert not request.answers.unscoped().exclude(value="").exists()
    user = User.objects.get(email=email)
    assert list(Request.objects.for_supplier_contact(user)) == [request]
    assert SupplierMessage.objects.filter(supplier=request.supplier, kind="request_sent").count() == 1


def test_the_second_has_one_answer_returned_for_completion_with_a_comment(seeded):
    email = demo.CONTACTS[1][0]
    request = _request(email)
    assert request.status == Request.Status.RETURNED and request.submitted_at is not None
    answers = request.answers.unscoped()
    assert not answers.filter(value="").exists()
    (returned,) = answers.filter(review=Answer.Review.NEEDS_COMPLETION)
    assert returned.criterion.number == demo.RETURNED_CRITERION and returned.review_comment == demo.RETURNED_COMMENT
    assert returned.editable_by_supplier
    assert answers.filter(review=Answer.Review.ACCEPTED).count() == answers.count() - 1
    (evidence,) = AnswerEvidence.objects.filter(answer__request=request)
    assert (evidence.name, evidence.content_type) == (demo.EVIDENCE_NAME, "application/pdf")
    assert evidence.file.open("rb").read().startswith(b"%PDF-")
    assert SupplierMessage.objects.filter(supplier=request.supplier, kind="request_returned").exists()


def test_the_third_has_an_open_deviation_of_this_year_and_no_plan(seeded):
    email = demo.CONTACTS[2][0]
    request = _request(email)
    assert request.status == Request.Status.REVIEWED and request.valid_until > timezone.localdate()
    audit = request.audit
    assert (audit.kind, audit.status, audit.year) == (
        Audit.Kind.SELF_ASSESSMENT,
        Audit.Status.AWAITING_ACTIONS,
        timezone.localdate().year,
    )
    (deviation,) = audit.deviations.unscoped()
    assert deviation.status == Deviation.Status.OPEN and deviation.severity == Deviation.Severity.MAJOR
    assert deviation.answer.criterion.number == demo.NOT_MET_CRITERION
    user = User.objects.get(email=email)
    assert list(Deviation.objects.for_supplier_contact(user).filter(status=Deviation.Status.OPEN)) == [deviation]
    assert not CorrectiveAction.objects.for_supplier_contact(user).filter(deviation=deviation).exists()
    assert SupplierMessage.objects.filter(supplier=request.supplier, kind="deviation_opened").exists()


def test_the_figures_of_the_years_before_do_not_change_and_seeding_again_changes_nothing(demo_programme):
    regions_demo.seed()
    years = [2022, 2023, 2024, 2025]
    before = {key: metric.values(years) for key, metric in METRICS.items()}
    audits = {year: Audit.objects.unscoped().filter(year=year).count() for year in years}
    accounts = demo.seed()
    assert {key: metric.values(years) for key, metric in METRICS.items()} == before
    assert {year: Audit.objects.unscoped().filter(year=year).count() for year in years} == audits
    rows = _rows()
    assert demo.seed() == accounts
    assert _rows() == rows
    assert [email for email, _what in accounts] == list(SUPPLIERS)


def test_without_the_audits_demo_there_is_nothing_to_seed(reference):
    assert demo.seed() == []
    assert not Request.objects.unscoped().exists()
