"""Walk every URL pattern that takes an object id or slug and request it as a coordinator of
another procurement region: everything owned by someone answers 404, never 403 or 200. Then as a
supplier's contact person: every object of another supplier answers 404, and no member page
(with or without an object) opens for them.

A new pattern that is not classified below makes the sweep fail, so nobody forgets it. A page
still a stub (its view only answers 404 "not built yet") is requested with both methods.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views import View

from ekonomi.models import Fee, FiscalYear
from hallbar.models import ReportJob
from incidenter.models import Allegation, Incident, IncidentAllegation, TimelineAttachment, TimelineEntry
from krav.models import Requirement, RequirementVersion, VersionAttachment
from regions.models import Membership, Region, User
from revisioner.identifiers import with_check_digit
from revisioner.models import (
    ActionEvidence,
    AssessmentTemplate,
    Audit,
    AuditPlan,
    Contract,
    CorrectiveAction,
    Criterion,
    Deviation,
    PlanEntry,
    Supplier,
    SupplierContact,
)
from riskanalys.models import ActionPlan, Attachment, Category, RiskAnalysis
from sjalvskattning.models import Answer, AnswerEvidence, Request
from tests import factories
from tests.akademi.builders import akademi_objects

# Patterns of packages that guard themselves (allauth's one-time keys, the language switch).
THIRD_PARTY_NAMESPACES = {"allauth"}
THIRD_PARTY_PREFIXES = ("account_", "mfa_", "socialaccount_", "openid_connect_", "saml_", "set_language")

# Reference pages of the cooperation: every member of the network reads them (DESIGN.md,
# "network" level). The outsider sees them; that is the rule, not a leak.
# Requirements and their consultations are the whole network's (every region answers), and
# so are the category pages.
SHARED_REFERENCE = {
    "region_detail",
    "procurement_region_detail",
    "category_detail",
    "requirement_detail",
    "requirement_version",
    "uptake_export",
    "requirement_attachment",
    "supplier_detail",  # the network's shared register of suppliers
    "contract_detail",
    "assessment_template_detail",
    "audit_plan",
    "audit_selection",
    "event_detail",  # the academy's events are the network's
    "event_material",
    "public_event_registration",  # an event open to everyone
    # Every member sees that a supplier was asked for a self-assessment, and its outcome (as audits
    # are shared); the answers' words and files only the procurement regions that asked
    # (test_the_self_assessment_page_of_another_region_shows_no_answers).
    "self_assessment_detail",
}

# Shared pages whose writes answer otherwise for the outsider: (name, method) -> status.
# (A supplier is changed only by the secretariat and the coordinators of a procurement region with
# a contract with it: the outsider, whose region has none with A's supplier, gets 404 there.)
SHARED_WRITES = {
    ("assessment_template_detail", "post"): 404,  # only the secretariat adopts a template
    ("audit_selection", "post"): 302,  # adds to the plan for the coordinator's own procurement region
    ("audit_plan", "post"): 404,  # only the secretariat adopts the plan
    ("event_register", "post"): 302,  # a member registers themself for a network event
    ("event_unregister", "post"): 302,  # … and cancels only their own registration
    ("public_event_registration", "post"): 400,  # the empty public form is refused
}


def _patterns(resolver=None, namespace="", objects=True):
    """The named patterns that take an object id or slug (``objects``), or those that take none."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner, objects)
        elif isinstance(entry, URLPattern) and entry.name and bool(entry.pattern.converters) == objects:
            yield f"{namespace}{entry.name}", entry


def _is_stub(pattern) -> bool:
    """A page not built yet: its class-based view implements no method, only a dispatch of its own."""
    view_class = getattr(pattern.callback, "view_class", None)
    return (
        view_class is not None
        and view_class.dispatch is not View.dispatch
        and not any(hasattr(view_class, method) for method in ("get", "post"))
    )


def _methods(pattern):
    """The methods the view implements (others answer 405 whatever the object); both for functions
    and for a stub (which answers 404 to any)."""
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is None or _is_stub(pattern):
        return ["get", "post"]
    return [
        method for method in ("get", "post") if method in view_class.http_method_names and hasattr(view_class, method)
    ]


def _is_third_party(name):
    return name.startswith(THIRD_PARTY_PREFIXES) or name.split(":")[0] in THIRD_PARTY_NAMESPACES


