from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View

from base import health as health_checks
from base.cache import cached_figures
from base.charts import bar_chart
from base.formats import ksek
from base.registry import SECTION_ORDER, metrics_in_order
from hallbar import report_texts, services
from hallbar.dashboard import FIRST_YEAR, goal_rows
from hallbar.forms import MetricValuesForm, ReportStartForm, ReportTextForm, YearForm
from hallbar.models import MetricValue, ReportJob, ReportText
from hallbar.navigation import WORK_ANCHOR, has_work_queue, work_queue, workspaces
from regions.access import Capability, Role, requires
from regions.models import Membership, ProcurementRegion, Region, User


@requires(Capability.PUBLIC)
def health(request):
    """The load balancer's health check and the floor of the benchmark: one line per part, and 503
    naming what is down (the database, Redis, the worker's heartbeat, the mail server)."""
    checks = health_checks.run_checks()
    lines = [f"{check.name}: {'ok' if check.ok else 'DOWN'} ({check.detail})" for check in checks]
    status = 200 if all(check.ok for check in checks) else 503
    return HttpResponse("\n".join(["ok" if status == 200 else "down", *lines]) + "\n", "text/plain", status)


class StartView(TemplateView):
    """Each member's work queue ("Mitt arbete"), most urgent first, and the places their roles lead
    to. Whoever has no queue and one place goes straight there: a supplier's contact person to
    their supplier's start page, the steering group to its dashboard, finance to the fees."""

    capability = Capability.PUBLIC
    template_name = "hallbar/start.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.render_to_response({"anonymous": True})
        links = workspaces(request.user)
        queued = has_work_queue(request.user)
        if not queued and len(links) == 1:
            return redirect(links[0].url)
        work = work_queue(request.user) if queued else []
        return self.render_to_response(
            self.get_context_data(
                workspaces=links,
                has_queue=queued,
                work=work,
                work_total=sum(group.count for group in work),
                work_anchor=WORK_ANCHOR,
            )
        )


class ProgrammeOverviewView(TemplateView):
    capability = Capability.VIEW_PROGRAMME
    template_name = "hallbar/programme_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        counts = User.objects.editable_by(user).status_counts()
        memberships = Membership.objects.visible_to(user).filter(user__is_active=True)
        by_role = dict(memberships.values_list("role").annotate(n=Count("pk")).order_by())
        coordinators = memberships.filter(role=Role.COORDINATOR).select_related("user")
        return super().get_context_data(
            region_count=Region.objects.count(),
            people_counts=counts,
            roles=[(label, by_role.get(value, 0)) for value, label in Role.choices],
            procurement_regions=ProcurementRegion.objects.annotate(region_count=Count("regions")).prefetch_related(
                Prefetch("memberships", queryset=coordinators, to_attr="coordinators")
            ),
            **kwargs,
        )


def default_year() -> int:
    return timezone.localdate().year - 1


def chosen_year(request) -> int:
    form = YearForm(request.GET)
    return form.cleaned_data["year"] if form.is_valid() else default_year()


class SteeringDashboardView(TemplateView):
    """Goals against outcomes for a year, with the trend since 2022 as charts and tables."""

    capability = Capability.VIEW_DASHBOARD
    template_name = "hallbar/steering_dashboard.html"

    def get_context_data(self, **kwargs):
        year = chosen_year(self.request)
        # The goals and charts are the same for every reader of the year: rendered once, they are
        # kept with the figures and forgotten with them when a record they are computed from changes.
        figures = cached_figures(f"dashboard-page:{year}:{get_language()}", lambda: _figures_html(year))
        return super().get_context_data(
            year=year,
            years=list(range(FIRST_YEAR, timezone.localdate().year + 1)),
            figures=mark_safe(figures),  # noqa: S308 - rendered from our own template just above
            **kwargs,
        )


def _figures_html(year: int) -> str:
    rows, series, years = goal_rows(year)
    charts = [_chart(metric, series[metric.key], years, year) for metric in metrics_in_order() if series[metric.key]]
    context = {"year": year, "goal_rows": rows, "charts": charts}
    return str(render_to_string("hallbar/steering_dashboard_figures.html", context))


def _chart(metric, values, years, year) -> dict:
    """A metric's bars since 2022 and the same figures as a table; amounts of money in kSEK."""
    in_ksek = metric.unit == "kr"
    points = [(str(y), ksek(values[y]) if in_ksek and y in values else values.get(y)) for y in years]
    unit = _("tkr") if in_ksek else ""
    return {
        "metric": metric,
        "unit": unit,
        "points": points,
        "svg": bar_chart(points, title=str(metric.label), unit=unit),
        "link": metric.link(year) if metric.link else None,
    }


