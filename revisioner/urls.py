from django.urls import path, register_converter

from revisioner import import_views, plan_views, statistics, views


class AuditTransitionConverter:
    regex = "start|draft-report|await-actions|close|cancel"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(AuditTransitionConverter, "audit_transition")

urlpatterns = [
    path("leverantorer/", views.SupplierListView.as_view(), name="supplier_list"),
    path("leverantorer/ny/", views.SupplierCreateView.as_view(), name="supplier_create"),
    path("leverantorer/<int:pk>/", views.SupplierDetailView.as_view(), name="supplier_detail"),
    path("leverantorer/<int:pk>/redigera/", views.SupplierEditView.as_view(), name="supplier_edit"),
    path("leverantorer/<int:pk>/sla-samman/", views.SupplierMergeView.as_view(), name="supplier_merge"),
    path("avtal/", views.ContractListView.as_view(), name="contract_list"),
    path("avtal/nytt/", views.ContractFormView.as_view(), name="contract_create"),
    path("avtal/<int:pk>/", views.ContractDetailView.as_view(), name="contract_detail"),
    path("avtal/<int:pk>/redigera/", views.ContractFormView.as_view(), name="contract_edit"),
    path("revisioner/", views.AuditListView.as_view(), name="audit_list"),
    path("revisioner/ny/", views.AuditFormView.as_view(), name="audit_create"),
    path("revisioner/statistik/", statistics.AuditStatisticsView.as_view(), name="audit_statistics"),
    path("revisioner/import/", import_views.ImportView.as_view(), name="revisioner_import"),
    path("revisioner/<int:pk>/", views.AuditDetailView.as_view(), name="audit_detail"),
    path("revisioner/<int:pk>/redigera/", views.AuditFormView.as_view(), name="audit_edit"),
    path("revisioner/<int:pk>/bedomning/", views.AuditRatingView.as_view(), name="audit_rate"),
    path(
        "revisioner/<int:pk>/<audit_transition:action>/", views.AuditTransitionView.as_view(), name="audit_transition"
    ),
    path(
        "revisioner/<int:pk>/avvikelser/<int:deviation>/", views.DeviationActionView.as_view(), name="deviation_action"
    ),
    path("revisioner/<int:pk>/atgarder/<int:action>/", views.ActionMoveView.as_view(), name="action_move"),
    path("revisioner/<int:pk>/sammanfattning/", views.SummaryView.as_view(), name="audit_summary"),
    path("revisioner/<int:pk>/rapport.pdf", views.AuditReportPdfView.as_view(), name="audit_pdf"),
    path("avvikelser/", views.DeviationListView.as_view(), name="deviation_list"),
    path("atgarder/", views.ActionListView.as_view(), name="action_list"),
    path("bedomningsmallar/", views.TemplateListView.as_view(), name="assessment_template_list"),
    path("bedomningsmallar/<int:pk>/", views.TemplateDetailView.as_view(), name="assessment_template_detail"),
    path("offentlig/revisioner/", views.PublicSummaryListView.as_view(), name="public_audit_list"),
    path("offentlig/revisioner/<int:pk>/", views.PublicSummaryView.as_view(), name="public_audit_summary"),
    path("revisionsplan/", plan_views.AuditPlanRedirectView.as_view(), name="audit_plan_current"),
    path("revisionsplan/<int:year>/", plan_views.AuditPlanView.as_view(), name="audit_plan"),
    path("revisionsplan/<int:year>/urval/", plan_views.SelectionView.as_view(), name="audit_selection"),
    path(
        "revisionsplan/<int:year>/poster/<int:pk>/ta-bort/",
        plan_views.PlanEntryRemoveView.as_view(),
        name="plan_entry_remove",
    ),
]