def _object_urls(objects):
    """(name, pattern, url) of every classified object page of the project, naming ``objects``."""
    for name, pattern in _patterns():
        kwargs = None if _is_third_party(name) else _kwargs_for(name, pattern, objects)
        if kwargs is not None:
            yield name, pattern, reverse(name, kwargs=kwargs)


def _sweep(client, objects, expected_for, skip=()) -> set[str]:
    """Request every object page (but ``skip``) with each method it takes; ``expected_for(name,
    method)`` is the status it must answer. Returns the names walked."""
    checked = set()
    for name, pattern, url in _object_urls(objects):
        if name in skip:
            continue
        for method in _methods(pattern):
            status, expected = getattr(client, method)(url).status_code, expected_for(name, method)
            assert status == expected, f"{method.upper()} {url} ({name}) answered {status}, expected {expected}"
        checked.add(name)
    return checked


@pytest.fixture
def objects_of_a(anna, kansliet, settings, tmp_path):
    """One object of each kind, owned by procurement region A."""
    membership = Membership.objects.unscoped().get(user=anna)
    norrbotten = Region.objects.get(short_name="Norrbotten")
    fiscal_year = FiscalYear.objects.create(year=2024, population_year=2024)
    Fee.objects.create(fiscal_year=fiscal_year, region=norrbotten, population=250_000, amount=249_000)
    job = ReportJob.objects.create(year=2024, status=ReportJob.Status.DONE)
    category = Category.objects.add_root({"name": "Skyddsrockar"})
    category.procurement_regions.add(membership.procurement_region)
    draft = RiskAnalysis.objects.create(
        year=2024, category=category, product_area="Skyddsrockar", procurement_region=membership.procurement_region
    )
    attachment = Attachment.objects.create(analysis=draft, name="Underlag", file="riskanalys/underlag.pdf")
    requirement = Requirement.objects.create(title="Skyddsrockar", kind="env_chemicals", responsible="A")
    version = RequirementVersion.objects.create(requirement=requirement, number=1, status="consultation", text="x")
    settings.MEDIA_ROOT = tmp_path
    guidance = VersionAttachment.objects.create(
        version=version, name="Vägledning", file=SimpleUploadedFile("v.pdf", b"%PDF-1.4")
    )
    action_plan = ActionPlan.objects.create(
        procurement_region=membership.procurement_region, start_year=2023, end_year=2025, visibility="restricted"
    )
    supplier = Supplier.objects.create(name="Abcur AB", org_number=with_check_digit("556677889"))
    contract = Contract.objects.create(
        procurement_region=membership.procurement_region, supplier=supplier, category=category, reference="A-1",
        starts_on="2024-01-01",
    )  # fmt: skip
    template = AssessmentTemplate.objects.create(name="Mall", version=1)
    clause = version.clauses.create(number="1", title="Policy")
    criterion = Criterion.objects.create(template=template, clause=clause, number="1.1", text="Policy finns")
    audit = Audit.objects.create(
        kind=Audit.Kind.OFFICE, supplier=supplier, category=category, year=2024, template=template,
        procurement_region=membership.procurement_region, status=Audit.Status.IN_PROGRESS,
    )  # fmt: skip
    deviation = Deviation.objects.create(audit=audit, clause=clause, severity="major", description="Saknas")
    action = CorrectiveAction.objects.create(deviation=deviation, description="Skriv policy", due_on="2030-01-01")
    plan = AuditPlan.objects.create(year=2025)
    entry = PlanEntry.objects.create(
        plan=plan, supplier=supplier, category=category, procurement_region=membership.procurement_region
    )
    incident = Incident.objects.create(
        title="Tvångsarbete hos underleverantör", source="media", description="Konfidentiellt", opened_on="2024-03-01",
        lead_region=Region.objects.get(short_name="Stockholm"),
    )  # fmt: skip
    IncidentAllegation.objects.create(incident=incident, kind=Allegation.FORCED_LABOUR)
    incident.participants.create(user=anna)
    step = TimelineEntry.objects.create(incident=incident, kind="request", occurred_on="2024-03-02", who="A", text="x")
    incident_file = TimelineAttachment.objects.create(
        entry=step, name="Brev", file=SimpleUploadedFile("brev.pdf", b"%PDF-1.4")
    )
    return {
        **akademi_objects(anna, kansliet),
        **_supplier_side_objects(anna, supplier, category, template, criterion, clause),
        "incident": incident,
        "incident_attachment": incident_file,
        "supplier": supplier,
        "contract": contract,
        "template": template,
        "audit": audit,
        "deviation": deviation,
        "corrective_action": action,
        "audit_plan": plan,
        "plan_entry": entry,
        "person": anna,
        "membership": membership,
        "region": norrbotten,
        "fiscal_year": fiscal_year,
        "report_job": job,
        "category": category,
        "risk_analysis": draft,
        "attachment": attachment,
        "action_plan": action_plan,
        "requirement": requirement,
        "requirement_version": version,
        "requirement_attachment": guidance,
    }


