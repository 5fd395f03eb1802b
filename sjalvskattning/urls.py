from django.urls import path

from sjalvskattning.views import review, supplier

urlpatterns = [
    # The supplier's own pages (a supplier's contact person).
    path("leverantor/", supplier.StartView.as_view(), name="supplier_start"),
    path("leverantor/sjalvskattningar/<int:pk>/", supplier.RequestView.as_view(), name="supplier_request"),
    path(
        "leverantor/sjalvskattningar/<int:pk>/svar/<int:answer>/",
        supplier.AnswerView.as_view(),
        name="supplier_answer",
    ),
    path(
        "leverantor/sjalvskattningar/<int:pk>/svar/<int:answer>/underlag/",
        supplier.AnswerEvidenceView.as_view(),
        name="supplier_answer_evidence",
    ),
    path(
        "leverantor/underlag/<int:pk>/ta-bort/",
        supplier.AnswerEvidenceRemoveView.as_view(),
        name="supplier_answer_evidence_remove",
    ),
    path(
        "leverantor/sjalvskattningar/<int:pk>/skicka-in/",
        supplier.SubmitView.as_view(),
        name="supplier_request_submit",
    ),
    # A file sent with an answer: the supplier who sent it, and the members who read the answers.
    path("underlag/svar/<int:pk>/", supplier.AnswerEvidenceDownloadView.as_view(), name="answer_evidence_download"),
    # The coordinators' pages.
    path("sjalvskattningar/", review.RequestListView.as_view(), name="self_assessment_list"),
    path("sjalvskattningar/skicka/", review.SendView.as_view(), name="self_assessment_send"),
    path("sjalvskattningar/skicka-flera/", review.BulkSendView.as_view(), name="self_assessment_bulk_send"),
    path("sjalvskattningar/<int:pk>/", review.RequestDetailView.as_view(), name="self_assessment_detail"),
    path(
        "sjalvskattningar/<int:pk>/svar/<int:answer>/",
        review.ReviewAnswerView.as_view(),
        name="self_assessment_review_answer",
    ),
    path(
        "sjalvskattningar/<int:pk>/komplettering/",
        review.ReturnView.as_view(),
        name="self_assessment_return",
    ),
    path("sjalvskattningar/<int:pk>/slutfor/", review.CompleteView.as_view(), name="self_assessment_complete"),
    path("sjalvskattningar/<int:pk>/aterkalla/", review.CancelView.as_view(), name="self_assessment_cancel"),
]
