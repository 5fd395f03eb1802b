"""Self-assessments at national scale (issue 16): 5 000 questionnaires sent to the generated
suppliers of revisioner/scale.py, with 50 000 answers (ten a request), spread over the states of a
request, and a contact person for some of the suppliers.

Reviewed requests are the reviews of the generated self-assessment audits (the audit a completed
review creates); when those run out, the rest of the reviewed share is withdrawn instead. A supplier
has one open request after a template, as the database requires. Written in bulk, not through the
services (which would send 5 000 mails and stamp every step with today's date).

Generated rows are recognisable: the requests are those of the generated suppliers ("Skalleverantör
NNNNN") and the contact persons have e-mail addresses ``kontakt-NNNNN@skaldata.example``. Each step
creates only what is missing, so running again tops up instead of duplicating; the same scale gives
the same rows (open requests are dated back from today).
"""

import datetime
import math

from django.contrib.auth.hashers import make_password
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from krav.models import Clause
from regions.access import Role
from regions.demo import DEMO_PASSWORD
from regions.models import Membership, ProcurementRegion, User
from revisioner.demo.seeder import at_noon
from revisioner.models import AssessmentTemplate, Audit, Criterion, Deviation, Rating, Supplier, SupplierContact
from revisioner.scale import SUPPLIER_PREFIX
from revisioner.services import adopted_template
from riskanalys.models import Category
from sjalvskattning.models import Answer, Request
from sjalvskattning.services import months_later

REQUESTS = {"national": 5_000, "small": 100}
ANSWERS_PER_REQUEST = 10
CONTACTS = {"national": 500, "small": 20}
BATCH_SIZE = 1000
CONTACT_PREFIX, CONTACT_DOMAIN = "kontakt-", "@skaldata.example"
SCALE_TEMPLATE = "Skalmall självskattning"
Status = Request.Status
# The state of request number n is STATUS_CYCLE[n % 20]: a quarter waiting for the supplier,
# a quarter with the reviewers (or returned to the supplier), four in ten reviewed, the rest withdrawn.
STATUS_CYCLE = [
    *[Status.SENT] * 5, *[Status.SUBMITTED] * 3, *[Status.RETURNED] * 2, *[Status.REVIEWED] * 8,
    *[Status.CANCELLED] * 2,
]  # fmt: skip
STRIDE = 7919  # spreads the request numbers over the suppliers


def generate_scale_data(scale):
    generated = Request.objects.unscoped().filter(supplier__name__startswith=SUPPLIER_PREFIX)
    requests, answers = _Requests().generate(REQUESTS[scale], generated)
    contacts = _contacts(CONTACTS[scale], generated)
    scale_contacts = SupplierContact.objects.filter(
        user__email__startswith=CONTACT_PREFIX, user__email__endswith=CONTACT_DOMAIN
    )
    return [
        ("self-assessment requests", requests, generated.count()),
        ("self-assessment answers", answers, Answer.objects.unscoped().filter(request__in=generated).count()),
        ("supplier contacts", contacts, scale_contacts.count()),
    ]


def _template(generated) -> tuple[AssessmentTemplate | None, list[Criterion]]:
    """The template of the requests generated before; else the adopted one when it has ten criteria;
    else a template of ten criteria of its own (retired: an earlier version nobody answers now)."""
    first = generated.order_by("pk").select_related("template").first()
    template = first.template if first else adopted_template()
    if template is not None:
        criteria = list(template.criteria.order_by("pk")[:ANSWERS_PER_REQUEST])
        if len(criteria) == ANSWERS_PER_REQUEST or first is not None:
            return template, criteria
    template = AssessmentTemplate.objects.filter(name=SCALE_TEMPLATE).first()
    if template is None:
        clauses = list(Clause.objects.filter(criteria__isnull=False).distinct().order_by("pk")) or list(
            Clause.objects.order_by("pk")[:ANSWERS_PER_REQUEST]
        )
        if not clauses:
            return None, []
        version = (AssessmentTemplate.objects.aggregate(last=Max("version"))["last"] or 0) + 1
        template = AssessmentTemplate.objects.create(
            name=SCALE_TEMPLATE, version=version, status=AssessmentTemplate.Status.RETIRED, adopted_at=timezone.now()
        )
        Criterion.objects.bulk_create(
            Criterion(
                template=template,
                clause=clauses[number % len(clauses)],
                number=f"{number + 1}.1",
                text=f"Skalkriterium {number + 1}",
            )
            for number in range(ANSWERS_PER_REQUEST)
        )
    return template, list(template.criteria.order_by("pk")[:ANSWERS_PER_REQUEST])


