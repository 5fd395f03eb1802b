from django.contrib import admin
from django.urls import include, path

from hallbar import views

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("halsa/", views.health, name="health"),
    path("program/", views.ProgrammeOverviewView.as_view(), name="programme_overview"),
    path("styrning/", views.SteeringDashboardView.as_view(), name="steering_dashboard"),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("regions.urls")),
    path("", include("ekonomi.urls")),
]
