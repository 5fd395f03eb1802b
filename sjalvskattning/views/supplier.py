"""The supplier's own pages: its start page, answering a questionnaire, evidence files.

Everything here is read through ``for_supplier_contact(user)``: the rows of the suppliers the person
answers for (revisioner.access.supplier_ids_of), an object of any other supplier answers 404. The
pages never show a contract value, an audit's internal notes, a rating's comment or another
supplier; of organisation numbers only those of the suppliers the person is a contact of."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from base.evidence import EvidenceForm, serve_evidence, upload_help
from base.forms import StaleEdit
from regions.access import Capability, security_log
from revisioner.access import supplier_ids_of
from revisioner.models import CorrectiveAction, Deviation, Supplier, SupplierContact, SupplierMessage
from revisioner.services.findings import ANSWERABLE_AUDIT_STATES
from revisioner.views.common import fail, seen_version
from sjalvskattning import services
from sjalvskattning.access import can_read_answers
from sjalvskattning.answer_forms import AnswerForm
from sjalvskattning.models import Answer, AnswerEvidence, Request

# How many messages of the history one page of the start page shows, and how many submitted
# questionnaires before "show all".
MESSAGES_PER_PAGE = 10
SUBMITTED_SHOWN = 10


# The start page --------------------------------------------------------------------------------


class StartView(TemplateView):
    """What is asked of the supplier now, with due dates, and the history of what it sent and what
    the coordinators answered. The number of queries does not grow with the rows."""

    capability = Capability.ANSWER_FOR_SUPPLIER
    template_name = "sjalvskattning/supplier/start.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        ids = supplier_ids_of(user)
        suppliers = list(
            Supplier.objects.filter(pk__in=ids)
            .annotate(own=Exists(SupplierContact.objects.filter(user=user.pk, supplier=OuterRef("pk"))))
            .order_by("name", "pk")
        )
        requests = Request.objects.for_supplier_contact(user).select_related("supplier", "template")
        to_answer = (
            requests.waiting_for_supplier()
            .annotate(
                criteria=Count("answers"),
                unanswered=Count("answers", filter=Q(answers__value="")),
                to_complete=Count("answers", filter=Q(answers__review=Answer.Review.NEEDS_COMPLETION)),
            )
            .order_by("due_on", "pk")
        )
        sent_plan = CorrectiveAction.objects.unscoped().filter(
            deviation=OuterRef("pk"), status__in=CorrectiveAction.PLAN_SENT
        )
        returned = CorrectiveAction.objects.unscoped().filter(status=CorrectiveAction.Status.RETURNED)
        to_plan = (
            Deviation.objects.for_supplier_contact(user)
            .open()
            .filter(audit__status__in=ANSWERABLE_AUDIT_STATES)
            .annotate(has_plan=Exists(sent_plan))
            .filter(has_plan=False)
            .select_related("audit__supplier", "clause")
            .prefetch_related(Prefetch("actions", queryset=returned.order_by("-pk"), to_attr="returned_plans"))
            .order_by("created_at", "pk")
        )
        to_implement = (
            CorrectiveAction.objects.for_supplier_contact(user)
            .filter(status=CorrectiveAction.Status.PLAN_RECEIVED, deviation__status=Deviation.Status.OPEN)
            .select_related("deviation__audit__supplier", "deviation__clause")
            .annotate(evidence_count=Count("evidence"))
            .order_by("due_on", "pk")
        )
        history = Paginator(
            SupplierMessage.objects.filter(supplier_id__in=ids).select_related("supplier"), MESSAGES_PER_PAGE
        ).get_page(self.request.GET.get("sida"))
        show_all = self.request.GET.get("inskickade") == "alla"
        submitted = (
            requests.filter(status__in=(Request.Status.SUBMITTED, Request.Status.REVIEWED))
            .annotate(
                accepted=Count("answers", filter=Q(answers__review=Answer.Review.ACCEPTED)),
                not_met=Count("answers", filter=Q(answers__review=Answer.Review.NOT_MET)),
            )
            .order_by("-submitted_at", "-pk")
        )
        submitted = list(submitted if show_all else submitted[: SUBMITTED_SHOWN + 1])
        more_submitted = not show_all and len(submitted) > SUBMITTED_SHOWN
        to_answer, to_plan, to_implement = list(to_answer), list(to_plan), list(to_implement)
        return super().get_context_data(
            own_suppliers=[supplier for supplier in suppliers if supplier.own],
            subsidiaries=[supplier for supplier in suppliers if not supplier.own],
            several_suppliers=len(suppliers) > 1,
            to_answer=to_answer,
            to_plan=to_plan,
            to_implement=to_implement,
            nothing_to_do=not (to_answer or to_plan or to_implement),
            history=history,
            submitted=submitted[:SUBMITTED_SHOWN] if more_submitted else submitted,
            more_submitted=more_submitted,
            **kwargs,
        )


# The questionnaire -----------------------------------------------------------------------------


def supplier_request_or_404(user, pk) -> Request:
    return get_object_or_404(Request.objects.for_supplier_contact(user).select_related("supplier", "template"), pk=pk)


def answer_url(answer) -> str:
    return f"{reverse('supplier_request', args=[answer.request_id])}#svar-{answer.pk}"


def questionnaire(http_request, request: Request, *, bound_form=None, status=200):
    """The questionnaire page: per criterion its question, guidance and examples of documentation,
    the answer (a form while it may be changed) and its files. ``bound_form`` is an answer's form
    shown again with the person's input (a refused save)."""
    user = http_request.user
    answers = list(
        Answer.objects.for_supplier_contact(user)
        .filter(request=request)
        .select_related("criterion__clause__version__requirement")
        .prefetch_related(Prefetch("evidence", queryset=AnswerEvidence.objects.order_by("uploaded_at", "pk")))
    )
    for answer in answers:
        answer.request = request
        answer.editable = answer.editable_by_supplier
        if not answer.editable:
            answer.form = None
        elif bound_form is not None and bound_form.instance.pk == answer.pk:
            answer.form = bound_form
        else:
            answer.form = AnswerForm(instance=answer)
    context = {
        "supplier_request": request,
        "answers": answers,
        "unanswered": sum(1 for answer in answers if not answer.value),
        "to_complete": sum(1 for answer in answers if answer.review == Answer.Review.NEEDS_COMPLETION),
        "returned": request.status == Request.Status.RETURNED,
        "reviewed": request.status == Request.Status.REVIEWED,
        "upload_form": EvidenceForm(),
        "upload_help": upload_help(),
    }
    return TemplateResponse(http_request, "sjalvskattning/supplier/request.html", context, status=status)