class _Requests:
    def generate(self, target, generated) -> tuple[int, int]:
        existing = generated.count()
        if existing >= target:
            return 0, 0
        self.template, self.criteria = _template(generated)
        self.suppliers = list(
            Supplier.objects.filter(name__startswith=SUPPLIER_PREFIX).order_by("pk").values_list("pk", flat=True)
        )
        self.categories = _categories()
        if self.template is None or not self.suppliers or not self.categories:
            return 0, 0
        self.stride = next(step for step in range(STRIDE, STRIDE + 100) if math.gcd(step, len(self.suppliers)) == 1)
        self.now, self.today = timezone.now(), timezone.localdate()
        self.busy = set(
            Request.objects.unscoped().open().filter(template=self.template).values_list("supplier_id", flat=True)
        )
        self.reviewable = list(
            Audit.objects.unscoped()
            .filter(
                kind=Audit.Kind.SELF_ASSESSMENT,
                status__in=(Audit.Status.CLOSED, Audit.Status.AWAITING_ACTIONS),
                performed_on__isnull=False,
                self_assessment__isnull=True,
                supplier__name__startswith=SUPPLIER_PREFIX,
            )
            .order_by("pk")
            .values_list("pk", "supplier_id", "category_id", "procurement_region_id", "performed_on")
        )
        self.reviewable.reverse()  # popped from the end: the oldest audits first
        self.regions = list(ProcurementRegion.objects.order_by("letter").values_list("pk", flat=True))
        self.coordinators = dict(
            Membership.objects.unscoped()
            .filter(role=Role.COORDINATOR, user__is_active=True)
            .order_by("-user_id")
            .values_list("procurement_region_id", "user_id")
        )
        requests = [self._request(number) for number in range(existing, target)]
        Request.objects.bulk_create(requests, batch_size=BATCH_SIZE)
        asking = Request.asked_by.through
        asking.objects.bulk_create(
            (
                asking(request_id=request.pk, procurementregion_id=region)
                for request in requests
                for region in request.asking
            ),
            batch_size=BATCH_SIZE,
        )
        answers = [answer for request in requests for answer in self._answers(request)]
        Answer.objects.bulk_create(answers, batch_size=BATCH_SIZE)
        return len(requests), len(answers)

    def _request(self, number) -> Request:
        status = STATUS_CYCLE[number % len(STATUS_CYCLE)]
        if status == Status.REVIEWED:
            if self.reviewable:
                return self._reviewed(number, *self.reviewable.pop())
            status = Status.CANCELLED
        supplier_id = self.suppliers[number * self.stride % len(self.suppliers)]
        if status in Request.OPEN_STATES:
            if supplier_id in self.busy:
                status = Status.CANCELLED
            else:
                self.busy.add(supplier_id)
        category_id, leader_id = self.categories[number % len(self.categories)]
        if status == Status.CANCELLED:
            sent_at = self.now - datetime.timedelta(days=120 + number % 200)
        else:
            sent_at = self.now - datetime.timedelta(days=3 + number * 13 % 90)
        age = (self.now - sent_at).days
        request = Request(
            supplier_id=supplier_id, template=self.template, category_id=category_id, procurement_region_id=leader_id,
            status=status, due_on=sent_at.date() + datetime.timedelta(days=30), sent_at=sent_at,
            sent_by_id=self.coordinators.get(leader_id),
        )  # fmt: skip
        if status in (Status.SUBMITTED, Status.RETURNED):
            request.submitted_at = sent_at + datetime.timedelta(days=age * 2 // 3)
        request.number, request.reviewed_on = number, sent_at + datetime.timedelta(days=age * 5 // 6)
        request.asking = self._asking(number, leader_id)
        return request

    def _reviewed(self, number, audit_id, supplier_id, category_id, leader_id, performed_on) -> Request:
        """The review that became the self-assessment audit ``audit_id``, performed on ``performed_on``."""
        reviewed_at = at_noon(performed_on)
        request = Request(
            supplier_id=supplier_id, template=self.template, category_id=category_id, procurement_region_id=leader_id,
            status=Status.REVIEWED, due_on=performed_on - datetime.timedelta(days=15),
            sent_at=reviewed_at - datetime.timedelta(days=45), submitted_at=reviewed_at - datetime.timedelta(days=20),
            reviewed_at=reviewed_at, reviewed_by_id=self.coordinators.get(leader_id), audit_id=audit_id,
            valid_until=months_later(performed_on, self.template.valid_months),
            sent_by_id=self.coordinators.get(leader_id),
        )  # fmt: skip
        request.number, request.reviewed_on = number, reviewed_at
        request.asking = self._asking(number, leader_id)
        return request

    def _asking(self, number, leader_id) -> list[int]:
        """The leading procurement region; every fourth request was asked for by a second one too (merged)."""
        others = [region for region in self.regions if region != leader_id]
        return [leader_id, others[number % len(others)]] if number % 4 == 0 and others else [leader_id]

    def _answers(self, request) -> list[Answer]:
        number, status = request.number, request.status
        answered = {
            Status.SENT: number % (ANSWERS_PER_REQUEST + 1),
            Status.CANCELLED: number % 6,
        }.get(status, ANSWERS_PER_REQUEST)
        answered_at = request.submitted_at or request.sent_at + datetime.timedelta(days=1)
        answers = []
        for position, criterion in enumerate(self.criteria):
            answer = Answer(request=request, criterion=criterion)
            if position < answered:
                answer.value = _value(number, position)
                answer.text = f"Svar på kriterium {criterion.number} (skaldata)."
                answer.answered_at = answered_at
            review = _review(status, answer.value, number, position)
            if review != Answer.Review.PENDING:
                answer.review, answer.reviewed_at = review, request.reviewed_on
                answer.reviewed_by_id = request.reviewed_by_id or request.sent_by_id
            if review == Answer.Review.NEEDS_COMPLETION:
                answer.review_comment = "Komplettera svaret med underlag (skaldata)."
            elif review == Answer.Review.NOT_MET:
                answer.review_comment = "Kriteriet uppfylls inte (skaldata)."
                answer.severity = Deviation.Severity.MAJOR
            answers.append(answer)
        return answers


def _value(number, position) -> str:
    """Mostly "meets"; one in five "partly", one in twenty "does not meet" or "not applicable"."""
    draw = (number * 31 + position * 17) % 20
    if draw == 0:
        return Rating.Value.DOES_NOT_MEET
    if draw == 1:
        return Rating.Value.NOT_APPLICABLE
    return Rating.Value.PARTLY if draw < 6 else Rating.Value.MEETS


def _review(status, value, number, position) -> str:
    if status == Status.REVIEWED:
        return Answer.Review.NOT_MET if value in Rating.DEVIATING else Answer.Review.ACCEPTED
    if status == Status.RETURNED:
        return Answer.Review.NEEDS_COMPLETION if position == number % ANSWERS_PER_REQUEST else Answer.Review.ACCEPTED
    return Answer.Review.PENDING


def _categories() -> list[tuple[int, int]]:
    """(category, the procurement region leading it): the first responsible, else one in turn."""
    regions = list(ProcurementRegion.objects.order_by("letter").values_list("pk", flat=True))
    led = []
    for position, category in enumerate(Category.objects.prefetch_related("procurement_regions").order_by("pk")):
        responsible = sorted(category.procurement_regions.all(), key=lambda region: region.letter)
        led.append((category.pk, responsible[0].pk if responsible else regions[position % len(regions)]))
    return led


def _contacts(target, generated) -> int:
    """A contact person for the suppliers of the first open requests (their start page has
    something on it), with the demo password; one hash for all, as the generated members."""
    existing = set(
        User.objects.filter(email__startswith=CONTACT_PREFIX, email__endswith=CONTACT_DOMAIN).values_list(
            "email", flat=True
        )
    )
    suppliers = []
    for supplier_id in generated.open().order_by("pk").values_list("supplier_id", flat=True)[: target * 2]:
        if supplier_id not in suppliers:
            suppliers.append(supplier_id)
    emails = [(f"{CONTACT_PREFIX}{number:05d}{CONTACT_DOMAIN}", number) for number in range(1, target + 1)]
    missing = [(email, number) for email, number in emails if email not in existing][: len(suppliers)]
    if not missing:
        return 0
    password = make_password(DEMO_PASSWORD)
    bulk_create_with_history(
        [
            User(email=email, name=f"Leverantörskontakt {number:05d}", title="Hållbarhetsansvarig", password=password)
            for email, number in missing
        ],
        User,
        batch_size=BATCH_SIZE,
    )
    users = list(User.objects.filter(email__in=[email for email, _number in missing]).order_by("email"))
    bulk_create_with_history(
        [Membership(user=user, role=Role.SUPPLIER_CONTACT) for user in users], Membership, batch_size=BATCH_SIZE
    )
    numbers = dict(missing)
    bulk_create_with_history(
        [
            SupplierContact(user=user, supplier_id=suppliers[(numbers[user.email] - 1) % len(suppliers)])
            for user in users
        ],
        SupplierContact,
        batch_size=BATCH_SIZE,
    )
    return len(users)
