"""Demo data of audits: the shared assessment template, a supplier and a contract for every name of
the 69 audits of 2024 (revisioner/demo/audits_2024.csv, published spellings kept as aliases), the
42 audits of 2023 they follow up, their ratings, deviations and corrective actions, a few published
summaries, and the audit plan for 2025.

The 2024 figures are those of the activity report: 44 office audits and 25 re-audits, up from 42
audits in 2023. Everything else (dates, findings, organisation numbers, values) is invented demo
data: organisation numbers start with 5599 and foreign identifiers with the country and 99.
Findings concentrate where the report found the gaps: the suppliers' risk analyses of the supply
chain and their handling of deviations; systematic environmental management is mostly met.

The facts are data files beside this package (revisioner/demo/data.py says which); the seeder
(seeder.py) and the audits of each year (audits.py) turn them into rows. Historical rows are written
in bulk (with their history rows) rather than through the services, which would stamp every step
with today's date. Idempotent: nothing happens if the demo's suppliers exist.

``seed()`` is the entry point ``manage.py seed_demo`` calls (hallbar/management/commands/seed_demo.py).
"""

from django.db import transaction

from revisioner.demo.audits import (
    audits_2023,
    audits_2024,
    demo_clauses,
    observer,
    plan_2025,
    published_names,
    summaries,
)
from revisioner.demo.seeder import FIRST_ORG_NUMBER, Seeder
from revisioner.models import Supplier


@transaction.atomic
def seed():
    if Supplier.objects.filter(org_number=FIRST_ORG_NUMBER).exists():
        return []
    clauses = demo_clauses()
    if not clauses:
        return []  # krav's demo brings the clauses audits assess against
    seeder = Seeder(clauses)
    template = seeder.template()
    office, re_audited = published_names()
    suppliers = seeder.suppliers(office + re_audited)
    seeder.contracts(suppliers)
    originals = audits_2023(seeder, suppliers, office, re_audited)
    office_2024 = audits_2024(seeder, suppliers, template, office, re_audited, originals)
    seeder.save()
    summaries(seeder.audits)
    observer(seeder.audits)
    plan_2025(seeder, suppliers, template, office_2024, originals)
    return []
