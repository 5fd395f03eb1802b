from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from base.cache import cached_figures, reader_of
from base.forms import AlreadyCreated, StaleEdit
from regions.access import Capability, Visibility, get_for_user
from riskanalys import services
from riskanalys.access import (
    can_edit_action_plan,
    can_edit_risk_analysis,
    can_manage_categories,
    can_publish_risk_analyses,
    coordinated_procurement_region,
)
from riskanalys.fields import texts_of
from riskanalys.forms import (
    ActivityForm,
    AttachmentForm,
    MergeCategoryForm,
    MoveCategoryForm,
    PriorityForm,
    RiskAnalysisForm,
)
from riskanalys.models import ActionPlan, Category, Dimension, RiskAnalysis, Study
from riskanalys.tree import build_tree, render_tree


class CategoryTreeView(TemplateView):
    """The whole tree: prioritised categories marked in words, letters of the responsible
    procurement regions, and links to what each category has."""

    capability = Capability.MEMBER
    template_name = "riskanalys/category_tree.html"
    public = False

    def get_context_data(self, **kwargs):
        # The links under a category are the reader's (what they may open): one copy per reader,
        # kept with the cached figures until a record changes.
        reader = "public" if self.public else reader_of(self.request.user)
        tree, period = cached_figures(f"category-tree:{reader}:{get_language()}", self.render_tree)
        return super().get_context_data(tree=mark_safe(tree), period=period, public=self.public, **kwargs)  # noqa: S308

    def render_tree(self) -> tuple[str, tuple[int, int] | None]:
        nodes, period = build_tree(self.request.user, public=self.public)
        return (str(render_tree(nodes, public=self.public)) if nodes else ""), period


class PublicCategoryTreeView(CategoryTreeView):
    capability = Capability.PUBLIC
    public = True


# How many categories a category field suggests at most: the browser's list shows about as many.
SUGGESTIONS = 20


class CategorySuggestView(View):
    """The categories a category field suggests for ``?q=`` (at least two characters), as JSON, each
    as its path with its code ("Vårdrelaterad papper & plast > Skyddsrockar (12.3)"): by name or
    code, those that are it first, then those that begin with it, then those that hold it, each in
    the tree's order; at most SUGGESTIONS, in two queries (the categories, their ancestors). The
    tree is the network's: every member reads it, as the lists that filter on it."""

    capability = Capability.MEMBER
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "").strip()[:100]
        categories = []
        if len(text) >= 2:
            categories = Category.objects.suggest(text).only("pk", "path", "name", "code")[:SUGGESTIONS]
        texts = texts_of(categories)
        return JsonResponse({"results": [{"id": pk, "value": value} for pk, value in texts.items()]})


