"""The open data: the published register of audit summaries as CSV (Swedish Excel's way, as every
download of the app) and as JSON, under CC BY 4.0."""

import json

from django.core.serializers.json import DjangoJSONEncoder

from base.exports import Column, to_csv

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Hållbar Upphandling, regionernas nationella samarbete för hållbar upphandling"

REGISTER_COLUMNS = [
    Column("id", lambda row: row["id"], "int"),
    Column("leverantör", lambda row: row["supplier"]["name"]),
    Column("organisationsnummer", lambda row: row["supplier"]["org_number"]),
    Column("land", lambda row: row["supplier"]["country"]),
    Column("typ", lambda row: row["kind_label"]),
    Column("kategori", lambda row: row["category"]),
    Column("år", lambda row: row["year"], "int"),
    Column("genomförd", lambda row: row["performed_on"] or ""),
    Column("anläggning", lambda row: (row["facility"] or {}).get("name", "")),
    Column("anläggningens land", lambda row: (row["facility"] or {}).get("country", "")),
    Column("os_id", lambda row: (row["facility"] or {}).get("os_id", "")),
    Column("utfall", lambda row: row["outcome"]),
    Column("avvikelser", lambda row: sum(area["count"] for area in row["deviations_by_area"]), "int"),
    Column("sammanfattning", lambda row: row["summary"]),
    Column("publicerad", lambda row: (row["published_at"] or "")[:10]),
]


def register_csv(rows: list[dict]) -> bytes:
    return to_csv(REGISTER_COLUMNS, [[column.value(row) for column in REGISTER_COLUMNS] for row in rows])


def register_json(rows: list[dict], generated_at) -> bytes:
    document = {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "generated_at": generated_at,
        "summaries": rows,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")