SARAS_ANSWER = "Vårt svar: policyn är under arbete."


def _evidence(model, owner_field, owner, name):
    return model.objects.create(
        **{owner_field: owner}, file=SimpleUploadedFile(name, b"%PDF-1.4"), name=name, size=8,
        content_type="application/pdf", sha256="0" * 64,
    )  # fmt: skip


def _supplier_side_objects(anna, supplier, category, template, criterion, clause):
    """What Abcur's contact person Sara reaches: A's self-assessment request to Abcur, her answer
    and its file; A's reported audit of Abcur awaiting actions, its deviation, her proposed plan
    and its file. (Every one of them is hers to open: another supplier's person gets 404.)"""
    region_a = anna.memberships.get().procurement_region
    sara = factories.supplier_contact(supplier, name="Sara Leverantör", email="sara@abcur.example")
    request = Request.objects.create(
        supplier=supplier, template=template, category=category, procurement_region=region_a, due_on="2030-01-01",
        sent_by=anna,
    )  # fmt: skip
    request.asked_by.add(region_a)
    answer = Answer.objects.create(request=request, criterion=criterion, value="partly", text=SARAS_ANSWER)
    reported = Audit.objects.create(
        kind=Audit.Kind.OFFICE, supplier=supplier, category=category, year=2024, template=template,
        procurement_region=region_a, status=Audit.Status.AWAITING_ACTIONS, internal_notes="Hemlig anteckning",
    )  # fmt: skip
    deviation = Deviation.objects.create(audit=reported, clause=clause, severity="major", description="Ingen logg")
    proposed = CorrectiveAction.objects.create(
        deviation=deviation, description="Inför en avvikelselogg", due_on="2030-01-01",
        status=CorrectiveAction.Status.PROPOSED, owner="Sara", proposed_by=sara,
    )  # fmt: skip
    return {
        "supplier_contact": SupplierContact.objects.get(user=sara), "request": request, "answer": answer,
        "answer_evidence": _evidence(AnswerEvidence, "answer", answer, "svar.pdf"), "reported_audit": reported,
        "reported_deviation": deviation, "proposed_action": proposed,
        "action_evidence": _evidence(ActionEvidence, "action", proposed, "plan.pdf"),
    }  # fmt: skip


def _supplier_side_kwargs(name, objects):
    """The self-assessment pages (the supplier's and the coordinators'), the supplier's pages of its
    deviations and actions, the downloads of their files and the coordinators' pages about them."""
    request, answer = {"pk": objects["request"].pk}, {"pk": objects["request"].pk, "answer": objects["answer"].pk}
    deviation, action = {"pk": objects["reported_deviation"].pk}, {"pk": objects["proposed_action"].pk}
    audit, supplier = objects["reported_audit"].pk, objects["supplier"].pk
    kwargs = {
        "supplier_request": request, "supplier_answer": answer, "supplier_answer_evidence": answer,
        "supplier_answer_evidence_remove": {"pk": objects["answer_evidence"].pk}, "supplier_request_submit": request,
        "answer_evidence_download": {"pk": objects["answer_evidence"].pk},
        "self_assessment_detail": request, "self_assessment_review_answer": answer, "self_assessment_return": request,
        "self_assessment_complete": request, "self_assessment_cancel": request,
        "supplier_deviation": deviation, "supplier_plan": deviation,
        "supplier_action_implemented": action, "supplier_action_evidence": action,
        "action_evidence_download": {"pk": objects["action_evidence"].pk},
        "supplier_contact_invite": {"pk": supplier},
        "supplier_contact_remove": {"pk": supplier, "contact": objects["supplier_contact"].pk},
        "action_plan_review": {"pk": audit, "action": action["pk"]},
        "deviation_desk_verification": {"pk": audit, "deviation": deviation["pk"]},
    }  # fmt: skip
    return kwargs.get(name)