class MetricValuesView(TemplateView):
    """The secretariat enters the year's figures that no record gives."""

    capability = Capability.EDIT_PROGRAMME
    template_name = "hallbar/metric_values.html"

    def get_context_data(self, **kwargs):
        year = kwargs.pop("year", self.kwargs["year"])
        rows = MetricValue.objects.filter(year=year)
        values = {row.metric: row.value for row in rows}
        lower_bounds = {row.metric for row in rows if row.lower_bound}
        form = kwargs.pop("form", None) or MetricValuesForm(initial_values=values, initial_lower_bounds=lower_bounds)
        return super().get_context_data(year=year, form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        form = MetricValuesForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.set_metric_values(
            acting_user=request.user, year=self.kwargs["year"], values=form.values(), lower_bounds=form.lower_bounds()
        )
        messages.success(request, _("Mätvärdena för %(year)s är sparade.") % {"year": self.kwargs["year"]})
        return redirect(f"{reverse('steering_dashboard')}?year={self.kwargs['year']}")


class ReportTextsView(TemplateView):
    """The secretariat's own text per section of a year's report, with a note that is never printed."""

    capability = Capability.EDIT_PROGRAMME
    template_name = "hallbar/report_texts.html"

    def get_context_data(self, **kwargs):
        year = kwargs.pop("year", self.kwargs["year"])
        texts = {text.section: text for text in ReportText.objects.filter(year=year)}
        bound = kwargs.pop("bound", {})
        sections = [
            (
                key,
                title,
                bound.get(key)
                or ReportTextForm(
                    prefix=key,
                    initial={
                        "text": getattr(texts.get(key), "text", ""),
                        "internal_note": getattr(texts.get(key), "internal_note", ""),
                    },
                ),
            )
            for key, title in SECTION_ORDER
        ]
        return super().get_context_data(
            year=year, sections=sections, images=report_texts.images(year), image_kinds="PNG, JPEG, GIF", **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "image" in request.FILES:
            return self.upload_image(request)
        forms = {key: ReportTextForm(request.POST, prefix=key) for key, _title in SECTION_ORDER}
        if not all(form.is_valid() for form in forms.values()):
            return self.render_to_response(self.get_context_data(bound=forms), status=400)
        for key, form in forms.items():
            if form.has_changed():
                services.set_report_text(
                    acting_user=request.user, year=self.kwargs["year"], section=key, **form.cleaned_data
                )
        messages.success(request, _("Texterna för %(year)s är sparade.") % {"year": self.kwargs["year"]})
        return redirect("report_list")

    def upload_image(self, request):
        try:
            name = report_texts.save_image(self.kwargs["year"], request.FILES["image"], uploaded_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Bilden är sparad. Skriv ![vad bilden visar](bild:%(name)s) i texten.") % {"name": name}
            )
        return redirect("report_texts", year=self.kwargs["year"])


class ReportListView(ListView):
    """Report jobs, newest first, and the form to build a year's report."""

    capability = Capability.VIEW_DASHBOARD
    template_name = "hallbar/report_list.html"
    context_object_name = "jobs"
    paginate_by = 20

    def get_queryset(self):
        return ReportJob.objects.select_related("requested_by")

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or ReportStartForm(initial={"year": default_year()})
        return super().get_context_data(form=form, **kwargs)


class ReportStartView(View):
    capability = Capability.EDIT_PROGRAMME
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ReportStartForm(request.POST)
        if not form.is_valid():
            # The list again, with the form as sent and its errors beside the fields.
            listing = ReportListView(request=request, args=args, kwargs=kwargs)
            listing.object_list = listing.get_queryset()
            return listing.render_to_response(listing.get_context_data(form=form), status=400)
        job = services.start_report(
            acting_user=request.user, year=form.cleaned_data["year"], published_on=form.cleaned_data["published_on"]
        )
        return redirect(job)


class ReportJobDetailView(DetailView):
    capability = Capability.VIEW_DASHBOARD
    template_name = "hallbar/report_job.html"
    context_object_name = "job"
    model = ReportJob


class ReportJobStatusView(ReportJobDetailView):
    """The job's progress as a fragment; htmx polls it until the job has finished."""

    template_name = "hallbar/report_job_status.html"


class ReportRestartView(View):
    capability = Capability.EDIT_PROGRAMME
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = get_object_or_404(ReportJob, pk=self.kwargs["pk"])
        if job.status == ReportJob.Status.DONE:
            messages.info(request, _("Rapporten är redan klar."))
        else:
            services.restart_report(acting_user=request.user, job=job)
        return redirect(job)


class ReportDownloadView(View):
    capability = Capability.VIEW_DASHBOARD

    def get(self, request, *args, **kwargs):
        job = get_object_or_404(ReportJob, pk=self.kwargs["pk"], status=ReportJob.Status.DONE)
        if not job.file:
            raise Http404
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
