"""The demo's facts, read from the JSON files beside this module into the shapes the seeder uses.

- suppliers.json: each published name of the 2024 audits with the registered name, country,
  category and other names (a published name that is not the registered one after normalisation
  is kept as an alias, so searches find it); which of the 2025 audits (of the suppliers re-audited in
  2024) were factory audits; where the 2026 re-audit reopened a deviation; the office audits of
  2026 without deviations; the internal notes. (The keys still name the years the demo once used.)
- template.json: the shared assessment template's criteria, and how often each is rated "partly"
  and "does not meet" in the 2026 office audits with findings.
- findings.json: the clauses the 2025 audits (without the template) found deviations against,
  weighted, and the text of a finding and of its corrective action per clause.
None of these is in the activity report: the demo's 2024 audits have no findings.
- audits_2024.csv: the 69 audits of 2024 as the activity report lists them.
"""

import datetime
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
AUDITS_2024 = HERE / "audits_2024.csv"


def _read(name: str) -> dict:
    with open(HERE / name, encoding="utf-8") as file:
        return json.load(file)


_suppliers = _read("suppliers.json")
_template = _read("template.json")
_findings = _read("findings.json")

# Published name → (registered name, country, category, other names).
SUPPLIERS = {
    row["published"]: (row["name"], row["country"], row["category"], tuple(row["other_names"]))
    for row in _suppliers["suppliers"]
}
# The 2025 audit that each 2026 re-audit follows up was a factory audit for these suppliers.
FACTORY_SITES = {row["published"]: (row["site"], row["country"]) for row in _suppliers["factory_sites_2023"]}
# Where the 2026 re-audit found a deviation not yet corrected: it is reopened, the 2025 audit stays open.
REOPENED = tuple(_suppliers["reopened_2024"])
# Office audits of 2026 without deviations besides every other one (closed at once).
CLEAN = tuple(_suppliers["clean_2024"])
INTERNAL_NOTES = {(row["kind"], row["published"]): row["note"] for row in _suppliers["internal_notes"]}

TEMPLATE_NAME = _template["name"]
TEMPLATE_ADOPTED = datetime.datetime.fromisoformat(_template["adopted_at"])
# (number, clause number, criterion, guidance, documentation)
CRITERIA = [
    (row["number"], row["clause"], row["text"], row["guidance"], row["documentation"]) for row in _template["criteria"]
]
FAILURE_RATES = {row["criterion"]: (row["partly"], row["does_not_meet"]) for row in _template["failure_rates"]}

CLAUSE_WEIGHTS = _findings["clause_weights_2023"]
FINDINGS = _findings["findings"]
ACTIONS = _findings["actions"]
