"""``manage.py import``: django-import-export's command, failing with a line that names the file, the
line and the column instead of a traceback, and exit status 1.

It takes the place of import_export's command of the same name ("base" comes before "import_export"
in INSTALLED_APPS). A refused file prints each problem on a line of its own; a file that cannot be
read, a resource or format that does not exist, an unexpected failure: one line.
"""

import importlib
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.command_utils import get_format_class, get_resource_class
from import_export.results import RowResult

from base.imports import ImportRefused, problems_of, warnings_of

import_export = importlib.import_module("import_export.management.commands.import")  # "import" is a keyword

SHOWN_PROBLEMS = 200


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def line_of_offset(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


class Command(import_export.Command):
    def handle(self, *args, **options):
        file_name = options["import_file_name"]
        try:
            self._import(file_name, options)
        except CommandError as error:
            raise CommandError(f"{file_name}: {one_line(error)}") from error
        except KeyboardInterrupt:
            raise CommandError(_("%(file)s: avbruten, ingenting är ändrat.") % {"file": file_name}) from None
        except Exception as error:  # a library's failure on a file it cannot read is one line too
            raise CommandError(f"{file_name}: {one_line(error)}") from error

    def _import(self, file_name, options):
        if options["interactive"]:
            try:
                answer = input("Are you sure you want to import the data? [yes/no]: ")
            except EOFError:
                answer = ""
            if answer != "yes":
                raise CommandError(_("Inläsningen avbröts."))
        resource = get_resource_class(options["resource"])()
        format_class = get_format_class(options.get("format"), file_name, options.get("encoding"))
        data = self._read(file_name, format_class, options.get("encoding"))
        try:
            dataset = format_class.create_dataset(data)
        except Exception as error:  # tablib, csv and openpyxl raise many kinds on a broken file
            raise CommandError(
                _("filen kunde inte läsas som %(format)s: %(error)s")
                % {"format": format_class.get_title(), "error": one_line(error)}
            ) from error
        try:
            result = resource.import_data(dataset, dry_run=options["dry_run"], raise_errors=options["raise_errors"])
        except ImportRefused as refused:
            result, problems = None, str(refused).splitlines()
        else:
            problems = problems_of(result)
        for warning in warnings_of(result):
            self.stderr.write(f"{file_name}: {warning}", self.style.WARNING)
        if problems:
            self._refuse(file_name, problems)
        totals = result.totals
        what = resource._meta.model._meta.verbose_name_plural
        self.stderr.write(
            self.style.NOTICE(
                f"Import finished: {totals[RowResult.IMPORT_TYPE_NEW]} new, {totals[RowResult.IMPORT_TYPE_UPDATE]} "
                f"updated, {totals[RowResult.IMPORT_TYPE_DELETE]} deleted and {totals[RowResult.IMPORT_TYPE_SKIP]} "
                f"skipped {what}." + (" (--dry-run: nothing was written.)" if options["dry_run"] else "")
            )
        )

    @staticmethod
    def _read(file_name, format_class, encoding):
        """The file's content as the format reads it; a wrong encoding names its line."""
        binary = format_class.is_binary()
        if file_name == "-":
            raw = sys.stdin.buffer.read()
        else:
            try:
                with open(file_name, "rb") as file:
                    raw = file.read()
            except FileNotFoundError:
                raise CommandError(_("filen finns inte.")) from None
            except IsADirectoryError:
                raise CommandError(_("det är en mapp, inte en fil.")) from None
            except PermissionError:
                raise CommandError(_("filen får inte läsas.")) from None
        if binary:
            return raw
        try:
            return raw.decode(encoding or "utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                _("rad %(line)d är inte %(encoding)s (en XLSX-fil eller en annan teckenkodning? Ange --encoding).")
                % {"line": line_of_offset(raw, error.start), "encoding": encoding or "UTF-8"}
            ) from None
        except LookupError:
            raise CommandError(_("teckenkodningen %(encoding)s finns inte.") % {"encoding": encoding}) from None

    def _refuse(self, file_name, problems):
        if len(problems) == 1:
            raise CommandError(problems[0])
        for problem in problems[:SHOWN_PROBLEMS]:
            self.stderr.write(f"{file_name}: {problem}", self.style.ERROR)
        raise CommandError(
            ngettext(
                "lästes inte in (%(count)d fel), ingenting är ändrat.",
                "lästes inte in (%(count)d fel), ingenting är ändrat.",
                len(problems),
            )
            % {"count": len(problems)}
        )
