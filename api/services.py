"""The API's writes: personal access tokens, the contract batch, and the nightly open data files.

A token is created by its person and shown once; only its SHA-256 is kept. The contract batch is
the contract import (``revisioner.services.import_file``) with the person's rights: every contract
or none, each problem naming the item (its index) and the field. With an ``Idempotency-Key`` the
answer is kept, and a retry of the same body gets it again without importing twice."""

import datetime
import re
from collections import defaultdict

import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.results import RowResult

from api import documents
from api.access import can_create_token
from api.authentication import digest_of, new_secret
from api.models import AccessToken, BatchRequest
from base.imports import line_of, problems_of
from krav.models import Requirement
from revisioner import services as revisioner_services
from revisioner.access import can_write_audits
from revisioner.models import Deviation
from revisioner.views.public import published_audits

MAX_TOKEN_DAYS = 366
OPEN_DATA_DIR = "oppna-data"
OPEN_DATA_FILES = {"csv": "revisioner.csv", "json": "revisioner.json"}

# Tokens ----------------------------------------------------------------------------------------


def create_token(*, acting_user, name: str, scope: str, expires_on: datetime.date) -> tuple[AccessToken, str]:
    """A new token of ``acting_user``; returns it and its secret, which is never shown again."""
    if not can_create_token(acting_user):
        raise PermissionDenied
    today = timezone.localdate()
    if not today <= expires_on <= today + datetime.timedelta(days=MAX_TOKEN_DAYS):
        raise ValidationError({"expires_on": _("Nyckeln gäller som längst ett år framåt.")})
    secret = new_secret()
    token = AccessToken.objects.create(
        user=acting_user, name=name, scope=scope, expires_on=expires_on, prefix=secret[:10], digest=digest_of(secret)
    )
    return token, secret


def revoke_token(*, acting_user, token_id: int) -> AccessToken:
    token = AccessToken.objects.of(acting_user).get(pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# Published summaries ---------------------------------------------------------------------------


def deviation_areas(audit_ids) -> dict[int, list[dict]]:
    """The deviations of each audit counted by area (the kind of the requirement whose clause they
    concern) and severity, with how many are still open: one query for all the audits."""
    kinds = dict(Requirement.Kind.choices)
    rows = (
        Deviation.objects.unscoped()
        .filter(audit_id__in=list(audit_ids))
        .values("audit_id", "clause__version__requirement__kind", "severity")
        .annotate(count=Count("pk"), open=Count("pk", filter=Q(status=Deviation.Status.OPEN)))
        .order_by("audit_id", "clause__version__requirement__kind", "severity")
    )
    areas = defaultdict(list)
    for row in rows:
        kind = row["clause__version__requirement__kind"]
        areas[row["audit_id"]].append(
            {
                "area": kind,
                "area_label": str(kinds.get(kind, kind)),
                "severity": row["severity"],
                "count": row["count"],
                "open": row["open"],
            }
        )
    return areas


def summaries():
    """The published summaries, newest first: the public pages' queryset."""
    return published_audits().select_related("facility").order_by("-summary_approved_at", "-pk")


def summary_rows() -> list[dict]:
    from api.serializers import SummarySerializer  # the serializers name models only; no circle

    audits = list(summaries())
    context = {"deviation_areas": deviation_areas(audit.pk for audit in audits)}
    return SummarySerializer(audits, many=True, context=context).data


def open_data_name(fmt: str) -> str:
    return f"{OPEN_DATA_DIR}/{OPEN_DATA_FILES[fmt]}"


def regenerate_open_data() -> int:
    """Writes the published register as CSV and JSON to the storage (nightly, by Celery beat);
    returns the number of summaries. Running it twice writes the same files again."""
    rows = [dict(row) for row in summary_rows()]
    bodies = {
        "csv": documents.register_csv(rows),
        "json": documents.register_json(rows, timezone.now()),
    }
    for fmt, body in bodies.items():
        name = open_data_name(fmt)
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(body))
    return len(rows)


# The contract batch ----------------------------------------------------------------------------

CONTRACT_COLUMNS = [
    "procurement_region", "regions", "supplier", "category", "reference", "title", "starts_on", "ends_on",
    "yearly_value", "requirement_versions",
]  # fmt: skip
PROBLEM = re.compile(r"^Rad (?P<line>\d+)(?:, kolumn (?P<column>[^:]+))?: (?P<message>.*)$", re.DOTALL)


def _dataset(items: list[dict]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=CONTRACT_COLUMNS)
    for item in items:
        cells = []
        for column in CONTRACT_COLUMNS:
            value = item.get(column)
            if isinstance(value, list):
                value = ";".join(str(part) for part in value)
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            cells.append("" if value is None else str(value))
        dataset.append(cells)
    return dataset


def _item_errors(problems: list[str]) -> list[dict]:
    """The import's problems ("Rad 3, kolumn supplier: …") as {index, field, message} of the items."""
    errors = []
    for problem in problems:
        match = PROBLEM.match(problem)
        if match is None:
            errors.append({"index": None, "field": None, "message": problem})
            continue
        errors.append(
            {
                "index": int(match["line"]) - line_of(0),
                "field": (match["column"] or "").strip() or None,
                "message": match["message"].strip(),
            }
        )
    return errors


def import_contracts(*, acting_user, items: list[dict]) -> tuple[int, dict]:
    """Every contract of ``items`` or none, as the contract import does it; (status, answer)."""
    if not can_write_audits(acting_user):
        raise PermissionDenied
    result = revisioner_services.import_file("contracts", _dataset(items), acting_user=acting_user, dry_run=False)
    if result.has_errors() or result.has_validation_errors():
        return 400, {"created": 0, "updated": 0, "errors": _item_errors(problems_of(result))}
    totals = result.totals
    ids = [row.object_id for row in result.rows]
    return 201, {
        "created": totals[RowResult.IMPORT_TYPE_NEW],
        "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
        "ids": ids,
        "errors": [],
    }


def import_contracts_once(*, acting_user, items: list[dict], key: str | None, body: bytes) -> tuple[int, dict]:
    """``import_contracts``, once per ``Idempotency-Key``: a retry with the same key and body gets
    the first answer and imports nothing; the same key with another body is refused (422)."""
    if not key:
        return import_contracts(acting_user=acting_user, items=items)
    digest = digest_of(body.decode("utf-8", "replace"))
    earlier = BatchRequest.objects.filter(user=acting_user, key=key).first()
    if earlier is not None:
        if earlier.body_digest != digest:
            return 422, {"detail": _("Idempotency-Key har redan använts för en annan begäran.")}
        return earlier.status_code, earlier.response
    try:
        with transaction.atomic():
            status, answer = import_contracts(acting_user=acting_user, items=items)
            BatchRequest.objects.create(
                user=acting_user, key=key, body_digest=digest, status_code=status, response=answer
            )
    except IntegrityError:  # the same key sent twice at once: the first one's answer
        earlier = BatchRequest.objects.get(user=acting_user, key=key)
        return earlier.status_code, earlier.response
    return status, answer
