from django.urls import path, register_converter

from ekonomi import views
from ekonomi.documents import STATEMENT_FORMATS


class StatementFormatConverter:
    regex = "|".join(STATEMENT_FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(StatementFormatConverter, "statement_format")

urlpatterns = [
    path("ekonomi/", views.FinanceHomeView.as_view(), name="finance_home"),
    path("ekonomi/nytt-ar/", views.FiscalYearCreateView.as_view(), name="fiscal_year_create"),
    path("ekonomi/befolkning/", views.PopulationImportView.as_view(), name="population_import"),
    path("ekonomi/avgiftsbrev/", views.FeeLetterListView.as_view(), name="fee_letter_list"),
    path("ekonomi/<int:year>/", views.FiscalYearDetailView.as_view(), name="fiscal_year_detail"),
    path("ekonomi/<int:year>/fordela/", views.AllocateView.as_view(), name="fiscal_year_allocate"),
    path("ekonomi/<int:year>/faststall/", views.AdoptView.as_view(), name="fiscal_year_adopt"),
    path("ekonomi/<int:year>/stang/", views.CloseView.as_view(), name="fiscal_year_close"),
    path("ekonomi/<int:year>/kostnader/", views.AddCostView.as_view(), name="fiscal_year_add_cost"),
    path("ekonomi/<int:year>/budget/", views.SetBudgetView.as_view(), name="fiscal_year_budget"),
    path(
        "ekonomi/<int:year>/arsbokslut.<statement_format:fmt>",
        views.StatementDownloadView.as_view(),
        name="fiscal_year_statement",
    ),
    path(
        "ekonomi/<int:year>/avgiftsbrev/<slug:slug>.pdf",
        views.FeeLetterView.as_view(),
        name="fee_letter",
    ),
]
