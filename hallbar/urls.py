from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from base.metrics import metrics_view
from hallbar import goal_views, views
from regions.access import Capability, requires

# The error page shows the request id (base/errors.py), so a person can quote it.
handler500 = "base.errors.server_error"


@requires(Capability.PUBLIC)
def favicon(request):
    """Browsers ask /favicon.ico whatever the page links; send them to the static one (not permanent:
    its hashed name changes with the file)."""
    return redirect(static("img/favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", views.StartView.as_view(), name="start"),
    path("halsa/", views.health, name="health"),
    # Prometheus's page: open to the addresses of METRICS_ALLOWED_IPS, 404 to everyone else (base/metrics.py).
    path("metrics", requires(Capability.PUBLIC)(metrics_view), name="metrics"),
    path("program/", views.ProgrammeOverviewView.as_view(), name="programme_overview"),
    path("styrning/", views.SteeringDashboardView.as_view(), name="steering_dashboard"),
    path("styrning/<int:year>/matvarden/", views.MetricValuesView.as_view(), name="metric_values"),
    path("styrning/<int:year>/rapporttexter/", views.ReportTextsView.as_view(), name="report_texts"),
    path("styrning/mal/", goal_views.GoalListView.as_view(), name="goal_list"),
    path("styrning/mal/nytt/", goal_views.GoalEditView.as_view(), name="goal_create"),
    path("styrning/mal/<int:pk>/", goal_views.GoalEditView.as_view(), name="goal_edit"),
    path("styrning/<int:year>/bedomningar/", goal_views.GoalAssessmentsView.as_view(), name="goal_assessments"),
    path("rapporter/", views.ReportListView.as_view(), name="report_list"),
    path("rapporter/starta/", views.ReportStartView.as_view(), name="report_start"),
    path("rapporter/<int:pk>/", views.ReportJobDetailView.as_view(), name="report_job_detail"),
    path("rapporter/<int:pk>/status/", views.ReportJobStatusView.as_view(), name="report_job_status"),
    path("rapporter/<int:pk>/starta-om/", views.ReportRestartView.as_view(), name="report_restart"),
    path("rapporter/<int:pk>/verksamhetsrapport.pdf", views.ReportDownloadView.as_view(), name="report_download"),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("regions.urls")),
    path("", include("riskanalys.urls")),
    path("", include("krav.urls")),
    path("", include("revisioner.urls")),
    path("", include("incidenter.urls")),
    path("", include("akademi.urls")),
    path("", include("sjalvskattning.urls")),
    path("", include("ekonomi.urls")),
    path("", include("api.urls")),
    path("", include("sso.urls")),
]
