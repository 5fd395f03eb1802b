import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["assessmenttemplate", "supplier", "contract", "audit"])
def test_the_secretariat_opens_the_audit_admin(client, kansliet, audit_of, name):
    audit_of("A")
    client.force_login(kansliet)
    assert client.get(reverse(f"admin:revisioner_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:revisioner_{name}_add")).status_code == 200
