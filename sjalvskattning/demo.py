"""Demo data of self-assessments: three suppliers of the audits demo (revisioner/demo/) with a
contact person each, and each in a state of the loop the contact person can take from there:

- Abena A/S (a Danish supplier: the English pages) has a questionnaire to answer, sent by the
  coordinator of its procurement region and due in three weeks;
- Medi Sweden AB answered and submitted; the coordinator returned one answer (the supply-chain
  risk analysis) for completion with a comment, so it is the supplier's turn again;
- Secma AB's answers were reviewed: one answer did not meet the criterion, so the review's audit
  ("Granskning av självskattning") awaits corrective actions, with an open deviation and no plan.

Everything goes through the services (sjalvskattning.services, revisioner's through them), so the
states, the history and the messages to the supplier are real; the dates are today's. Nothing of
2023 and 2024 changes: the audit the review creates is of the current year. Idempotent: a contact
person is created once, and a supplier that has a request after the template is left as it is.
The messages to the suppliers are mailed as every demo mail is (the console, or locmem in tests).

``seed()`` is what ``manage.py seed_demo`` calls; it returns the accounts to print.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from regions.access import Role
from regions.demo import DEMO_DOMAIN, DEMO_PASSWORD
from regions.models import Membership, User
from revisioner.models import Contract, Deviation, Supplier, SupplierContact
from revisioner.services import adopted_template
from sjalvskattning import services
from sjalvskattning.models import Answer, Request

# (e-mail, name, title, supplier, what the account demonstrates, the state it is brought to)
CONTACTS = [
    (
        f"leverantor.abena@{DEMO_DOMAIN}",
        "Mette Kjær",
        "Sustainability Manager",
        "Abena A/S",
        "självskattning att besvara",
        "to_answer",
    ),
    (
        f"leverantor.medi@{DEMO_DOMAIN}",
        "Jonas Wallin",
        "Kvalitets- och miljöchef",
        "Medi Sweden AB",
        "svar återsänt för komplettering",
        "returned",
    ),
    (
        f"leverantor.secma@{DEMO_DOMAIN}",
        "Linnea Holm",
        "Hållbarhetsansvarig",
        "Secma AB",
        "öppen avvikelse, åtgärdsplan att skicka",
        "deviation",
    ),
]

DUE_IN_DAYS = {"to_answer": 21, "returned": 14, "deviation": 14}

# The answers the suppliers wrote, by criterion; a criterion not named is answered "meets" with
# the first kind of documentation the template asks for.
RETURNED_CRITERION = "5.2"
RETURNED_TEXT = "Vi har en riskanalys av leveranskedjan som uppdateras varje år."
RETURNED_COMMENT = (
    "Bifoga riskanalysen med metodbeskrivning och prioriteringslista. Av svaret framgår inte vilka "
    "risker ni har prioriterat eller hur."
)
EVIDENCE_CRITERION = "3.1"
EVIDENCE_NAME = "ISO 14001-certifikat.pdf"
NOT_MET_CRITERION = "7.1"
NOT_MET_TEXT = "Vi har en rutin för avvikelser i den egna produktionen. Den omfattar ännu inte underleverantörerna."
NOT_MET_COMMENT = (
    "Rutinen för avvikelser omfattar inte underleverantörerna, och avvikelser följs inte upp med "
    "tidsatta åtgärdsplaner. Ta fram en rutin för avvikelser hos underleverantörer med ansvar och datum."
)


@transaction.atomic
def seed() -> list[tuple[str, str]]:
    """The contact persons and their self-assessments; returns (e-mail, what the account is) to print."""
    template = adopted_template()
    if template is None or not template.criteria.exists():
        return []  # the audits demo brings the template the questionnaire is built from
    accounts = []
    for email, name, title, supplier_name, what, state in CONTACTS:
        supplier = Supplier.objects.filter(name=supplier_name).first()
        contract = (
            Contract.objects.unscoped()
            .filter(supplier=supplier)
            .select_related("procurement_region", "category")
            .order_by("pk")
            .first()
        )
        coordinator = _coordinator(contract.procurement_region) if contract else None
        if coordinator is None:
            continue  # the audits demo and the regions' accounts come first (seed_demo's order)
        contact = _contact(email, name, title, supplier, invited_by=coordinator)
        if not Request.objects.unscoped().filter(supplier=supplier, template=template).exists():
            STATES[state](coordinator, contact, contract, template)
        accounts.append((email, f"leverantör {supplier.name} (supplier_contact): {what}"))
    return accounts


def _coordinator(procurement_region) -> User | None:
    """The demo coordinator of the procurement region (regions/demo.py), else the secretariat."""
    for role, where in ((Role.COORDINATOR, {"procurement_region": procurement_region}), (Role.SECRETARIAT, {})):
        membership = (
            Membership.objects.unscoped()
            .filter(role=role, user__is_active=True, **where)
            .select_related("user")
            .order_by("user__pk")
            .first()
        )
        if membership is not None:
            return membership.user
    return None


def _contact(email, name, title, supplier, *, invited_by) -> User:
    """A supplier's contact person with the demo password (as regions/demo.py's accounts)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, name=name, title=title, invited_by=invited_by)
    Membership.objects.unscoped().get_or_create(user=user, role=Role.SUPPLIER_CONTACT)
    SupplierContact.objects.get_or_create(user=user, supplier=supplier, defaults={"invited_by": invited_by})
    return user