# The supplier's own pages, and the downloads of its files.
SUPPLIER_PAGES = {
    "supplier_request", "supplier_answer", "supplier_answer_evidence", "supplier_answer_evidence_remove",
    "supplier_request_submit", "supplier_deviation", "supplier_plan", "supplier_action_implemented",
    "supplier_action_evidence", "answer_evidence_download", "action_evidence_download",
}  # fmt: skip


def _kwargs_for(name, pattern, objects):
    """URL kwargs naming an object of A, by the pattern's parameters."""
    params = set(pattern.pattern.converters)
    if name.startswith("admin:"):
        if "object_id" in params:
            model = name.split(":")[1].rsplit("_", 1)[0]
            target = {"regions_membership": objects["membership"], "regions_user": objects["person"]}.get(model)
            if target is None:
                return None  # another model's admin: covered by the admin's own 404 for non-staff
            return {"object_id": target.pk}
        return {key: "regions" if key == "app_label" else "1" for key in params}
    if name == "membership_remove":
        return {"pk": objects["membership"].pk}
    if name == "accept_invitation":
        return {"uidb64": "MQ", "token": "not-a-token"}
    supplier_side = _supplier_side_kwargs(name, objects)
    if supplier_side is not None:
        return supplier_side
    revisioner = _revisioner_kwargs(name, objects)
    if revisioner is not None:
        return revisioner
    incidenter = _incidenter_kwargs(name, objects)
    if incidenter is not None:
        return incidenter
    akademi = _akademi_kwargs(name, objects)
    if akademi is not None:
        return akademi
    if "year" in params:  # finance: the fiscal year, its statement, Norrbotten's fee letter
        extra = {"fmt": "csv"} if "fmt" in params else {"slug": objects["region"].slug} if "slug" in params else {}
        return {"year": objects["fiscal_year"].year, **extra}
    if name == "uptake_cell":  # another region's cell of an adopted requirement
        return {"pk": objects["requirement_version"].pk, "slug": "norrbotten"}
    if name == "requirement_attachment":
        return {"pk": objects["requirement_version"].pk, "attachment": objects["requirement_attachment"].pk}
    if name.startswith("requirement_") or name == "uptake_export":
        if name == "uptake_export":
            return {"fmt": "csv"}
        if name == "requirement_version_action":
            return {"pk": objects["requirement_version"].pk, "action": "adopt"}
        key = "requirement_version" if name == "requirement_version" else "requirement"
        return {"pk": objects[key].pk}
    if name == "risk_analysis_attachment":
        return {"pk": objects["risk_analysis"].pk, "attachment": objects["attachment"].pk}
    if name == "risk_analysis_transition":
        return {"pk": objects["risk_analysis"].pk, "action": "submit"}
    if name.startswith(("risk_analysis_", "public_risk_analysis")):
        return {"pk": objects["risk_analysis"].pk}
    if name.startswith("category_"):
        return {"pk": objects["category"].pk}
    if name == "action_plan_detail":
        return {"pk": objects["action_plan"].pk}
    if name.startswith("report_"):
        return {"pk": objects["report_job"].pk}
    if params == {"pk"}:
        return {"pk": objects["person"].pk}
    if name == "region_detail":
        return {"slug": objects["region"].slug}
    if name == "procurement_region_detail":
        return {"letter": "A"}
    raise AssertionError(f"URL pattern {name} takes {params}: classify it in the sweep")


