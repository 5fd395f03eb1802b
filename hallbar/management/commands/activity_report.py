import datetime
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from hallbar.report import build_report_pdf


class Command(BaseCommand):
    help = "Build a year's annual activity report as PDF, in-process (the same document as the report job)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument(
            "--published",
            type=datetime.date.fromisoformat,
            help=_("Publiceringsdag på omslaget (ÅÅÅÅ-MM-DD); utan den: dagens datum."),
        )

    def handle(self, year, output, published=None, **options):
        progress = lambda percent: self.stdout.write(f"  {percent} %")  # noqa: E731
        pdf = build_report_pdf(year, progress=progress, published_on=published)
        Path(output).write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(pdf)} bytes)."))