def _send(coordinator, contract, template, state) -> Request:
    request, _created = services.send_request(
        acting_user=coordinator,
        supplier=contract.supplier,
        category=contract.category,
        procurement_region=contract.procurement_region,
        due_on=timezone.localdate() + datetime.timedelta(days=DUE_IN_DAYS[state]),
        template=template,
    )
    return request


def _answer_all(contact, request, special: dict[str, tuple[str, str]]) -> dict[str, Answer]:
    """Answer every criterion, "meets" unless ``special`` says {number: (value, text)}; submit."""
    answers = {}
    for answer in request.answers.unscoped().select_related("criterion").order_by("criterion__number"):
        criterion = answer.criterion
        documentation = criterion.documentation.split(",")[0].strip().rstrip(".")
        value, text = special.get(
            criterion.number,
            (Answer.Value.MEETS, f"Se bifogat underlag: {documentation.lower()}." if documentation else "Uppfylls."),
        )
        answers[criterion.number] = services.save_answer(acting_user=contact, answer=answer, value=value, text=text)
    return answers


def to_answer(coordinator, contact, contract, template) -> Request:
    """(a) A questionnaire sent, nothing answered yet."""
    return _send(coordinator, contract, template, "to_answer")


def returned(coordinator, contact, contract, template) -> Request:
    """(b) Answered with a file, submitted; one answer returned for completion with a comment."""
    request = _send(coordinator, contract, template, "returned")
    answers = _answer_all(contact, request, {RETURNED_CRITERION: (Answer.Value.MEETS, RETURNED_TEXT)})
    if EVIDENCE_CRITERION in answers:
        services.add_answer_evidence(
            acting_user=contact, answer=answers[EVIDENCE_CRITERION], upload=_pdf(EVIDENCE_NAME, "ISO 14001:2015")
        )
    services.submit_request(acting_user=contact, request=request)
    for number, answer in answers.items():
        if number == RETURNED_CRITERION:
            services.review_answer(
                acting_user=coordinator, answer=answer, review=Answer.Review.NEEDS_COMPLETION, comment=RETURNED_COMMENT
            )
        else:
            services.review_answer(acting_user=coordinator, answer=answer, review=Answer.Review.ACCEPTED)
    if RETURNED_CRITERION not in answers:  # a template without the criterion: return the first
        first = next(iter(answers.values()))
        services.review_answer(
            acting_user=coordinator, answer=first, review=Answer.Review.NEEDS_COMPLETION, comment=RETURNED_COMMENT
        )
    return services.return_for_completion(acting_user=coordinator, request=request)


def deviation(coordinator, contact, contract, template) -> Request:
    """(c) Answered and reviewed: one answer not met, so the review's audit awaits the supplier's
    corrective-action plan for an open (major) deviation."""
    request = _send(coordinator, contract, template, "deviation")
    answers = _answer_all(contact, request, {NOT_MET_CRITERION: (Answer.Value.PARTLY, NOT_MET_TEXT)})
    services.submit_request(acting_user=contact, request=request)
    not_met = answers.get(NOT_MET_CRITERION) or next(iter(answers.values()))
    for answer in answers.values():
        if answer.pk == not_met.pk:
            services.review_answer(
                acting_user=coordinator,
                answer=answer,
                review=Answer.Review.NOT_MET,
                comment=NOT_MET_COMMENT,
                severity=Deviation.Severity.MAJOR,
            )
        else:
            services.review_answer(acting_user=coordinator, answer=answer, review=Answer.Review.ACCEPTED)
    services.complete_review(acting_user=coordinator, request=request)
    return request


STATES = {"to_answer": to_answer, "returned": returned, "deviation": deviation}


def _pdf(name: str, line: str) -> SimpleUploadedFile:
    """A one-page PDF saying ``line`` (ASCII), as a supplier's scanned certificate would arrive."""
    text = line.encode("ascii", "replace").replace(b"(", b"").replace(b")", b"")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    content, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(content))
        content += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(content)
    content += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    content += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    content += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return SimpleUploadedFile(name, content, content_type="application/pdf")
