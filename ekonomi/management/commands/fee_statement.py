from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ekonomi.documents import STATEMENT_FORMATS
from ekonomi.models import FiscalYear
from ekonomi.statement import build_statement


class Command(BaseCommand):
    help = "Write a year's fee and balance statement as PDF, XLSX or CSV."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=list(STATEMENT_FORMATS), default="pdf")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, year, format, output, **options):
        fiscal_year = FiscalYear.objects.filter(year=year).first()
        if fiscal_year is None:
            raise CommandError(f"No fiscal year {year}.")
        _filename, _mimetype, body = STATEMENT_FORMATS[format](build_statement(fiscal_year))
        Path(output).write_bytes(body)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(body)} bytes)."))
