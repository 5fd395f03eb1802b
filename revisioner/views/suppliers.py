"""The suppliers of the regions: the list, the page of everything the network knows about one,
writing and merging them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView, View

from base.forms import AlreadyCreated, StaleEdit
from base.lists import FilteredListView
from regions.access import Capability, security_log
from revisioner import access, documents, services
from revisioner.filters import SupplierFilter
from revisioner.forms import (
    MergeForm,
    SupplierContactForm,
    SupplierForm,
    add_errors,
    suggestion,
)
from revisioner.models import (
    Audit,
    Contract,
    Deviation,
    Supplier,
)
from revisioner.views.common import count_of, created_before, fail

# How many of a supplier's contracts and audits its page shows before "all of them" links to the list.
SUPPLIER_PAGE_ROWS = 20


class SupplierListView(FilteredListView):
    capability = Capability.MEMBER
    template_name = "revisioner/supplier_list.html"
    rows_template_name = "revisioner/supplier_list_rows.html"
    context_object_name = "suppliers"
    filterset_class = SupplierFilter
    sorts = {
        "name": (gettext_lazy("Namn"), ["name", "pk"]),
        "-audits": (gettext_lazy("Flest revisioner"), ["-audit_count", "name", "pk"]),
        "-open": (gettext_lazy("Flest öppna avvikelser"), ["-open_deviations", "name", "pk"]),
        "-created": (gettext_lazy("Senast tillagda"), ["-created_at", "-pk"]),
    }
    export_name = "leverantorer"
    export_label = gettext_lazy("leverantörer")
    export_columns = documents.SUPPLIER_COLUMNS

    def export_rows(self):
        return documents.supplier_rows(self.get_queryset())

    def base_queryset(self):
        user = self.request.user
        return Supplier.objects.annotate(
            contract_count=count_of(Contract.objects.visible_to(user), "supplier"),
            audit_count=count_of(Audit.objects.visible_to(user), "supplier"),
            open_deviations=count_of(Deviation.objects.visible_to(user).open(), "audit__supplier"),
        )

    def page_context(self):
        return {"can_write": access.can_write_audits(self.request.user)}


# How many suggestions a supplier field gets at most: the browser's list shows about as many.
SUGGESTIONS = 20


class SupplierSuggestView(View):
    """The suppliers a supplier field suggests for ``?q=`` (at least two characters), as JSON: by
    name, or by organisation number for digits, at most SUGGESTIONS, in one query. Suppliers are the
    network's (every member reads the register), as the supplier list shows them."""

    capability = Capability.MEMBER
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "").strip()[:100]
        rows = []
        if len(text) >= 2:
            fields = ("pk", "name", "country", "org_number", "foreign_identifier")
            rows = Supplier.objects.suggest(text).values_list(*fields)[:SUGGESTIONS]
        results = []
        for pk, name, country, org_number, foreign_identifier in rows:
            identifier = Supplier(country=country, org_number=org_number, foreign_identifier=foreign_identifier)
            results.append({"id": pk, "value": suggestion(name, identifier.identifier)})
        return JsonResponse({"results": results})


class SupplierDetailView(DetailView):
    """Everything the network knows about a supplier: its contracts in which regions, its
    audits, open deviations; the newest rows, with links to the full filtered lists."""

    capability = Capability.MEMBER
    template_name = "revisioner/supplier_detail.html"
    context_object_name = "supplier"

    def get_queryset(self):
        return Supplier.objects.select_related("parent").prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        user, supplier = self.request.user, self.object
        # Its contact persons are shown to those who invite and remove them, not to every member.
        can_invite = access.can_invite_supplier_contact(user, supplier)
        contracts = Contract.objects.visible_to(user).filter(supplier=supplier)
        audits = Audit.objects.visible_to(user).filter(supplier=supplier)
        open_deviations = Deviation.objects.visible_to(user).open().filter(audit__supplier=supplier)
        totals = {
            "contracts": contracts.count(),
            "audits": audits.count(),
            "open_deviations": open_deviations.count(),
        }
        return super().get_context_data(
            totals=totals,
            contracts=contracts.select_related("procurement_region", "category").prefetch_related("regions")[
                :SUPPLIER_PAGE_ROWS
            ],
            audits=audits.select_related("procurement_region", "category")[:SUPPLIER_PAGE_ROWS],
            open_deviation_rows=open_deviations.select_related("audit", "clause").order_by("-audit__year", "pk")[
                :SUPPLIER_PAGE_ROWS
            ],
            subsidiaries=supplier.subsidiaries.all()[:SUPPLIER_PAGE_ROWS],
            can_invite_contacts=can_invite,
            contacts=supplier.contacts.select_related("user").order_by("user__name") if can_invite else [],
            can_write=access.can_write_audits(user),
            can_edit_supplier=access.can_edit_supplier(user, supplier),
            can_merge=access.can_merge_suppliers(user),
            merge_form=MergeForm(),
            history=supplier.history.select_related("history_user")[:5],
            extra_sections=[section(supplier, user) for section in SUPPLIER_SECTIONS],
            **kwargs,
        )


# Later apps (incidents) add what they know about a supplier: section(supplier, user) -> (title, template, context)
SUPPLIER_SECTIONS = []


