"""The coordinators' and the secretariat's pages: the list of self-assessments, sending a
questionnaire to one supplier or to those picked on the audit plan or the ranking, one request with
its answers, and the review answer by answer until it becomes the audit "Granskning av
självskattning".

Every member reads the list and a request's facts and outcome (a reviewed self-assessment is
shared, as audits are); the answers' words and files are read by the secretariat and the
procurement regions that asked (``access.can_read_answers``); the leading procurement region's
coordinators and the secretariat review (``access.can_review``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from base.forms import StaleEdit, already_created, once_token_from
from base.lists import FilteredListView
from regions.access import Capability, get_for_user
from revisioner import services as audit_services
from revisioner.access import answering_supplier_ids, can_invite_supplier_contact
from revisioner.models import Deviation, Rating, Supplier, SupplierContact
from revisioner.views.common import count_of, fail, seen_version
from sjalvskattning import access, documents, services
from sjalvskattning.filters import RequestFilter
from sjalvskattning.forms import BulkSendForm, ReviewAnswerForm, SendForm
from sjalvskattning.models import Answer, AnswerEvidence, Request

NO_TEMPLATE = gettext_lazy("Det finns ingen antagen bedömningsmall att bygga frågeformuläret på.")


def _has_contacts(supplier_id) -> bool:
    """Whether someone answers for the supplier: an active contact person of it or of a company
    above it (``revisioner.access.answering_supplier_ids``), who sees its questions."""
    return SupplierContact.objects.active().filter(supplier_id__in=answering_supplier_ids(supplier_id)).exists()


def _no_contact_warning(request, supplier) -> None:
    messages.warning(
        request,
        _(
            "%(supplier)s har ingen kontaktperson ännu: ingen hos leverantören ser frågorna förrän "
            "någon är inbjuden på leverantörens sida."
        )
        % {"supplier": supplier.name},
    )


# The list --------------------------------------------------------------------------------------


class RequestListView(FilteredListView):
    capability = Capability.MEMBER
    template_name = "sjalvskattning/request_list.html"
    rows_template_name = "sjalvskattning/request_list_rows.html"
    context_object_name = "self_assessments"
    filterset_class = RequestFilter
    sorts = {
        "-sent": (gettext_lazy("Senast skickade"), ["-sent_at", "-pk"]),
        "due": (gettext_lazy("Svar senast"), ["due_on", "supplier__name", "pk"]),
        "supplier": (gettext_lazy("Leverantör"), ["supplier__name", "-sent_at", "pk"]),
    }
    export_name = "sjalvskattningar"
    export_label = gettext_lazy("självskattningar")
    export_columns = documents.REQUEST_COLUMNS

    def base_queryset(self):
        return (
            Request.objects.visible_to(self.request.user)
            .select_related("supplier", "template", "category", "procurement_region", "audit")
            .prefetch_related("asked_by")
            .annotate(not_met_count=count_of(Answer.objects.unscoped().filter(review=Answer.Review.NOT_MET), "request"))
        )

    def get_context_data(self, **kwargs):
        supplier_id = self.request.GET.get("supplier", "")
        supplier = Supplier.objects.filter(pk=supplier_id).first() if supplier_id.isdigit() else None
        return super().get_context_data(supplier_filter=supplier, **kwargs)

    def page_context(self):
        return {
            "can_send": access.can_send_requests(self.request.user),
            "to_review": self.request.GET.get("to_review") == "true",
        }


# Sending ---------------------------------------------------------------------------------------


class SendView(TemplateView):
    """Send the adopted template's questionnaire to one supplier; a supplier with an open request
    after the same template gets no second one: the sender's procurement region is added to it."""

    capability = Capability.WRITE_AUDITS
    template_name = "sjalvskattning/send.html"

    def get(self, request, *args, **kwargs):
        initial = {}
        supplier = None
        value = request.GET.get("supplier", "")
        if value.isdigit():
            supplier = Supplier.objects.filter(pk=int(value)).first()
            initial["supplier"] = supplier
        if request.GET.get("category", "").isdigit():
            initial["category"] = int(request.GET["category"])
        form = SendForm(user=request.user, initial=initial)
        return self.render_to_response(self.context(form, supplier))

    def context(self, form, supplier=None):
        template = audit_services.adopted_template()
        recipient = None
        if supplier is not None and template is not None:
            recipient = services.preview(suppliers=[supplier], template=template)[0]
        return {
            "form": form,
            "template": template,
            "recipient": recipient,
            "can_invite": recipient is not None and can_invite_supplier_contact(self.request.user, supplier),
        }

    def post(self, request, *args, **kwargs):
        # Sent before (a double click, the back button): the request the first submit made.
        first = already_created(Request, "created_with", once_token_from(request.POST))
        if first is not None:
            messages.info(request, _("Formuläret var redan skickat. Här är självskattningen som skickades då."))
            return redirect(first)
        form = SendForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent, created = services.send_request(
                    acting_user=request.user,
                    supplier=data["supplier"],
                    category=data["category"],
                    procurement_region=data["procurement_region"],
                    due_on=data["due_on"],
                    once_token=form.once_token,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    messages.success(
                        request, _("Självskattningen är skickad till %(supplier)s.") % {"supplier": sent.supplier.name}
                    )
                elif sent.created_with == form.once_token:
                    messages.info(request, _("Formuläret var redan skickat. Här är självskattningen som skickades då."))
                else:
                    messages.info(
                        request,
                        _(
                            "Leverantören har redan en öppen självskattning efter mallen; "
                            "din upphandlingsregion läggs till."
                        ),
                    )
                if not _has_contacts(sent.supplier_id):
                    _no_contact_warning(request, sent.supplier)
                return redirect(sent)
        supplier = form.cleaned_data.get("supplier") if hasattr(form, "cleaned_data") else None
        return self.render_to_response(self.context(form, supplier), status=400)


def _back(request) -> str:
    """The page the bulk send was started from (the plan, the ranking), else the list."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) and back.startswith("/"):
        return back
    return reverse("self_assessment_list")


class BulkSendView(TemplateView):
    """The suppliers picked on the audit plan or the ranking: first a preview (who gets the
    questionnaire, who already has an open one and gets the sender's procurement region added,
    who has no contact person yet) with the due date and the reviewing procurement region; then,
    confirmed, every request at once, or none."""

    capability = Capability.WRITE_AUDITS
    http_method_names = ["post"]
    template_name = "sjalvskattning/bulk_send.html"

    def post(self, request, *args, **kwargs):
        confirming = "confirm" in request.POST
        form = BulkSendForm(request.POST, user=request.user, confirming=confirming)
        back = _back(request)
        template = audit_services.adopted_template()
        if template is None:
            messages.error(request, NO_TEMPLATE)
            return redirect(back)
        valid = form.is_valid()
        if not form.rows():
            messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
            return redirect(back)
        status = 200
        if valid and confirming:
            data = form.cleaned_data
            try:
                created, merged = services.send_requests(
                    acting_user=request.user,
                    suppliers_and_categories=form.rows(),
                    procurement_region=data["procurement_region"],
                    due_on=data["due_on"],
                    template=template,
                )
            except ValidationError as error:
                form.add_error(None, error)
                form.add_error(None, _("Ingen självskattning är skickad."))
            else:
                return self.done(created, merged)
            status = 400
        elif confirming:
            status = 400
        else:
            form = form.for_confirmation(request.user)
        return self.render_to_response(self.context(form, template, back), status=status)

    def done(self, created: int, merged: int):
        request = self.request
        if created:
            messages.success(
                request,
                ngettext("%(count)d självskattning är skickad.", "%(count)d självskattningar är skickade.", created)
                % {"count": created},
            )
        if merged:
            messages.info(
                request,
                ngettext(
                    "%(count)d leverantör hade redan en öppen självskattning efter mallen; "
                    "din upphandlingsregion är tillagd.",
                    "%(count)d leverantörer hade redan en öppen självskattning efter mallen; "
                    "din upphandlingsregion är tillagd.",
                    merged,
                )
                % {"count": merged},
            )
        return redirect(reverse("self_assessment_list") + "?sort=-sent")

    def context(self, form, template, back):
        rows = form.rows()
        recipients = services.preview(suppliers=[supplier for supplier, _category in rows], template=template)
        lines = [(recipient, category) for recipient, (_supplier, category) in zip(recipients, rows, strict=True)]
        return {
            "form": form,
            "template": template,
            "back": back,
            "lines": lines,
            "new_count": sum(not recipient.merged for recipient, _category in lines),
            "merged_count": sum(recipient.merged for recipient, _category in lines),
            "no_contact_count": sum(not recipient.contacts for recipient, _category in lines),
        }


# One request and its review --------------------------------------------------------------------


def _status_history(request: Request) -> list:
    """The request's changes of status, oldest first, with who made them."""
    changes, last = [], None
    for record in request.history.select_related("history_user").order_by("history_date", "history_id"):
        if record.status != last:
            changes.append(record)
            last = record.status
    return changes


class RequestDetailView(TemplateView):
    """A request: its facts and the history of its status for every member; the answers per
    criterion with their files for those who read them; a review form per answer and the review's
    steps for its reviewers while it waits for review; the outcome once reviewed."""

    capability = Capability.MEMBER
    template_name = "sjalvskattning/request_detail.html"

    def get_request(self):
        requests = Request.objects.select_related(
            "supplier", "template", "category", "procurement_region", "audit", "sent_by", "reviewed_by"
        ).prefetch_related("asked_by")
        return get_for_user(requests, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, *, refused_form=None, **kwargs):
        request_row = kwargs.pop("request_row", None) or self.get_request()
        user = self.request.user
        reads = access.can_read_answers(user, request_row)
        reviews = access.can_review(user, request_row)
        reviewing = reviews and request_row.status == Request.Status.SUBMITTED
        answers = []
        if reads:
            evidence = Prefetch("evidence", queryset=AnswerEvidence.objects.order_by("uploaded_at", "pk"))
            answers = list(
                Answer.objects.visible_to(user)
                .filter(request=request_row)
                .select_related("criterion__clause")
                .prefetch_related(evidence)
            )
        for answer in answers:
            answer.form = None
            if reviewing and refused_form is not None and refused_form.instance.pk == answer.pk:
                answer.form = refused_form
            elif reviewing:
                answer.form = ReviewAnswerForm(instance=answer, prefix=f"svar-{answer.pk}")
        deviations = []
        if request_row.audit_id:
            deviations = list(
                Deviation.objects.visible_to(user).filter(audit_id=request_row.audit_id).select_related("clause")
            )
        no_contact = request_row.is_open and not _has_contacts(request_row.supplier_id)
        return super().get_context_data(
            self_assessment=request_row,
            asked_by=sorted(request_row.asked_by.all(), key=lambda region: region.letter),
            reads_answers=reads,
            reviewing=reviewing,
            can_cancel=reviews and request_row.is_open,
            can_return=reviewing and any(a.review == Answer.Review.NEEDS_COMPLETION for a in answers),
            can_complete=reviewing
            and bool(answers)
            and all(
                a.review == Answer.Review.NOT_MET
                or (a.review == Answer.Review.ACCEPTED and a.value not in Rating.DEVIATING)
                for a in answers
            ),
            answers=answers,
            deviations=deviations,
            history=_status_history(request_row),
            no_contact=no_contact,
            can_invite=no_contact and can_invite_supplier_contact(user, request_row.supplier),
            **kwargs,
        )


class ReviewMixin:
    """A step of the review, by the leading procurement region's coordinators and the secretariat;
    anyone else (a coordinator of a region that only asked) answers 404."""

    capability = Capability.WRITE_AUDITS
    http_method_names = ["post"]

    def get_request(self):
        requests = Request.objects.select_related("supplier", "template", "procurement_region", "category")
        return get_for_user(requests, self.request.user, edit=True, pk=self.kwargs["pk"])


class ReviewAnswerView(ReviewMixin, RequestDetailView):
    """Accepted, needs completion or not met, with a comment to the supplier (and a severity)."""

    def post(self, request, *args, **kwargs):
        request_row = self.get_request()
        answer = get_for_user(
            Answer.objects.select_related("request", "criterion"),
            request.user,
            edit=True,
            pk=kwargs["answer"],
            request=request_row,
        )
        form = ReviewAnswerForm(request.POST, instance=answer, prefix=f"svar-{answer.pk}")
        status = 400
        if form.is_valid():
            data, seen = form.cleaned_data, form.instance.version
            try:
                services.review_answer(
                    acting_user=request.user,
                    answer=answer,
                    review=data["review"],
                    comment=data["review_comment"],
                    severity=data["severity"],
                    version=seen,
                )
            except StaleEdit as error:
                form.refuse_stale(error)
                status = 409
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    fail(request, error)
                    return redirect(request_row)
                form.add_error(None, error)  # at its field, e.g. a deviating answer accepted: at "review"
            else:
                messages.success(
                    request, _("Svaret på %(criterion)s är granskat.") % {"criterion": answer.criterion.number}
                )
                return redirect(request_row.get_absolute_url() + f"#svar-{answer.pk}")
        # The page shown again: the person's input on this answer's form, the rest as stored now.
        fresh = RequestDetailView.get_request(self)
        context = self.get_context_data(refused_form=form, request_row=fresh)
        return self.render_to_response(context, status=status)


class RequestStepView(ReviewMixin, View):
    """Return for completion, complete the review or withdraw the request: one service each."""

    def change(self, request_row, seen_version):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        request_row = self.get_request()
        try:
            return self.change(request_row, seen_version(request))
        except StaleEdit as error:
            # Someone else changed the request: the page as it is now, with the message.
            messages.warning(request, " ".join(error.messages))
        except ValidationError as error:
            fail(request, error)
        return redirect(request_row)


class ReturnView(RequestStepView):
    def change(self, request_row, seen_version):
        services.return_for_completion(acting_user=self.request.user, request=request_row, seen_version=seen_version)
        messages.success(
            self.request,
            _("Svaren som ska kompletteras är skickade tillbaka till %(supplier)s.")
            % {"supplier": request_row.supplier.name},
        )
        return redirect(request_row)


class CompleteView(RequestStepView):
    def change(self, request_row, seen_version):
        audit = services.complete_review(acting_user=self.request.user, request=request_row, seen_version=seen_version)
        messages.success(
            self.request,
            _("Granskningen är slutförd. Den är registrerad som revision %(number)d, %(status)s.")
            % {"number": audit.pk, "status": audit.get_status_display().lower()},
        )
        return redirect(audit)


class CancelView(RequestStepView):
    def change(self, request_row, seen_version):
        services.cancel_request(acting_user=self.request.user, request=request_row, seen_version=seen_version)
        messages.success(self.request, _("Självskattningen är återkallad."))
        return redirect(request_row)
