from django.urls import path, register_converter

from riskanalys import views


class TransitionConverter:
    regex = "submit|publish|return"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TransitionConverter, "transition")

urlpatterns = [
    path("kategorier/", views.CategoryTreeView.as_view(), name="category_tree"),
    path("kategorier/forslag/", views.CategorySuggestView.as_view(), name="category_suggest"),
    path("kategorier/<int:pk>/", views.CategoryDetailView.as_view(), name="category_detail"),
    path("kategorier/<int:pk>/andra/", views.CategoryActionView.as_view(), name="category_action"),
    path("offentlig/kategorier/", views.PublicCategoryTreeView.as_view(), name="public_category_tree"),
    path("offentlig/riskanalyser/<int:pk>/", views.PublicRiskAnalysisView.as_view(), name="public_risk_analysis"),
    path("riskanalyser/", views.RiskAnalysisListView.as_view(), name="risk_analysis_list"),
    path("riskanalyser/ny/", views.RiskAnalysisFormView.as_view(), name="risk_analysis_create"),
    path("riskanalyser/<int:pk>/", views.RiskAnalysisDetailView.as_view(), name="risk_analysis_detail"),
    path("riskanalyser/<int:pk>/redigera/", views.RiskAnalysisFormView.as_view(), name="risk_analysis_edit"),
    path(
        "riskanalyser/<int:pk>/<transition:action>/",
        views.RiskAnalysisTransitionView.as_view(),
        name="risk_analysis_transition",
    ),
    path("riskanalyser/<int:pk>/bilagor/", views.AttachmentUploadView.as_view(), name="risk_analysis_attach"),
    path(
        "riskanalyser/<int:pk>/bilagor/<int:attachment>/",
        views.AttachmentDownloadView.as_view(),
        name="risk_analysis_attachment",
    ),
    path("handlingsplaner/", views.ActionPlanListView.as_view(), name="action_plan_list"),
    path("handlingsplaner/<int:pk>/", views.ActionPlanDetailView.as_view(), name="action_plan_detail"),
    path("utredningar/", views.StudyListView.as_view(), name="study_list"),
]
