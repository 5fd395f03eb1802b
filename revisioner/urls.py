from django.urls import path, register_converter

from revisioner import statistics
from revisioner.views import (
    actions,
    audits,
    contracts,
    deviations,
    imports,
    plan,
    public,
    supplier_side,
    suppliers,
    templates,
)


class AuditTransitionConverter:
    regex = "start|draft-report|await-actions|close|cancel"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(AuditTransitionConverter, "audit_transition")

urlpatterns = [
    path("leverantorer/", suppliers.SupplierListView.as_view(), name="supplier_list"),
    path("leverantorer/ny/", suppliers.SupplierCreateView.as_view(), name="supplier_create"),
    path("leverantorer/forslag/", suppliers.SupplierSuggestView.as_view(), name="supplier_suggest"),
    path("leverantorer/<int:pk>/", suppliers.SupplierDetailView.as_view(), name="supplier_detail"),
    path("leverantorer/<int:pk>/redigera/", suppliers.SupplierEditView.as_view(), name="supplier_edit"),
    path("leverantorer/<int:pk>/sla-samman/", suppliers.SupplierMergeView.as_view(), name="supplier_merge"),
    path("avtal/", contracts.ContractListView.as_view(), name="contract_list"),
    path("avtal/nytt/", contracts.ContractFormView.as_view(), name="contract_create"),
    path("avtal/<int:pk>/", contracts.ContractDetailView.as_view(), name="contract_detail"),
    path("avtal/<int:pk>/redigera/", contracts.ContractFormView.as_view(), name="contract_edit"),
    path("revisioner/", audits.AuditListView.as_view(), name="audit_list"),
    path("revisioner/ny/", audits.AuditFormView.as_view(), name="audit_create"),
    path("revisioner/statistik/", statistics.AuditStatisticsView.as_view(), name="audit_statistics"),
    path("revisioner/import/", imports.ImportView.as_view(), name="revisioner_import"),
    path("revisioner/import/<int:pk>/", imports.ImportJobDetailView.as_view(), name="import_job_detail"),
    path("revisioner/import/<int:pk>/status/", imports.ImportJobStatusView.as_view(), name="import_job_status"),
    path("revisioner/import/<int:pk>/bekrafta/", imports.ImportJobConfirmView.as_view(), name="import_job_confirm"),
    path("revisioner/import/<int:pk>/starta-igen/", imports.ImportJobRestartView.as_view(), name="import_job_restart"),
    path("revisioner/<int:pk>/", audits.AuditDetailView.as_view(), name="audit_detail"),
    path("revisioner/<int:pk>/redigera/", audits.AuditFormView.as_view(), name="audit_edit"),
    path("revisioner/<int:pk>/bedomning/", audits.AuditRatingView.as_view(), name="audit_rate"),
    path(
        "revisioner/<int:pk>/<audit_transition:action>/", audits.AuditTransitionView.as_view(), name="audit_transition"
    ),
    path(
        "revisioner/<int:pk>/avvikelser/<int:deviation>/",
        deviations.DeviationActionView.as_view(),
        name="deviation_action",
    ),
    path("revisioner/<int:pk>/atgarder/<int:action>/", actions.ActionMoveView.as_view(), name="action_move"),
    path("revisioner/<int:pk>/sammanfattning/", audits.SummaryView.as_view(), name="audit_summary"),
    path("revisioner/<int:pk>/rapport.pdf", audits.AuditReportPdfView.as_view(), name="audit_pdf"),
    path("avvikelser/", deviations.DeviationListView.as_view(), name="deviation_list"),
    path("atgarder/", actions.ActionListView.as_view(), name="action_list"),
    path("bedomningsmallar/", templates.TemplateListView.as_view(), name="assessment_template_list"),
    path("bedomningsmallar/<int:pk>/", templates.TemplateDetailView.as_view(), name="assessment_template_detail"),
    path("offentlig/revisioner/", public.PublicSummaryListView.as_view(), name="public_audit_list"),
    path("offentlig/revisioner/<int:pk>/", public.PublicSummaryView.as_view(), name="public_audit_summary"),
    path("revisionsplan/", plan.AuditPlanRedirectView.as_view(), name="audit_plan_current"),
    path("revisionsplan/<int:year>/", plan.AuditPlanView.as_view(), name="audit_plan"),
    path("revisionsplan/<int:year>/urval/", plan.SelectionView.as_view(), name="audit_selection"),
    path(
        "revisionsplan/<int:year>/poster/<int:pk>/ta-bort/",
        plan.PlanEntryRemoveView.as_view(),
        name="plan_entry_remove",
    ),
]

# The supplier's own pages of its deviations and corrective actions (a supplier's contact person).
urlpatterns += [
    path("leverantor/avvikelser/", supplier_side.DeviationListView.as_view(), name="supplier_deviations"),
    path("leverantor/avvikelser/<int:pk>/", supplier_side.DeviationView.as_view(), name="supplier_deviation"),
    path("leverantor/avvikelser/<int:pk>/plan/", supplier_side.PlanView.as_view(), name="supplier_plan"),
    path(
        "leverantor/atgarder/<int:pk>/genomford/",
        supplier_side.ImplementedView.as_view(),
        name="supplier_action_implemented",
    ),
    path(
        "leverantor/atgarder/<int:pk>/underlag/",
        supplier_side.ActionEvidenceView.as_view(),
        name="supplier_action_evidence",
    ),
    # A file sent with an action: the supplier who sent it, and the members who see the audit.
    path(
        "underlag/atgard/<int:pk>/", supplier_side.ActionEvidenceDownloadView.as_view(), name="action_evidence_download"
    ),
    # The coordinators' side: contact persons, the supplier's plans, desk verification.
    path(
        "leverantorer/<int:pk>/kontaktpersoner/ny/",
        suppliers.SupplierContactInviteView.as_view(),
        name="supplier_contact_invite",
    ),
    path(
        "leverantorer/<int:pk>/kontaktpersoner/<int:contact>/ta-bort/",
        suppliers.SupplierContactRemoveView.as_view(),
        name="supplier_contact_remove",
    ),
    path(
        "revisioner/<int:pk>/atgarder/<int:action>/plan/",
        actions.PlanReviewView.as_view(),
        name="action_plan_review",
    ),
    path(
        "revisioner/<int:pk>/avvikelser/<int:deviation>/skrivbordsverifiering/",
        deviations.DeskVerificationView.as_view(),
        name="deviation_desk_verification",
    ),
]
