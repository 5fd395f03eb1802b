"""The review page refuses to accept an answer that does not fully meet the criterion, at the field."""

from sjalvskattning import services
from sjalvskattning.models import Answer, Request
from tests.sjalvskattning.test_review_detail import _answers, _review


def test_a_partly_met_answer_cannot_be_accepted_and_the_page_says_why(client, anna, sara, sent_request):
    first, *others = _answers(sent_request)
    services.save_answer(acting_user=sara, answer=first, value="partly", text="Delvis.")
    for answer in others:
        services.save_answer(acting_user=sara, answer=answer, value="meets", text="Ja.")
    request = services.submit_request(acting_user=sara, request=Request.objects.unscoped().get(pk=sent_request.pk))
    client.force_login(anna)

    response = _review(client, request, Answer.objects.unscoped().get(pk=first.pk), "accepted")

    assert response.status_code == 400
    assert "Svaret uppfyller inte kravet helt" in response.content.decode()
    assert Answer.objects.unscoped().get(pk=first.pk).review == Answer.Review.PENDING
