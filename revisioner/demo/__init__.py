"""Demo data of audits: the shared assessment template, a supplier and a contract for every name of
the 69 audits of 2024 (revisioner/demo/audits_2024.csv, published spellings kept as aliases), those
69 audits, the audit plan for 2025 and its audits, the audits of 2026 (the current year) with
their ratings, deviations and corrective actions, and a few published summaries.

The 2024 audits are those of the activity report, 44 office audits and 25 re-audits, and nothing
more: the report gives no rating, deviation or summary of theirs, so the demo records none and its
2024 report prints none. 2023 has no audit records (the report gives only its total, 42, which
hallbar's demo enters with its source). The deviations the coordinators work with are of 2025 and
2026, outside the years the 2024 report compares. Everything but the 2024 names and kinds (dates,
findings, organisation numbers, values) is invented demo data: organisation numbers start with
5599 and foreign identifiers with the country and 99. Findings concentrate where the report found
the gaps: the suppliers' risk analyses of the supply chain and their handling of deviations.

The facts are data files beside this package (revisioner/demo/data.py says which); the seeder
(seeder.py) and the audits of each year (audits.py) turn them into rows. Historical rows are written
in bulk (with their history rows) rather than through the services, which would stamp every step
with today's date. Idempotent: nothing happens if the demo's suppliers exist.

``seed()`` is the entry point ``manage.py seed_demo`` calls (hallbar/management/commands/seed_demo.py).
"""

from django.db import transaction

from revisioner.demo.audits import (
    audits_current_year,
    audits_plan_year,
    audits_published,
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
    audits_published(seeder, suppliers, office, re_audited)
    originals = audits_plan_year(seeder, suppliers, re_audited)
    audits_current_year(seeder, suppliers, template, office, re_audited, originals)
    seeder.save()
    summaries(seeder.audits)
    observer(seeder.audits)
    plan_2025(seeder, suppliers, template, originals)
    return []
