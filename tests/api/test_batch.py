"""The contract batch: many contracts in one request, all or none, with errors per item (index and
field), through the contract import; an Idempotency-Key makes a retry create nothing twice."""

import json

from revisioner.models import Contract
from tests.api.conftest import bearer, token_for


def _item(register, reference, **changes):
    return {
        "procurement_region": "A", "regions": ["Stockholm"], "supplier": register["abcur"].org_number,
        "category": str(register["category"].pk), "reference": reference, "title": "Handskar",
        "starts_on": "2025-01-01", "ends_on": "2027-12-31", "yearly_value": 1_000_000, **changes,
    }  # fmt: skip


def _post(client, secret, items, key=None):
    headers = bearer(secret) | ({"HTTP_IDEMPOTENCY_KEY": key} if key else {})
    return client.post(
        "/api/v1/contracts/batch/", json.dumps({"contracts": items}), content_type="application/json", **headers
    )


def _references():
    return set(Contract.objects.unscoped().values_list("reference", flat=True))


def test_a_batch_creates_every_contract(client, anna, register):
    _token, secret = token_for(anna, scope="write")
    response = _post(client, secret, [_item(register, "A-10"), _item(register, "A-11")])
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 2
    assert {"A-10", "A-11"} <= _references()


def test_one_bad_item_refuses_the_batch_naming_its_index_and_field(client, anna, register):
    _token, secret = token_for(anna, scope="write")
    before = _references()
    response = _post(client, secret, [_item(register, "A-20"), _item(register, "A-21", supplier="000000-0000")])
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and errors[0]["index"] == 1 and errors[0]["field"] == "supplier"
    assert _references() == before


def test_a_malformed_item_is_named_by_index_and_field(client, anna, register):
    _token, secret = token_for(anna, scope="write")
    response = _post(client, secret, [_item(register, "A-30"), _item(register, "A-31", starts_on="igår")])
    assert response.status_code == 400
    assert [(e["index"], e["field"]) for e in response.json()["errors"]] == [(1, "starts_on")]


def test_a_retry_with_the_same_idempotency_key_creates_nothing_twice(client, anna, register):
    _token, secret = token_for(anna, scope="write")
    items = [_item(register, "A-40")]
    first = _post(client, secret, items, key="batch-2025-01")
    Contract.objects.unscoped().filter(reference="A-40").delete()  # had the retry imported again, it would return
    again = _post(client, secret, items, key="batch-2025-01")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert "A-40" not in _references()
    other_body = _post(client, secret, [_item(register, "A-41")], key="batch-2025-01")
    assert other_body.status_code == 422


def test_a_coordinator_writes_only_for_their_own_procurement_region(client, bertil, register):
    _token, secret = token_for(bertil, scope="write")
    response = _post(client, secret, [_item(register, "B-1")])  # region A's contract
    assert response.status_code == 400
    assert "B-1" not in _references()


def test_a_region_contact_may_not_send_a_batch(client, kalle, register):
    _token, secret = token_for(kalle, scope="write")
    assert _post(client, secret, [_item(register, "K-1")]).status_code == 403
