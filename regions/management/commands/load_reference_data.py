from django.core.management.base import BaseCommand

from regions.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the 21 regions, procurement regions A–H, risk areas and organisations (idempotent)."

    def handle(self, *args, **options):
        counts = load_reference_data()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded: {summary}."))