class RequestView(View):
    """One questionnaire. Answers are saved one at a time (``AnswerView``) until the supplier submits
    it; after that it is read-only, except the answers a coordinator returned for completion."""

    capability = Capability.ANSWER_FOR_SUPPLIER

    def get(self, request, pk):
        return questionnaire(request, supplier_request_or_404(request.user, pk))


class SupplierAnswerMixin:
    capability = Capability.ANSWER_FOR_SUPPLIER
    http_method_names = ["post"]

    def get_answer(self) -> Answer:
        return get_object_or_404(
            Answer.objects.for_supplier_contact(self.request.user).select_related("request__supplier", "criterion"),
            pk=self.kwargs["answer"],
            request_id=self.kwargs["pk"],
        )


class AnswerView(SupplierAnswerMixin, View):
    """Save one answer (a draft until the questionnaire is submitted); back to it on the page."""

    def post(self, request, pk, answer):
        answer = self.get_answer()
        form = AnswerForm(request.POST, instance=answer)
        if not form.is_valid():
            return questionnaire(request, answer.request, bound_form=form, status=400)
        try:
            services.save_answer(
                acting_user=request.user,
                answer=answer,
                value=form.cleaned_data["value"],
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
            )
        except StaleEdit as error:
            form.refuse_stale(error)
            return questionnaire(request, answer.request, bound_form=form, status=409)
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(
                request, _("Svaret på kriterium %(number)s är sparat.") % {"number": answer.criterion.number}
            )
        return redirect(answer_url(answer))


class AnswerEvidenceView(SupplierAnswerMixin, View):
    """A file sent with one answer. A refused file (type, size, name, empty) is named in a message
    and nothing is stored."""

    def post(self, request, pk, answer):
        answer = self.get_answer()
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["file"]))
            return redirect(answer_url(answer))
        try:
            evidence = services.add_answer_evidence(
                acting_user=request.user, answer=answer, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, _("Filen %(name)s är sparad som underlag.") % {"name": evidence.name})
        return redirect(answer_url(answer))


class AnswerEvidenceRemoveView(View):
    """Remove a file from an answer that may still be changed."""

    capability = Capability.ANSWER_FOR_SUPPLIER
    http_method_names = ["post"]

    def post(self, request, pk):
        answers = Answer.objects.for_supplier_contact(request.user)
        evidence = get_object_or_404(
            AnswerEvidence.objects.select_related("answer__request").filter(answer__in=answers), pk=pk
        )
        answer, name = evidence.answer, evidence.name
        try:
            services.remove_answer_evidence(acting_user=request.user, evidence=evidence)
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(request, _("Filen %(name)s är borttagen.") % {"name": name})
        return redirect(answer_url(answer))


class SubmitView(View):
    """Send the answers for review, once; the page is read-only afterwards."""

    capability = Capability.ANSWER_FOR_SUPPLIER
    http_method_names = ["post"]

    def post(self, request, pk):
        supplier_request = supplier_request_or_404(request.user, pk)
        try:
            services.submit_request(
                acting_user=request.user, request=supplier_request, seen_version=seen_version(request)
            )
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(
                request, _("Tack! Självskattningen är inskickad. Samordnaren granskar svaren och hör av sig.")
            )
        return redirect("supplier_request", pk=supplier_request.pk)


# Downloads -------------------------------------------------------------------------------------


class AnswerEvidenceDownloadView(View):
    """A file sent with an answer, as an attachment under the name it was sent with.

    Declares ``Capability.PUBLIC`` because two kinds of people use it, and checks access itself:
    the supplier's contact person answering for the request's supplier
    (``Answer.objects.for_supplier_contact``), or a member who reads the request's answers
    (``sjalvskattning.access.can_read_answers``). Anyone else gets 404, whether or not the file
    exists; a person not logged in is sent to the login first."""

    capability = Capability.PUBLIC
    http_method_names = ["get"]

    def get(self, request, pk):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        evidence = AnswerEvidence.objects.select_related("answer__request").filter(pk=pk).first()
        if evidence is None or not self.may_read(user, evidence):
            if evidence is not None:
                security_log.warning("denied answer evidence %s to user %s", pk, user.pk)
            raise Http404
        return serve_evidence(request, evidence)

    @staticmethod
    def may_read(user, evidence) -> bool:
        if Answer.objects.for_supplier_contact(user).filter(pk=evidence.answer_id).exists():
            return True
        return can_read_answers(user, evidence.answer.request)
