"""The supplier page (a member page) shows the supplier's self-assessments: shared with every member."""

from django.urls import reverse


def test_every_member_sees_that_a_supplier_has_a_self_assessment_and_its_state(client, kalle, sent_request):
    client.force_login(kalle)
    page = client.get(reverse("supplier_detail", args=[sent_request.supplier_id])).content.decode()
    assert "Självskattningar" in page
    assert sent_request.get_absolute_url() in page and "Skickad" in page


def test_a_supplier_without_self_assessments_says_so(client, kalle, supplier):
    client.force_login(kalle)
    page = client.get(reverse("supplier_detail", args=[supplier.pk])).content.decode()
    assert "Leverantören har inte fått någon självskattning." in page
