"""A real OpenID Connect provider on 127.0.0.1 (tests/sso/oidc_idp, django-oauth-toolkit), started
once per test session as a process of its own, and a region whose people log in through it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from regions.access import Role
from regions.models import Region
from sso.models import IdentityProvider
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID, CLIENT_SECRET, SLUG = "hallbar", "test-client-secret", "halland"
CALLBACK = f"http://testserver/konto/oidc/{SLUG}/login/callback/"
# The provider's people, each with the scenario its tokens follow (tests/sso/oidc_idp/validators.py).
IDP_PEOPLE = {
    "hanna@regionhalland.example": "",
    "maja@regionhalland.example": "mfa",
    "okand@regionhalland.example": "",
    "ella@regionhalland.example": "expired",
    "ivar@regionhalland.example": "wrong_iss",
    "aron@regionhalland.example": "wrong_aud",
    "nora@annanregion.example": "",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_key(directory: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (directory / "key.pem").write_bytes(pem)


@pytest.fixture(scope="session")
def oidc_issuer(tmp_path_factory):
    """The issuer URL of the running test provider."""
    directory = tmp_path_factory.mktemp("oidc_idp")
    _write_key(directory)
    env = {**os.environ, "TEST_IDP_DIR": str(directory), "DJANGO_SETTINGS_MODULE": "tests.sso.oidc_idp.settings"}
    people = [f"{email}:{scenario}" for email, scenario in IDP_PEOPLE.items()]
    subprocess.run(
        [sys.executable, "-m", "tests.sso.oidc_idp.setup", CLIENT_ID, CLIENT_SECRET, CALLBACK, *people],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    port = _free_port()
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    issuer = f"http://127.0.0.1:{port}/o"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("the test identity provider did not start: " + (directory / "server.log").read_text())
        yield issuer
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture
def halland(reference, oidc_issuer):
    """Region Halland logs in through the test provider; the secret is stored encrypted."""
    provider = IdentityProvider(
        region=Region.objects.get(short_name="Halland"), name="Region Hallands inloggning", slug=SLUG,
        issuer=oidc_issuer, client_id=CLIENT_ID, email_domains="regionhalland.example",
    )  # fmt: skip
    provider.set_secret(CLIENT_SECRET)
    provider.save()
    return provider


@pytest.fixture
def hanna(reference):
    """Invited to Region Halland as its contact person; has never set a password."""
    halland = Region.objects.get(short_name="Halland")
    user = factories.member(
        Role.REGION_CONTACT, region=halland, name="Hanna Halland", email="hanna@regionhalland.example"
    )
    user.set_unusable_password()
    user.save()
    return user


def _write_key_and_certificate(directory: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    _write_key(directory)
    key = serialization.load_pem_private_key((directory / "key.pem").read_bytes(), password=None)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test-idp")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    (directory / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


# python3-saml takes no single-label host such as Django's "testserver".
SAML_HOST = "hallbar.test"
SAML_SP = f"http://{SAML_HOST}/konto/saml/{SLUG}/metadata/"
SAML_ACS = f"http://{SAML_HOST}/konto/saml/{SLUG}/acs/"


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    """The base URL of the running test SAML provider (tests/sso/saml_idp.py)."""
    from tests.sso.saml_idp import OTHER_SP, sp_metadata

    directory = tmp_path_factory.mktemp("saml_idp")
    _write_key_and_certificate(directory)
    (directory / "sp.xml").write_text(
        '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">'
        + sp_metadata(SAML_SP, SAML_ACS)
        + sp_metadata(OTHER_SP, "http://other-service.example/acs/")
        + "</md:EntitiesDescriptor>"
    )
    port = _free_port()
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.sso.saml_idp", str(directory), str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/metadata", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("the test SAML provider did not start: " + (directory / "server.log").read_text())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture
def halland_saml(reference, saml_idp):
    """Region Halland logs in through the test SAML provider."""
    return IdentityProvider.objects.create(
        region=Region.objects.get(short_name="Halland"), name="Region Hallands inloggning", slug=SLUG,
        protocol=IdentityProvider.Protocol.SAML, issuer=f"{saml_idp}/metadata", metadata_url=f"{saml_idp}/metadata",
        email_domains="regionhalland.example",
    )  # fmt: skip
