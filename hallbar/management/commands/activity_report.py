from pathlib import Path

from django.core.management.base import BaseCommand

from hallbar.report import build_report_pdf


class Command(BaseCommand):
    help = "Build a year's annual activity report as PDF, in-process (the same document as the report job)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, year, output, **options):
        pdf = build_report_pdf(year, progress=lambda percent: self.stdout.write(f"  {percent} %"))
        Path(output).write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(pdf)} bytes)."))
