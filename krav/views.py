from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from base.exports import download
from base.forms import AlreadyCreated, once_token_from
from base.history import link_changes
from krav import services
from krav.access import can_manage_requirements, versions_with_files_for
from krav.documents import uptake_csv, uptake_xlsx
from krav.forms import MatrixFilterForm, RequirementForm, ResponseForm, UptakeForm, VersionAttachmentForm
from krav.matrix import adopted_versions, build_rows
from krav.models import CHECKLIST, PriorityEntry, Requirement, RequirementVersion
from regions.access import Capability, region_ids_spoken_for, speaks_for_region
from regions.models import Region

Status = RequirementVersion.Status


class RequirementListView(ListView):
    capability = Capability.MEMBER
    template_name = "krav/requirement_list.html"
    context_object_name = "requirements"
    paginate_by = 50

    def get_queryset(self):
        versions = RequirementVersion.objects.order_by("-number")
        return Requirement.objects.prefetch_related(Prefetch("versions", queryset=versions))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            priorities=PriorityEntry.objects.select_related("requirement"),
            **kwargs,
        )


class RequirementCreateView(TemplateView):
    capability = Capability.MANAGE_REQUIREMENTS
    template_name = "krav/requirement_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": RequirementForm()})

    def post(self, request, *args, **kwargs):
        form = RequirementForm(request.POST)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        data = form.cleaned_data
        requirement = form.save(commit=False)
        try:
            version = services.propose(
                acting_user=request.user,
                requirement=requirement,
                text=data["text"],
                verification=data["verification"],
                guidance=data["guidance"],
                categories=data["categories"],
            )
        except AlreadyCreated as sent:
            messages.info(request, _("Formuläret var redan skickat. Här är kravet som föreslogs då."))
            return redirect(sent.obj.versions.order_by("number").first() or sent.obj)
        messages.success(
            request, _("%(requirement)s är föreslaget som nytt krav, version %(number)s.") % _named(version)
        )
        return redirect(version)


class RequirementDetailView(TemplateView):
    capability = Capability.MEMBER
    template_name = "krav/requirement_detail.html"

    def get_context_data(self, **kwargs):
        requirement = get_object_or_404(Requirement.objects.prefetch_related("categories"), pk=self.kwargs["pk"])
        history = link_changes(requirement.history.select_related("history_user")[:8], ["categories"])
        return super().get_context_data(
            requirement=requirement, versions=requirement.versions.all(), history=history, **kwargs
        )


