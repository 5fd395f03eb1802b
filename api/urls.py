from django.urls import path

from api import pages, views

urlpatterns = [
    path("api/v1/summaries/", views.SummaryListView.as_view(), name="api_summaries"),
    path("api/v1/summaries/<int:pk>/", views.SummaryDetailView.as_view(), name="api_summary"),
    path("api/v1/categories/", views.CategoryListView.as_view(), name="api_categories"),
    path("api/v1/requirements/", views.RequirementListView.as_view(), name="api_requirements"),
    path("api/v1/audits/", views.AuditListView.as_view(), name="api_audits"),
    path("api/v1/contracts/", views.ContractListView.as_view(), name="api_contracts"),
    path("api/v1/contracts/batch/", views.ContractBatchView.as_view(), name="api_contract_batch"),
    path("api/v1/incidents/", views.IncidentListView.as_view(), name="api_incidents"),
    path("api/v1/incident-summaries/", views.PublishedIncidentListView.as_view(), name="api_published_incidents"),
    path("api/v1/schema/", pages.SchemaView.as_view(), name="api_schema"),
    path("api/v1/docs/", pages.DocsView.as_view(), name="api_docs"),
    path("profil/api-nycklar/", pages.TokenListView.as_view(), name="api_tokens"),
    path("profil/api-nycklar/<int:pk>/aterkalla/", pages.TokenRevokeView.as_view(), name="api_token_revoke"),
    path("oppna-data/", pages.OpenDataView.as_view(), name="open_data"),
    path("oppna-data/revisioner.csv", pages.OpenDataDownloadView.as_view(fmt="csv"), name="open_data_csv"),
    path("oppna-data/revisioner.json", pages.OpenDataDownloadView.as_view(fmt="json"), name="open_data_json"),
]
