"""A small SAML identity provider (pysaml2) that the SSO tests start on 127.0.0.1, standing for a
region's on-premise IdP. Run as ``python -m tests.sso.saml_idp <directory> <port>``; the directory
holds its key and certificate (key.pem, cert.pem) and the metadata of the services it answers
(sp.xml). Its ``/sso`` takes the AuthnRequest (HTTP-Redirect) plus ``username`` and answers the
signed Response as JSON, for the test to post to the service's ACS. The person's scenario:
``mfa`` (a REFEDS MFA class ref), ``wrong_iss`` (signed by another entity) or ``wrong_aud``."""

import base64
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_REDIRECT, xmldsig
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.sigver import get_xmlsec_binary

PEOPLE = {
    "hanna@regionhalland.example": "",
    "maja@regionhalland.example": "mfa",
    "okand@regionhalland.example": "",
    "ella@regionhalland.example": "",
    "ivar@regionhalland.example": "wrong_iss",
    "aron@regionhalland.example": "wrong_aud",
}
MFA = "https://refeds.org/profile/mfa"
PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
OTHER_SP = "http://other-service.example/metadata/"


def config(directory: Path, base: str, entityid: str) -> IdPConfig:
    conf = IdPConfig()
    conf.load(
        {
            "entityid": entityid,
            "service": {
                "idp": {
                    "endpoints": {"single_sign_on_service": [(f"{base}/sso", BINDING_HTTP_REDIRECT)]},
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                    "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
                }
            },
            "key_file": str(directory / "key.pem"),
            "cert_file": str(directory / "cert.pem"),
            "metadata": {"local": [str(directory / "sp.xml")]},
            "xmlsec_binary": get_xmlsec_binary(["/usr/bin"]),
            "allow_unknown_attributes": True,
        }
    )
    return conf


def application(directory: Path, base: str):
    idp_conf = config(directory, base, f"{base}/metadata")
    server, impostor = Server(config=idp_conf), Server(config=config(directory, base, "http://impostor.example/idp"))
    metadata = str(entity_descriptor(idp_conf)).encode()

    def answer(saml_request, relay_state, username):
        request = server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT).message
        scenario = PEOPLE[username]
        response = (impostor if scenario == "wrong_iss" else server).create_authn_response(
            identity={"email": [username]},
            in_response_to=request.id,
            destination=request.assertion_consumer_service_url,
            sp_entity_id=OTHER_SP if scenario == "wrong_aud" else request.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=username),
            authn={"class_ref": MFA if scenario == "mfa" else PASSWORD, "authn_auth": idp_conf.entityid},
            sign_assertion=True,
            sign_response=True,
            sign_alg=xmldsig.SIG_RSA_SHA256,
            digest_alg=xmldsig.DIGEST_SHA256,
        )
        return {
            "acs": request.assertion_consumer_service_url,
            "SAMLResponse": base64.b64encode(str(response).encode()).decode(),
            "RelayState": relay_state,
        }

    def app(environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/metadata":
            start_response("200 OK", [("Content-Type", "text/xml")])
            return [metadata]
        if path == "/sso":
            query = {key: values[0] for key, values in parse_qs(environ["QUERY_STRING"]).items()}
            body = json.dumps(answer(query["SAMLRequest"], query.get("RelayState", ""), query["username"]))
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body.encode()]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        sys.stderr.write(format % args + "\n")


def sp_metadata(entity_id: str, acs: str) -> str:
    return (
        f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{entity_id}">'
        '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        f"<md:NameIDFormat>{NAMEID_FORMAT_EMAILADDRESS}</md:NameIDFormat>"
        '<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location="{acs}" index="1"/></md:SPSSODescriptor></md:EntityDescriptor>'
    )


def main(directory, port):
    base = f"http://127.0.0.1:{port}"
    make_server("127.0.0.1", int(port), application(Path(directory), base), handler_class=QuietHandler).serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