def _revisioner_kwargs(name, objects):
    """Suppliers, contracts, A's audit in progress with a deviation and an action, A's plan entry."""
    audit = objects["audit"].pk
    kwargs = {
        "supplier_detail": {"pk": objects["supplier"].pk},
        "supplier_edit": {"pk": objects["supplier"].pk},
        "supplier_merge": {"pk": objects["supplier"].pk},
        "contract_detail": {"pk": objects["contract"].pk},
        "contract_edit": {"pk": objects["contract"].pk},
        "audit_detail": {"pk": audit},
        "audit_edit": {"pk": audit},
        "audit_rate": {"pk": audit},
        "audit_transition": {"pk": audit, "action": "draft-report"},
        "audit_summary": {"pk": audit},
        "audit_pdf": {"pk": audit},
        "deviation_action": {"pk": audit, "deviation": objects["deviation"].pk},
        "action_move": {"pk": audit, "action": objects["corrective_action"].pk},
        "assessment_template_detail": {"pk": objects["template"].pk},
        "public_audit_summary": {"pk": audit},
        "audit_plan": {"year": objects["audit_plan"].year},
        "audit_selection": {"year": objects["audit_plan"].year},
        "plan_entry_remove": {"year": objects["audit_plan"].year, "pk": objects["plan_entry"].pk},
    }
    return kwargs.get(name)


def _akademi_kwargs(name, objects):
    """An event open to the public with a material and an external person's registration; anna's diploma."""
    event = objects["event"].pk
    kwargs = {
        "event_material": {"pk": event, "material": objects["event_material"].pk},
        "participant_cancel": {"pk": event, "registration": objects["registration"].pk},
        "diploma_issue": {"user": objects["person"].pk},
        "diploma_certificate": {"pk": objects["diploma"].pk},
        **{link: {"token": "1:forged:x"} for link in ("public_registration_confirm", "public_registration_cancel")},
    }
    if name in kwargs:
        return kwargs[name]
    if name.startswith(("event_", "attendance_", "public_event_")):
        return {"pk": event}
    return None


def _incidenter_kwargs(name, objects):
    """A confidential case that names anna (A's coordinator) only, with a timeline file."""
    if name == "incident_attachment":
        return {"pk": objects["incident"].pk, "attachment": objects["incident_attachment"].pk}
    if name.startswith("incident_"):
        return {"pk": objects["incident"].pk}
    return None


def _supplier_side_unchanged(objects):
    """What the sweep sent to Abcur's pages (every method of each) changed nothing of Sara's."""
    request = Request.objects.unscoped().get(pk=objects["request"].pk)
    answer = Answer.objects.unscoped().get(pk=objects["answer"].pk)
    assert (request.status, answer.value, answer.text) == ("sent", "partly", SARAS_ANSWER)
    assert AnswerEvidence.objects.filter(pk=objects["answer_evidence"].pk).exists()
    assert SupplierContact.objects.filter(pk=objects["supplier_contact"].pk).exists()
    assert User.objects.get(pk=objects["supplier_contact"].user_id).is_active
    actions = CorrectiveAction.objects.unscoped().filter(deviation=objects["reported_deviation"])
    assert list(actions.values_list("pk", "status")) == [(objects["proposed_action"].pk, "proposed")]
    assert Deviation.objects.unscoped().get(pk=objects["reported_deviation"].pk).status == Deviation.Status.OPEN


def test_every_object_url_answers_404_to_a_coordinator_of_another_procurement_region(client, bertil, objects_of_a):
    client.force_login(bertil)
    checked = _sweep(
        client,
        objects_of_a,
        lambda name, method: SHARED_WRITES.get((name, method), 200 if name in SHARED_REFERENCE else 404),
    )
    # The sweep really walked the project's object pages, the admin's included.
    expected = {
        "person_detail", "membership_remove", "admin:regions_membership_change", "fee_letter", "fiscal_year_close",
        "audit_detail", "deviation_action", "plan_entry_remove", "incident_detail", "incident_attachment",
        "incident_close", "event_participants", "diploma_certificate", "public_event_registration",
        *SUPPLIER_PAGES, "self_assessment_detail", "self_assessment_review_answer", "self_assessment_complete",
        "supplier_contact_invite", "supplier_contact_remove", "action_plan_review", "deviation_desk_verification",
    }  # fmt: skip
    assert expected <= checked
    _supplier_side_unchanged(objects_of_a)


def test_objects_of_another_procurement_region_are_unchanged_after_the_sweep(client, bertil, objects_of_a):
    client.force_login(bertil)
    client.post(reverse("person_deactivate", args=[objects_of_a["person"].pk]))
    client.post(reverse("membership_remove", args=[objects_of_a["membership"].pk]))
    objects_of_a["person"].refresh_from_db()
    assert objects_of_a["person"].is_active
    assert Membership.objects.unscoped().filter(pk=objects_of_a["membership"].pk).exists()


