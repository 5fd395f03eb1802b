from django.urls import path

from regions import views

urlpatterns = [
    path("regioner/", views.RegionListView.as_view(), name="region_list"),
    path("regioner/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("upphandlingsregioner/", views.ProcurementRegionListView.as_view(), name="procurement_region_list"),
    path(
        "upphandlingsregioner/<str:letter>/",
        views.ProcurementRegionDetailView.as_view(),
        name="procurement_region_detail",
    ),
    path("personer/", views.PersonListView.as_view(), name="person_list"),
    path("personer/bjud-in/", views.PersonInviteView.as_view(), name="person_invite"),
    path("personer/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("personer/<int:pk>/roller/", views.MembershipAddView.as_view(), name="membership_add"),
    path("personer/<int:pk>/anstalld-av/", views.PersonEmployingRegionView.as_view(), name="person_employer"),
    path("personer/<int:pk>/inaktivera/", views.PersonDeactivateView.as_view(), name="person_deactivate"),
    path("personer/<int:pk>/aktivera/", views.PersonReactivateView.as_view(), name="person_reactivate"),
    path("personer/<int:pk>/skicka-inbjudan/", views.PersonResendInvitationView.as_view(), name="person_resend"),
    path("roller/<int:pk>/ta-bort/", views.MembershipRemoveView.as_view(), name="membership_remove"),
    path("inbjudan/<str:uidb64>/<str:token>/", views.AcceptInvitationView.as_view(), name="accept_invitation"),
]