class SupplierCreateView(TemplateView):
    capability = Capability.WRITE_AUDITS
    template_name = "revisioner/supplier_form.html"

    def get_supplier(self):
        return Supplier()

    def get(self, request, *args, **kwargs):
        supplier = self.get_supplier()
        return self.render_to_response({"form": SupplierForm(instance=supplier), "supplier": supplier})

    def post(self, request, *args, **kwargs):
        supplier = self.get_supplier()
        first = created_before(request, Supplier) if supplier.pk is None else None
        if first is not None:
            return self.sent_before(first)
        form = SupplierForm(request.POST, instance=supplier)
        status = 400
        if form.is_valid():
            try:
                services.save_supplier(
                    acting_user=request.user,
                    supplier=form.save(commit=False),
                    aliases=form.alias_names(),
                    allow_similar_name=form.cleaned_data["allow_similar_name"],
                )
            except AlreadyCreated as sent:
                return self.sent_before(sent.obj)
            except StaleEdit as error:
                form.refuse_stale(error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
                if error.code == "similar_name":
                    form.show_similar_name_confirmation()
            else:
                messages.success(request, _("Leverantören är sparad."))
                return redirect(form.instance)
        return self.render_to_response({"form": form, "supplier": supplier}, status=status)

    def sent_before(self, first):
        messages.info(self.request, _("Formuläret var redan skickat. Här är leverantören som lades till då."))
        return redirect(first)


class SupplierEditView(SupplierCreateView):
    def get_supplier(self):
        supplier = get_object_or_404(Supplier, pk=self.kwargs["pk"])
        if not access.can_edit_supplier(self.request.user, supplier):
            security_log.warning("denied edit of supplier %s to user %s", supplier.pk, self.request.user.pk)
            raise Http404
        return supplier


class SupplierMergeView(View):
    capability = Capability.MANAGE_AUDITS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        source = get_object_or_404(Supplier, pk=self.kwargs["pk"])
        form = MergeForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["target"]))
            return redirect(source)
        name = source.name
        try:
            target = services.merge_suppliers(
                acting_user=request.user, source=source, target=form.cleaned_data["target"]
            )
        except ValidationError as error:
            fail(request, error)
            return redirect(source)
        messages.success(request, _("%(source)s är sammanslagen med %(target)s.") % {"source": name, "target": target})
        return redirect(target)


class SupplierContactMixin:
    """A supplier whose contact persons the user may invite and remove (``can_invite_supplier_contact``:
    the secretariat, the coordinators of a procurement region with a contract with it); any other
    supplier answers 404, as an unknown one does."""

    capability = Capability.WRITE_AUDITS

    def get_supplier(self):
        supplier = get_object_or_404(Supplier, pk=self.kwargs["pk"])
        if not access.can_invite_supplier_contact(self.request.user, supplier):
            security_log.warning("denied contacts of supplier %s to user %s", supplier.pk, self.request.user.pk)
            raise Http404
        return supplier


def contacts_url(supplier) -> str:
    return f"{supplier.get_absolute_url()}#kontaktpersoner"


class SupplierContactInviteView(SupplierContactMixin, TemplateView):
    """Invite a person at the supplier: a user with the role "Leverantörskontakt" who answers for
    this supplier and its subsidiaries. The invitation mail carries the link to choose a password."""

    template_name = "revisioner/supplier_contact_invite.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"supplier": self.get_supplier(), "form": SupplierContactForm()})

    def post(self, request, *args, **kwargs):
        supplier = self.get_supplier()
        form = SupplierContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                contact = services.invite_supplier_contact(
                    acting_user=request.user,
                    supplier=supplier,
                    email=data["email"],
                    name=data["name"],
                    title=data["title"],
                    site_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                if supplier.contacts.filter(user__email__iexact=data["email"]).exists():
                    # The form sent twice: the first submit invited the person.
                    messages.info(request, _("%(email)s är redan kontaktperson för leverantören.") % data)
                    return redirect(contacts_url(supplier))
                add_errors(form, error)
            else:
                if contact.user.has_accepted_invitation:
                    text = _("%(email)s svarar nu även för %(supplier)s och har fått ett meddelande om det.")
                else:
                    text = _(
                        "Inbjudan har skickats till %(email)s. Personen svarar för %(supplier)s när lösenordet är valt."
                    )
                messages.success(request, text % {"email": contact.user.email, "supplier": supplier.name})
                return redirect(contacts_url(supplier))
        return self.render_to_response({"supplier": supplier, "form": form}, status=400)


class SupplierContactRemoveView(SupplierContactMixin, TemplateView):
    """Remove a contact person, after a confirmation: their access to the supplier ends (with no
    supplier left they are deactivated); what they sent stays."""

    template_name = "revisioner/supplier_contact_remove.html"

    def get_contact(self, supplier):
        return get_object_or_404(supplier.contacts.select_related("user"), pk=self.kwargs["contact"])

    def get(self, request, *args, **kwargs):
        supplier = self.get_supplier()
        return self.render_to_response({"supplier": supplier, "contact": self.get_contact(supplier)})

    def post(self, request, *args, **kwargs):
        supplier = self.get_supplier()
        contact = self.get_contact(supplier)
        name = str(contact.user)
        try:
            services.remove_supplier_contact(acting_user=request.user, contact=contact)
        except ValidationError as error:
            fail(request, error)
        else:
            messages.success(
                request,
                _("%(name)s är inte längre kontaktperson för %(supplier)s. Det hen har skickat finns kvar.")
                % {"name": name, "supplier": supplier.name},
            )
        return redirect(contacts_url(supplier))
