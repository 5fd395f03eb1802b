from django.urls import path

from akademi import import_views, public_views, views

urlpatterns = [
    path("akademi/", views.EventListView.as_view(), name="event_list"),
    path("akademi/nytt/", views.EventFormView.as_view(), name="event_create"),
    path("akademi/nya-i-natverket/", views.NewcomersView.as_view(), name="academy_newcomers"),
    path("akademi/diplom/", views.DiplomaListView.as_view(), name="diploma_list"),
    path("akademi/diplom/utfarda/<int:user>/", views.DiplomaIssueView.as_view(), name="diploma_issue"),
    path("akademi/diplom/<int:pk>/diplom.pdf", views.CertificateView.as_view(), name="diploma_certificate"),
    path("akademi/mitt-diplom/", views.MyDiplomaView.as_view(), name="my_diploma"),
    path("akademi/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("akademi/<int:pk>/redigera/", views.EventFormView.as_view(), name="event_edit"),
    path("akademi/<int:pk>/anmal/", views.RegisterView.as_view(), name="event_register"),
    path("akademi/<int:pk>/avboka/", views.UnregisterView.as_view(), name="event_unregister"),
    path("akademi/<int:pk>/material/", views.MaterialUploadView.as_view(), name="event_material_upload"),
    path("akademi/<int:pk>/material/<int:material>/", views.MaterialDownloadView.as_view(), name="event_material"),
    path("akademi/<int:pk>/deltagare/", views.ParticipantListView.as_view(), name="event_participants"),
    path("akademi/<int:pk>/narvaro/", views.AttendanceView.as_view(), name="event_attendance"),
    path("akademi/<int:pk>/narvaro/import/", import_views.AttendanceImportView.as_view(), name="attendance_import"),
    path(
        "akademi/<int:pk>/deltagare/<int:registration>/avboka/",
        views.ParticipantCancelView.as_view(),
        name="participant_cancel",
    ),
    path("offentlig/akademi/", views.PublicEventListView.as_view(), name="public_event_list"),
    path(
        "offentlig/akademi/<int:pk>/anmalan/", views.PublicRegistrationView.as_view(), name="public_event_registration"
    ),
    path(
        "offentlig/akademi/anmalan/<str:token>/bekrafta/",
        public_views.ConfirmRegistrationView.as_view(),
        name="public_registration_confirm",
    ),
    path(
        "offentlig/akademi/anmalan/<str:token>/avboka/",
        public_views.CancelRegistrationView.as_view(),
        name="public_registration_cancel",
    ),
]