class CategoryDetailView(TemplateView):
    capability = Capability.MEMBER
    template_name = "riskanalys/category_detail.html"

    def get_category(self):
        return get_object_or_404(
            Category.objects.prefetch_related("procurement_regions", "risk_areas"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        category = kwargs.pop("category", None) or self.get_category()
        manage = can_manage_categories(self.request.user)
        return super().get_context_data(
            category=category,
            ancestors=Category.objects.get_ancestors(category),
            children=Category.objects.get_children(category),
            priorities=category.priorities.all(),
            analyses=RiskAnalysis.objects.visible_to(self.request.user).filter(category=category),
            manage=manage,
            move_form=kwargs.pop("move_form", None) or (MoveCategoryForm(category=category) if manage else None),
            merge_form=kwargs.pop("merge_form", None) or (MergeCategoryForm(category=category) if manage else None),
            priority_form=kwargs.pop("priority_form", None) or (PriorityForm() if manage else None),
            **kwargs,
        )


class CategoryActionView(CategoryDetailView):
    capability = Capability.MANAGE_CATEGORIES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        category = self.get_category()
        action = request.POST.get("action")
        forms = {
            "move": ("move_form", MoveCategoryForm(request.POST, category=category)),
            "merge": ("merge_form", MergeCategoryForm(request.POST, category=category)),
            "priority": ("priority_form", PriorityForm(request.POST)),
        }
        if action not in forms:
            return redirect(category)
        name, form = forms[action]
        if form.is_valid():
            try:
                result = self._act(action, category, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(result)
        return self.render_to_response(self.get_context_data(category=category, **{name: form}), status=400)

    def _act(self, action, category, data):
        user = self.request.user
        if action == "move":
            moved = services.move_category(acting_user=user, category=category, new_parent=data["parent"])
            messages.success(self.request, _("Kategorin är flyttad."))
            return moved
        if action == "merge":
            target = services.merge_categories(acting_user=user, source=category, target=data["target"])
            messages.success(self.request, _("Kategorierna är sammanslagna."))
            return target
        services.prioritise(acting_user=user, category=category, **data)
        messages.success(self.request, _("Kategorin är prioriterad."))
        return category


class RiskAnalysisListView(ListView):
    capability = Capability.MEMBER
    template_name = "riskanalys/risk_analysis_list.html"
    context_object_name = "analyses"
    paginate_by = 25

    def get_queryset(self):
        analyses = RiskAnalysis.objects.visible_to(self.request.user).select_related("category", "procurement_region")
        for name in ("year", "kind", "status"):
            value = self.request.GET.get(name)
            if value:
                analyses = analyses.filter(**{name: value})
        return analyses.prefetch_related("responsible_regions")

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            kinds=RiskAnalysis.Kind.choices,
            statuses=RiskAnalysis.Status.choices,
            selected=self.request.GET,
            querystring=query.urlencode(),
            **kwargs,
        )


def heat_map(assessments) -> list[tuple[int, list[dict]]]:
    """A 5 × 5 grid, severity 5 at the top and likelihood 1 at the left; each cell has its score,
    its level (low, medium, high: shown in words as well as colour) and the dimensions in it."""
    grid = [
        (severity, [{"score": severity * likelihood, "names": []} for likelihood in range(1, 6)])
        for severity in range(5, 0, -1)
    ]
    for assessment in assessments:
        grid[5 - assessment.severity][1][assessment.likelihood - 1]["names"].append(assessment.get_dimension_display())
    for _severity, cells in grid:
        for cell in cells:
            cell["level"] = "high" if cell["score"] >= 15 else "medium" if cell["score"] >= 8 else "low"
            cell["level_label"] = HEAT_LEVELS[cell["level"]]
    return grid


# the risk map's levels, in words on each cell and in its legend (riskanalys/heat_map.html)
HEAT_LEVELS = {"low": gettext_lazy("Låg"), "medium": gettext_lazy("Medelhög"), "high": gettext_lazy("Hög")}


class RiskAnalysisDetailView(TemplateView):
    capability = Capability.MEMBER
    template_name = "riskanalys/risk_analysis_detail.html"

    def get_analysis(self):
        analyses = RiskAnalysis.objects.select_related("category", "procurement_region", "created_by")
        return get_for_user(analyses, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        analysis = self.get_analysis()
        user = self.request.user
        assessments = list(analysis.assessments.all())
        return super().get_context_data(
            analysis=analysis,
            assessments=assessments,
            grid=heat_map(assessments),
            attachments=analysis.attachments.all(),
            editable=can_edit_risk_analysis(user, analysis),
            can_publish=can_publish_risk_analyses(user),
            attachment_form=kwargs.pop("attachment_form", None) or AttachmentForm(),
            history=analysis.history.select_related("history_user")[:10],
            **kwargs,
        )


class PublicRiskAnalysisView(TemplateView):
    capability = Capability.PUBLIC
    template_name = "riskanalys/risk_analysis_public.html"

    def get_context_data(self, **kwargs):
        published = RiskAnalysis.objects.unscoped().filter(
            status=RiskAnalysis.Status.PUBLISHED, visibility=Visibility.PUBLIC
        )
        analysis = get_object_or_404(published.select_related("category"), pk=self.kwargs["pk"])
        assessments = list(analysis.assessments.all())
        return super().get_context_data(
            analysis=analysis, assessments=assessments, grid=heat_map(assessments), **kwargs
        )


class RiskAnalysisFormView(TemplateView):
    """Create an analysis, or change a draft the user may edit; the matrix is part of the form."""

    capability = Capability.WRITE_RISK_ANALYSES
    template_name = "riskanalys/risk_analysis_form.html"

    def get_instance(self):
        if "pk" in self.kwargs:
            return get_for_user(RiskAnalysis.objects.all(), self.request.user, edit=True, pk=self.kwargs["pk"])
        return RiskAnalysis(procurement_region=coordinated_procurement_region(self.request.user))

    def get(self, request, *args, **kwargs):
        form = RiskAnalysisForm(instance=self.get_instance(), user=request.user)
        return self.render_to_response({"form": form, "dimensions": Dimension.choices})

    def post(self, request, *args, **kwargs):
        form = RiskAnalysisForm(request.POST, instance=self.get_instance(), user=request.user)
        status = 400
        if form.is_valid():
            analysis = form.save(commit=False)
            try:
                services.save_analysis(
                    acting_user=request.user,
                    analysis=analysis,
                    assessments=form.assessments(),
                    responsible_regions=form.cleaned_data["responsible_regions"],
                    responsible_organisations=form.cleaned_data["responsible_organisations"],
                )
            except AlreadyCreated as sent:
                messages.info(request, _("Formuläret var redan skickat. Här är riskanalysen som skapades då."))
                return redirect(sent.obj)
            except StaleEdit as error:
                form.refuse_stale(error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Riskanalysen är sparad."))
                return redirect(analysis)
        return self.render_to_response({"form": form, "dimensions": Dimension.choices}, status=status)


class RiskAnalysisTransitionView(RiskAnalysisDetailView):
    """Submit a draft (its authors), publish or return it (the secretariat)."""

    http_method_names = ["post"]
    capability = Capability.WRITE_RISK_ANALYSES

    def post(self, request, *args, **kwargs):
        action = self.kwargs["action"]
        if action == "submit":
            analysis = get_for_user(RiskAnalysis.objects.all(), request.user, edit=True, pk=self.kwargs["pk"])
            change = lambda: services.submit_for_review(acting_user=request.user, analysis=analysis)  # noqa: E731
            done = _("Analysen är skickad för granskning.")
        elif can_publish_risk_analyses(request.user):
            analysis = self.get_analysis()
            if action == "publish":
                public = request.POST.get("public", "1") == "1"
                change = lambda: services.publish(acting_user=request.user, analysis=analysis, public=public)  # noqa: E731
                done = _("Analysen är publicerad.")
            else:
                change = lambda: services.return_to_draft(acting_user=request.user, analysis=analysis)  # noqa: E731
                done = _("Analysen är återförvisad till utkast.")
        else:
            analysis = self.get_analysis()
            messages.error(request, _("Bara kansliet publicerar analyser."))
            return redirect(analysis)
        try:
            change()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(analysis)


class AttachmentUploadView(RiskAnalysisDetailView):
    capability = Capability.WRITE_RISK_ANALYSES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        analysis = get_for_user(RiskAnalysis.objects.all(), request.user, edit=True, pk=self.kwargs["pk"])
        form = AttachmentForm(request.POST, request.FILES, instance=None)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(attachment_form=form), status=400)
        services.attach(acting_user=request.user, analysis=analysis, attachment=form.save(commit=False))
        messages.success(request, _("Bilagan är sparad."))
        return redirect(analysis)


class AttachmentDownloadView(View):
    """Files are served only here, after the same access check as their analysis."""

    capability = Capability.PUBLIC

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            analysis = get_for_user(RiskAnalysis.objects.all(), request.user, pk=self.kwargs["pk"])
        else:
            published = RiskAnalysis.objects.unscoped().filter(
                status=RiskAnalysis.Status.PUBLISHED, visibility=Visibility.PUBLIC
            )
            analysis = get_object_or_404(published, pk=self.kwargs["pk"])
        attachment = get_object_or_404(analysis.attachments, pk=self.kwargs["attachment"])
        response = FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.split("/")[-1]
        )
        response["Content-Type"] = attachment.content_type
        return response


class ActionPlanListView(ListView):
    capability = Capability.MEMBER
    template_name = "riskanalys/action_plan_list.html"
    context_object_name = "plans"
    paginate_by = 25

    def get_queryset(self):
        return ActionPlan.objects.visible_to(self.request.user).select_related("procurement_region")


class ActionPlanDetailView(TemplateView):
    capability = Capability.MEMBER
    template_name = "riskanalys/action_plan_detail.html"

    def get_plan(self):
        plans = ActionPlan.objects.select_related("procurement_region").prefetch_related(
            Prefetch("activities__categories")
        )
        return get_for_user(plans, self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        plan = self.get_plan()
        editable = can_edit_action_plan(self.request.user, plan)
        form = kwargs.pop("form", None) or (ActivityForm() if editable else None)
        return super().get_context_data(
            plan=plan, activities=plan.activities.all(), editable=editable, form=form, **kwargs
        )

    def post(self, request, *args, **kwargs):
        plan = get_for_user(ActionPlan.objects.all(), request.user, edit=True, pk=self.kwargs["pk"])
        form = ActivityForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.add_activity(
                acting_user=request.user,
                plan=plan,
                activity=form.save(commit=False),
                categories=form.cleaned_data["categories"],
            )
        except AlreadyCreated:
            messages.info(request, _("Formuläret var redan skickat: aktiviteten lades till första gången."))
            return redirect(plan)
        messages.success(request, _("Aktiviteten är tillagd."))
        return redirect(plan)


class StudyListView(ListView):
    capability = Capability.MEMBER
    template_name = "riskanalys/study_list.html"
    context_object_name = "studies"
    paginate_by = 25

    def get_queryset(self):
        return Study.objects.visible_to(self.request.user)
