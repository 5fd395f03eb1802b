"""Events, registrations and audits to take part in, for the academy's tests and the URL sweep."""

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from akademi.models import Diploma, Event, EventMaterial, Registration
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, AuditParticipant, Supplier
from riskanalys.models import Category
from tests import factories

_numbers = itertools.count(1)


def event(kind=Event.Kind.WEBINAR, *, days=14, **fields) -> Event:
    """An event ``days`` from now (negative: in the past)."""
    starts = timezone.now() + datetime.timedelta(days=days)
    fields.setdefault("title", f"{Event.Kind(kind).label} {next(_numbers)}")
    return Event.objects.create(kind=kind, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **fields)


def external(event, n, **fields) -> Registration:
    fields.setdefault("organisation", "Leverantören AB")
    return Registration.objects.create(event=event, name=f"Extern {n}", email=f"extern{n}@leverantor.example", **fields)


def audit_with(user, *, status=Audit.Status.CLOSED, role=AuditParticipant.Role.AUDITOR, letter="A") -> Audit:
    """An audit of procurement region ``letter`` that ``user`` took part in."""
    number = next(_numbers)
    supplier = Supplier.objects.create(name=f"Leverantör {number}", org_number=with_check_digit(f"5566{number:05d}"))
    category = Category.objects.filter(depth=1).first() or Category.objects.add_root({"name": "Handskar"})
    audit = Audit.objects.create(
        kind=Audit.Kind.OFFICE,
        supplier=supplier,
        category=category,
        procurement_region=factories.procurement_region(letter),
        year=2024,
        status=status,
    )
    AuditParticipant.objects.create(audit=audit, user=user, role=role)
    return audit


def attended(user, kind) -> Registration:
    return Registration.objects.create(event=event(kind, days=-30), user=user, attended=True)


def akademi_objects(owner, secretariat) -> dict:
    """For the URL sweep: an event open to the public with a material, an external person's
    registration, and a diploma of ``owner`` (a coordinator of A)."""
    the_event = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True, capacity=10)
    material = EventMaterial.objects.create(
        event=the_event, name="Bilder", file=SimpleUploadedFile("bilder.pdf", b"%PDF-1.4"), uploaded_by=secretariat
    )
    registration = external(the_event, 1)
    diploma = Diploma.objects.create(user=owner, issued_at=datetime.date(2024, 5, 1), issued_by=secretariat)
    return {"event": the_event, "event_material": material, "registration": registration, "diploma": diploma}
