from django.urls import path

from sso import views

urlpatterns = [
    path("inloggningar/", views.IdentityProviderListView.as_view(), name="identity_provider_list"),
    path("inloggningar/ny/", views.IdentityProviderEditView.as_view(), name="identity_provider_create"),
    path("inloggningar/<int:pk>/", views.IdentityProviderEditView.as_view(), name="identity_provider_edit"),
    path("inloggningar/losenord/", views.PasswordLoginAllowView.as_view(), name="password_login_allow"),
    path(
        "inloggningar/losenord/<int:pk>/ta-bort/",
        views.PasswordLoginWithdrawView.as_view(),
        name="password_login_withdraw",
    ),
]
