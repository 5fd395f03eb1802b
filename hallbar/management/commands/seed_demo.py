from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone

from hallbar.demo_history import date_demo_history
from regions.demo import DEMO_PASSWORD

# Each app may contribute demo data through a demo.py with seed(); in dependency order.
DEMO_APPS = [
    "regions", "riskanalys", "krav", "revisioner", "incidenter", "akademi", "sjalvskattning", "ekonomi", "hallbar",
]  # fmt: skip


class Command(BaseCommand):
    help = "Create the demo data set and one demo account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on a real server).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates accounts with a known password; it runs with DEBUG on or --force.")
        started = timezone.now()
        call_command("load_reference_data", stdout=self.stdout)
        accounts = []
        # The demo's workflows mail its people (a questionnaire sent, answers returned): nobody reads
        # those, so they are kept in memory instead of filling the terminal or reaching a mail server.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo"):
                    accounts += import_module(f"{app}.demo").seed() or []
        # The demo's records are of 2023 and 2024: their change history says so, not the day of seeding.
        date_demo_history(started)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo accounts (password: {DEMO_PASSWORD}):"))
        for email, what in accounts:
            self.stdout.write(f"  {email:<40} {what}")