def test_audits_of_another_procurement_region_are_unchanged_after_the_sweep(client, bertil, objects_of_a):
    client.force_login(bertil)
    audit, action = objects_of_a["audit"], objects_of_a["corrective_action"]
    client.post(reverse("audit_transition", args=[audit.pk, "cancel"]))
    client.post(reverse("action_move", args=[audit.pk, action.pk]), {"status": "implemented"})
    client.post(reverse("plan_entry_remove", args=[2025, objects_of_a["plan_entry"].pk]))
    assert Audit.objects.unscoped().get(pk=audit.pk).status == Audit.Status.IN_PROGRESS
    assert CorrectiveAction.objects.unscoped().get(pk=action.pk).status == CorrectiveAction.Status.OPEN
    assert PlanEntry.objects.unscoped().filter(pk=objects_of_a["plan_entry"].pk).exists()


# The supplier personas --------------------------------------------------------------------------

# Object pages open to everyone: they answer a supplier's person as they answer anybody.
PUBLIC_OBJECT_PAGES = {
    ("public_event_registration", "get"): 200,  # an academy event open to the public
    ("public_event_registration", "post"): 400,  # the empty form is refused
}


def _as_anyone(name, method):
    return PUBLIC_OBJECT_PAGES.get((name, method), 404)


# Member navigation a supplier's page never links to.
MEMBER_LINKS = ("/revisioner/", "/avvikelser/", "/atgarder/", "/leverantorer/", "/avtal/", "/sjalvskattningar/")


@pytest.fixture
def otto(objects_of_a):
    """The contact person of another supplier, Medline GmbH."""
    medline = Supplier.objects.create(name="Medline GmbH", country="DE", foreign_identifier="DE123456789")
    return factories.supplier_contact(medline, name="Otto Other", email="otto@medline.example")


@pytest.fixture
def medline_request(otto, objects_of_a):
    """A questionnaire A sent to Medline, Otto's supplier, with one answer not yet given."""
    request = Request.objects.create(
        supplier=SupplierContact.objects.get(user=otto).supplier, template=objects_of_a["template"],
        category=objects_of_a["category"], procurement_region=objects_of_a["membership"].procurement_region,
        due_on="2030-01-01",
    )  # fmt: skip
    request.asked_by.add(objects_of_a["membership"].procurement_region)
    Answer.objects.create(request=request, criterion=objects_of_a["answer"].criterion)
    return request


@pytest.fixture
def sara(objects_of_a):
    return objects_of_a["supplier_contact"].user


def test_every_object_url_answers_404_to_the_contact_person_of_another_supplier(client, otto, objects_of_a):
    """Otto answers for Medline: Abcur's requests, answers, files, deviations and actions, and every
    member page of an object, answer him 404 whatever the method."""
    client.force_login(otto)
    checked = _sweep(client, objects_of_a, _as_anyone)
    assert SUPPLIER_PAGES | {"audit_detail", "audit_selection", "supplier_detail", "self_assessment_detail"} <= checked
    _supplier_side_unchanged(objects_of_a)


def test_a_supplier_contact_opens_her_own_suppliers_pages_and_no_member_page_of_an_object(client, sara, objects_of_a):
    """Sara answers for Abcur: her supplier's pages open (GET; a page that only takes a form answers
    405), never showing an internal note or a link to a member page; no member page of an object
    opens for her, not even of her own supplier's rows."""
    client.force_login(sara)
    for name, pattern, url in _object_urls(objects_of_a):
        if name not in SUPPLIER_PAGES:
            continue
        response = client.get(url)
        assert response.status_code == (200 if "get" in _methods(pattern) else 405), f"GET {url} ({name})"
        if response.status_code == 200 and not response.streaming:
            page = response.content.decode()
            assert "Hemlig anteckning" not in page, f"{name} shows the audit's internal notes"
            assert not [link for link in MEMBER_LINKS if f'href="{link}"' in page], f"{name} links to member pages"
    assert "audit_detail" in _sweep(client, objects_of_a, _as_anyone, skip=SUPPLIER_PAGES)