class VersionView(TemplateView):
    """A version: its text and clauses, the checklist of its stage, and the consultation."""

    capability = Capability.MEMBER
    template_name = "krav/version_detail.html"

    def get_version(self):
        versions = RequirementVersion.objects.select_related("requirement").prefetch_related("clauses")
        return get_object_or_404(versions, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        version = kwargs.pop("version", None) or self.get_version()
        user = self.request.user
        responses = {response.region_id: response for response in version.responses.select_related("region")}
        regions = list(Region.objects.order_by("short_name"))
        answerable = [region for region in regions if region.pk not in responses and speaks_for_region(user, region)]
        return super().get_context_data(
            version=version,
            checklist=[
                (key, label, version.checklist.get(key, False)) for key, label in CHECKLIST.get(version.status, [])
            ],
            responses=[(region, responses.get(region.pk)) for region in regions],
            unanswered=[region for region in regions if region.pk not in responses],
            answerable=answerable,
            response_form=kwargs.pop("response_form", None) or ResponseForm(),
            attachment_form=kwargs.pop("attachment_form", None) or VersionAttachmentForm(),
            **kwargs,
        )


def _named(version) -> dict:
    return {"requirement": version.requirement.title, "number": version.number}


def _done(action, version) -> str:
    """What the secretariat's button did, naming the requirement and the version."""
    done = {
        "consult": _("%(requirement)s version %(number)s är skickad på remiss."),
        "adopt": _("%(requirement)s version %(number)s är antagen och publicerad."),
        "retire": _("%(requirement)s version %(number)s är upphävd."),
        "new_version": _("%(requirement)s version %(number)s är skapad som förslag."),
        "checklist": _("Checklistan för %(requirement)s version %(number)s är sparad."),
    }[action]
    return done % _named(version)


class VersionActionView(VersionView):
    """The secretariat moves a version on, or ticks its checklist; a region answers the consultation."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = self.get_version()
        action = self.kwargs["action"]
        if action == "respond":
            return self._respond(version)
        if action == "attach" and can_manage_requirements(request.user):
            return self._attach(version)
        if not can_manage_requirements(request.user):
            raise Http404
        actions = {
            "consult": lambda: services.open_consultation(acting_user=request.user, version=version),
            "adopt": lambda: services.adopt(acting_user=request.user, version=version),
            "retire": lambda: services.retire(acting_user=request.user, version=version),
            "new_version": lambda: services.new_version(
                acting_user=request.user, requirement=version.requirement, once=once_token_from(request.POST)
            ),
            "checklist": lambda: services.set_checklist(
                acting_user=request.user, version=version, done=request.POST.getlist("done")
            ),
        }
        try:
            result = actions[action]()
        except AlreadyCreated as sent:
            messages.info(request, _("Knappen var redan tryckt. Här är versionen som skapades då."))
            return redirect(sent.obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(version)
        messages.success(request, _done(action, result if isinstance(result, RequirementVersion) else version))
        return redirect(result if isinstance(result, RequirementVersion) else version)

    def _attach(self, version):
        form = VersionAttachmentForm(self.request.POST, self.request.FILES)
        if form.is_valid():
            try:
                services.attach(acting_user=self.request.user, version=version, attachment=form.save(commit=False))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                attached = _("Bilagan %(name)s är bifogad till %(requirement)s version %(number)s.")
                messages.success(self.request, attached % {"name": form.instance.name, **_named(version)})
                return redirect(version)
        return self.render_to_response(self.get_context_data(version=version, attachment_form=form), status=400)

    def _respond(self, version):
        region_id = self.request.POST.get("region", "")
        if not region_id.isdigit():
            raise Http404
        region = get_object_or_404(Region, pk=region_id)
        form = ResponseForm(self.request.POST)
        if form.is_valid():
            try:
                services.respond(acting_user=self.request.user, version=version, region=region, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                answered = _("Remissvaret från %(region)s om %(requirement)s version %(number)s är sparat.")
                messages.success(self.request, answered % {"region": region.short_name, **_named(version)})
                return redirect(version)
        return self.render_to_response(self.get_context_data(version=version, response_form=form), status=400)


class UptakeMatrixView(TemplateView):
    """Requirements × the 21 regions: who uses what in new contracts, and the national coverage."""

    capability = Capability.MEMBER
    template_name = "krav/uptake_matrix.html"
    rows_per_page = 50

    def get_rows(self):
        filters = MatrixFilterForm(self.request.GET or None)
        data = filters.cleaned_data if filters.is_valid() else {}
        versions = adopted_versions(data.get("category"), data.get("kind"))
        return filters, versions

    def get_context_data(self, **kwargs):
        filters, versions = self.get_rows()
        page = Paginator(versions, self.rows_per_page).get_page(self.request.GET.get("page"))
        user = self.request.user
        regions, rows = build_rows(page.object_list, lambda region_ids: region_ids_spoken_for(user, region_ids))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filters=filters,
            regions=regions,
            rows=rows,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            querystring=query.urlencode(),
            **kwargs,
        )


class UptakeExportView(UptakeMatrixView):
    def get(self, request, *args, **kwargs):
        _filters, versions = self.get_rows()
        regions, rows = build_rows(versions)
        render = uptake_xlsx if self.kwargs["fmt"] == "xlsx" else uptake_csv
        return download(*render(rows, regions))


class UptakeCellView(TemplateView):
    """One region's use of one adopted version; only that region's contacts and the secretariat change it."""

    capability = Capability.MEMBER
    template_name = "krav/uptake_form.html"

    def get_cell(self):
        version = get_object_or_404(RequirementVersion.objects.select_related("requirement"), pk=self.kwargs["pk"])
        region = get_object_or_404(Region, slug=self.kwargs["slug"])
        if not speaks_for_region(self.request.user, region):
            raise Http404
        return version, region

    def get(self, request, *args, **kwargs):
        version, region = self.get_cell()
        uptake = version.uptakes.filter(region=region).first()
        return self.render_to_response({"version": version, "region": region, "form": UptakeForm(instance=uptake)})

    def post(self, request, *args, **kwargs):
        version, region = self.get_cell()
        form = UptakeForm(request.POST)
        if form.is_valid():
            try:
                services.record_uptake(acting_user=request.user, version=version, region=region, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                used = _("Användningen av %(requirement)s version %(number)s i %(region)s är sparad.")
                messages.success(request, used % {"region": region.short_name, **_named(version)})
                return redirect(reverse("uptake_matrix"))
        return self.render_to_response({"version": version, "region": region, "form": form}, status=400)


class PublicRequirementListView(ListView):
    capability = Capability.PUBLIC
    template_name = "krav/public_requirements.html"
    context_object_name = "versions"
    paginate_by = 50

    def get_queryset(self):
        return (
            RequirementVersion.objects.current()
            .select_related("requirement")
            .prefetch_related("clauses", "attachments")
            .order_by("requirement__title")
        )


class VersionAttachmentView(View):
    """A version's file: for members of the network, and for everyone once the version is adopted."""

    capability = Capability.PUBLIC

    def get(self, request, *args, **kwargs):
        versions = versions_with_files_for(request.user, RequirementVersion.objects.all())
        version = get_object_or_404(versions, pk=self.kwargs["pk"])
        attachment = get_object_or_404(version.attachments, pk=self.kwargs["attachment"])
        return FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.split("/")[-1]
        )
