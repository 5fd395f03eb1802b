"""Walk every URL pattern that takes an object id or slug and request it as a coordinator of
another procurement region: everything owned by someone answers 404, never 403 or 200.

A new pattern that is not classified below makes the sweep fail, so nobody forgets it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ekonomi.models import Fee, FiscalYear
from hallbar.models import ReportJob
from incidenter.models import Allegation, Incident, IncidentAllegation, TimelineAttachment, TimelineEntry
from krav.models import Requirement, RequirementVersion, VersionAttachment
from regions.models import Membership, Region
from revisioner.identifiers import with_check_digit
from revisioner.models import (
    AssessmentTemplate,
    Audit,
    AuditPlan,
    Contract,
    CorrectiveAction,
    Criterion,
    Deviation,
    PlanEntry,
    Supplier,
)
from riskanalys.models import ActionPlan, Attachment, Category, RiskAnalysis
from tests.akademi.builders import akademi_objects

# Patterns of packages that guard themselves (allauth's one-time keys, the language switch).
THIRD_PARTY_NAMESPACES = {"allauth"}
THIRD_PARTY_PREFIXES = ("account_", "mfa_", "socialaccount_", "set_language")

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


def _patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.converters:
            yield f"{namespace}{entry.name}", entry


def _methods(pattern):
    """The methods the view implements (others answer 405 whatever the object); both for functions."""
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is None:
        return ["get", "post"]
    return [
        method for method in ("get", "post") if method in view_class.http_method_names and hasattr(view_class, method)
    ]


def _is_third_party(name):
    return name.startswith(THIRD_PARTY_PREFIXES) or name.split(":")[0] in THIRD_PARTY_NAMESPACES


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
    plan = ActionPlan.objects.create(
        procurement_region=membership.procurement_region, start_year=2023, end_year=2025, visibility="restricted"
    )
    supplier = Supplier.objects.create(name="Abcur AB", org_number=with_check_digit("556677889"))
    contract = Contract.objects.create(
        procurement_region=membership.procurement_region, supplier=supplier, category=category, reference="A-1",
        starts_on="2024-01-01",
    )  # fmt: skip
    template = AssessmentTemplate.objects.create(name="Mall", version=1)
    clause = version.clauses.create(number="1", title="Policy")
    Criterion.objects.create(template=template, clause=clause, number="1.1", text="Policy finns")
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
        "action_plan": plan,
        "requirement": requirement,
        "requirement_version": version,
        "requirement_attachment": guidance,
    }


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


def test_every_object_url_answers_404_to_a_coordinator_of_another_procurement_region(client, bertil, objects_of_a):
    client.force_login(bertil)
    checked = []
    for name, pattern in _patterns():
        if _is_third_party(name):
            continue
        kwargs = _kwargs_for(name, pattern, objects_of_a)
        if kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs)
        for method in _methods(pattern):
            status = getattr(client, method)(url).status_code
            expected = SHARED_WRITES.get((name, method), 200 if name in SHARED_REFERENCE else 404)
            assert status == expected, f"{method.upper()} {url} ({name}) answered {status}"
        checked.append(name)
    # The sweep really walked the project's object pages, the admin's included.
    expected = {
        "person_detail",
        "membership_remove",
        "admin:regions_membership_change",
        "fee_letter",
        "fiscal_year_close",
        "audit_detail",
        "deviation_action",
        "plan_entry_remove",
        "incident_detail",
        "incident_attachment",
        "incident_close",
        "event_participants",
        "diploma_certificate",
        "public_event_registration",
    }
    assert expected <= set(checked)


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
