from django.urls import path

from incidenter import views

urlpatterns = [
    path("incidenter/", views.IncidentListView.as_view(), name="incident_list"),
    path("incidenter/nytt/", views.IncidentCreateView.as_view(), name="incident_create"),
    path("incidenter/<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("incidenter/<int:pk>/redigera/", views.IncidentEditView.as_view(), name="incident_edit"),
    path("incidenter/<int:pk>/parter/", views.PartyAddView.as_view(), name="incident_party_add"),
    path("incidenter/<int:pk>/handelser/", views.TimelineAddView.as_view(), name="incident_timeline_add"),
    path("incidenter/<int:pk>/utfall/", views.OutcomeAddView.as_view(), name="incident_outcome_add"),
    path("incidenter/<int:pk>/avtal/", views.ContractLinkView.as_view(), name="incident_contract_link"),
    path("incidenter/<int:pk>/revisioner/", views.AuditLinkView.as_view(), name="incident_audit_link"),
    path("incidenter/<int:pk>/deltagare/", views.ParticipantAddView.as_view(), name="incident_participant_add"),
    path("incidenter/<int:pk>/dela/", views.MakeNetworkView.as_view(), name="incident_make_network"),
    path("incidenter/<int:pk>/sammanfattning/", views.SummaryView.as_view(), name="incident_summary"),
    path("incidenter/<int:pk>/avsluta/", views.CloseView.as_view(), name="incident_close"),
    path(
        "incidenter/<int:pk>/bilagor/<int:attachment>/",
        views.AttachmentDownloadView.as_view(),
        name="incident_attachment",
    ),
]
