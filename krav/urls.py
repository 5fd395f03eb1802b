from django.urls import path, register_converter

from krav import priority_views, views


class VersionActionConverter:
    regex = "consult|adopt|retire|new_version|checklist|respond|attach"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class SpreadsheetConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(VersionActionConverter, "version_action")
register_converter(SpreadsheetConverter, "spreadsheet")

urlpatterns = [
    path("krav/", views.RequirementListView.as_view(), name="requirement_list"),
    path("krav/nytt/", views.RequirementCreateView.as_view(), name="requirement_create"),
    path("krav/<int:pk>/", views.RequirementDetailView.as_view(), name="requirement_detail"),
    path("krav/versioner/<int:pk>/", views.VersionView.as_view(), name="requirement_version"),
    path(
        "krav/versioner/<int:pk>/<version_action:action>/",
        views.VersionActionView.as_view(),
        name="requirement_version_action",
    ),
    path(
        "krav/versioner/<int:pk>/bilagor/<int:attachment>/",
        views.VersionAttachmentView.as_view(),
        name="requirement_attachment",
    ),
    path("krav/prioriteringslista/", priority_views.PriorityListView.as_view(), name="priority_list"),
    path("krav/prioriteringslista/<int:pk>/", priority_views.PriorityEntryEditView.as_view(), name="priority_edit"),
    path(
        "krav/prioriteringslista/<int:pk>/ta-bort/",
        priority_views.PriorityEntryRemoveView.as_view(),
        name="priority_remove",
    ),
    path("krav/anvandning/", views.UptakeMatrixView.as_view(), name="uptake_matrix"),
    path("krav/anvandning.<spreadsheet:fmt>", views.UptakeExportView.as_view(), name="uptake_export"),
    path("krav/anvandning/<int:pk>/<slug:slug>/", views.UptakeCellView.as_view(), name="uptake_cell"),
    path("offentlig/krav/", views.PublicRequirementListView.as_view(), name="public_requirements"),
]
