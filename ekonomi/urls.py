from django.urls import path

from ekonomi import views

urlpatterns = [
    path("ekonomi/", views.FinanceHomeView.as_view(), name="finance_home"),
]