def test_the_self_assessment_page_of_another_region_shows_no_answers(client, bertil, anna, objects_of_a):
    """Bertil's B did not ask: he sees that Abcur was asked and how it stands, not what Abcur answered."""
    url = reverse("self_assessment_detail", args=[objects_of_a["request"].pk])
    client.force_login(anna)
    own = client.get(url)
    client.force_login(bertil)
    other = client.get(url)
    assert (own.status_code, other.status_code) == (200, 200)
    assert SARAS_ANSWER in own.content.decode()
    page = other.content.decode()
    assert objects_of_a["supplier"].name in page
    assert SARAS_ANSWER not in page
    assert "svar.pdf" not in page


def test_a_suppliers_pages_show_no_other_organisation_than_its_own_and_its_parents(
    client, sara, medline_request, objects_of_a
):
    """Abcur belongs to Abcur Holding, beside Abcur Finland; Medline is another supplier with its own
    request. Sara's pages name Abcur (and at most its parent), never the sister company or Medline."""
    abcur = objects_of_a["supplier"]
    holding = Supplier.objects.create(name="Abcur Holding AB", org_number=with_check_digit("556000001"))
    sister = Supplier.objects.create(name="Abcur Finland Oy", org_number=with_check_digit("556000003"), parent=holding)
    Supplier.objects.filter(pk=abcur.pk).update(parent=holding)
    medline = medline_request.supplier
    client.force_login(sara)
    pages = [
        reverse("supplier_start"),
        reverse("supplier_deviations"),
        reverse("supplier_request", args=[objects_of_a["request"].pk]),
        reverse("supplier_deviation", args=[objects_of_a["reported_deviation"].pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for other in (sister.org_number, sister.name, medline.name, medline.foreign_identifier):
            assert other not in page, f"{url} shows {other}"
    # A deviation of Abcur's audit still in progress is not Sara's to see yet.
    assert client.get(reverse("supplier_deviation", args=[objects_of_a["deviation"].pk])).status_code == 404


def test_a_page_of_two_objects_refuses_a_pair_that_does_not_belong_together(
    client, anna, sara, medline_request, objects_of_a
):
    """An id of one's own in the first place does not open another's in the second: Sara's request
    with Medline's answer, Anna's audit with a deviation or an action of another of her audits."""
    their_answer = Answer.objects.unscoped().get(request=medline_request)
    other_audit = Audit.objects.create(
        kind=Audit.Kind.OFFICE, supplier=medline_request.supplier, category=objects_of_a["category"], year=2024,
        template=objects_of_a["template"], procurement_region=objects_of_a["membership"].procurement_region,
        status=Audit.Status.AWAITING_ACTIONS,
    )  # fmt: skip
    other_deviation = Deviation.objects.create(
        audit=other_audit, clause=objects_of_a["reported_deviation"].clause, severity="minor", description="x"
    )
    other_action = CorrectiveAction.objects.create(
        deviation=other_deviation, description="y", due_on="2030-01-01", status=CorrectiveAction.Status.PROPOSED
    )
    own_request, own_audit = objects_of_a["request"].pk, objects_of_a["reported_audit"].pk

    client.force_login(sara)
    for name in ("supplier_answer", "supplier_answer_evidence"):
        response = client.post(reverse(name, args=[own_request, their_answer.pk]), {"value": "meets", "text": "x"})
        assert response.status_code == 404, name
    client.force_login(anna)
    pairs = [
        ("self_assessment_review_answer", [own_request, their_answer.pk], {"review": "accepted"}),
        ("action_plan_review", [own_audit, other_action.pk], {"decision": "accept", "comment": ""}),
        ("deviation_desk_verification", [own_audit, other_deviation.pk], {"effectiveness_note": "x"}),
    ]
    for name, args, data in pairs:
        for method in ("get", "post"):
            status = getattr(client, method)(reverse(name, args=args), data if method == "post" else None).status_code
            assert status in (404, 405), f"{method.upper()} {name} answered {status}"
    their_answer.refresh_from_db()
    assert (their_answer.value, their_answer.review) == ("", Answer.Review.PENDING)
    assert CorrectiveAction.objects.unscoped().get(pk=other_action.pk).status == CorrectiveAction.Status.PROPOSED
    assert Deviation.objects.unscoped().get(pk=other_deviation.pk).status == Deviation.Status.OPEN
