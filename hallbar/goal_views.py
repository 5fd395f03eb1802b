"""The secretariat's pages of the strategy's goals: the list, a goal's edit page with its history,
and the year's written assessment of each goal (printed in the report's chapter "Mål och utfall")."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from hallbar import services
from hallbar.dashboard import goal_rows
from hallbar.forms import GoalAssessmentForm, GoalForm
from hallbar.models import Goal, GoalAssessment
from regions.access import Capability


class GoalListView(TemplateView):
    """Every goal, by period and order, with the links to change it and to assess a year."""

    capability = Capability.EDIT_PROGRAMME
    template_name = "hallbar/goal_list.html"

    def get_context_data(self, **kwargs):
        goals = list(Goal.objects.all())
        years = sorted({year for goal in goals for year in range(goal.start_year, goal.end_year + 1)})
        return super().get_context_data(goals=goals, years=years, **kwargs)


class GoalEditView(TemplateView):
    """A goal's text, kind, target and metric; a new goal when there is no pk. With its history."""

    capability = Capability.EDIT_PROGRAMME
    template_name = "hallbar/goal_edit.html"

    def goal(self) -> Goal:
        return get_object_or_404(Goal, pk=self.kwargs["pk"]) if "pk" in self.kwargs else Goal()

    def get_context_data(self, **kwargs):
        goal = kwargs.pop("goal", None) or self.goal()
        form = kwargs.pop("form", None) or GoalForm(instance=goal)
        history = goal.history.select_related("history_user")[:10] if goal.pk else []
        return super().get_context_data(goal=goal, form=form, history=history, **kwargs)

    def post(self, request, *args, **kwargs):
        goal = self.goal()
        form = GoalForm(request.POST, instance=Goal(pk=goal.pk))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(goal=goal, form=form), status=400)
        services.save_goal(acting_user=request.user, goal=goal, **form.cleaned_data)
        messages.success(request, _("Målet är sparat."))
        return redirect("goal_list")


class GoalAssessmentsView(TemplateView):
    """The secretariat's assessment of each goal for a year, beside the year's outcome."""

    capability = Capability.EDIT_PROGRAMME
    template_name = "hallbar/goal_assessments.html"

    def get_context_data(self, **kwargs):
        year = kwargs.pop("year", self.kwargs["year"])
        rows, _series, _years = goal_rows(year)
        texts = dict(GoalAssessment.objects.filter(year=year).values_list("goal_id", "text"))
        bound = kwargs.pop("bound", {})
        entries = [
            (
                row,
                bound.get(row.goal.pk)
                or GoalAssessmentForm(prefix=f"goal-{row.goal.pk}", initial={"text": texts.get(row.goal.pk, "")}),
            )
            for row in rows
        ]
        return super().get_context_data(year=year, entries=entries, **kwargs)

    def post(self, request, *args, **kwargs):
        year = self.kwargs["year"]
        goals = list(Goal.objects.filter(start_year__lte=year, end_year__gte=year))
        forms = {goal.pk: GoalAssessmentForm(request.POST, prefix=f"goal-{goal.pk}") for goal in goals}
        if not all(form.is_valid() for form in forms.values()):
            return self.render_to_response(self.get_context_data(bound=forms), status=400)
        for goal in goals:  # an unchanged text writes no history; an emptied one is removed
            services.set_goal_assessment(
                acting_user=request.user, goal=goal, year=year, text=forms[goal.pk].cleaned_data["text"]
            )
        messages.success(request, _("Bedömningarna för %(year)s är sparade.") % {"year": year})
        return redirect(f"{reverse('steering_dashboard')}?year={year}")
