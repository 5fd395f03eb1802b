"""The upload form of the import page: what the file holds, and the file (CSV or XLSX)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

MAX_SIZE = 20 * 1024 * 1024  # 50 000 suppliers are about 3 MB as CSV

KINDS = [
    ("suppliers", _("Leverantörer")),
    ("contracts", _("Avtal")),
    ("audits", _("Historiska revisioner")),
]


def read_dataset(name: str, content: bytes):
    """A tablib Dataset of an uploaded file. CSV may be UTF-8 (with or without BOM) or Windows-1252,
    separated by commas or, as Swedish Excel saves it, by semicolons."""
    if name.lower().endswith(".xlsx"):
        return XLSX().create_dataset(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return CSV().create_dataset(text, delimiter=delimiter)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Filen innehåller"), choices=KINDS, widget=forms.RadioSelect, initial="suppliers")
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Första raden är kolumnernas namn. Ladda ner en exempelfil nedan för att se vilka kolumner som behövs."
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_SIZE:
            raise forms.ValidationError(_("Filen är större än 20 MB."))
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen måste vara CSV eller XLSX."))
        content = file.read()
        try:
            self.dataset = read_dataset(file.name, content)
        except Exception as error:  # tablib, csv and openpyxl raise many kinds on a broken file
            raise forms.ValidationError(_("Filen %(name)s kunde inte läsas.") % {"name": file.name}) from error
        self.content = content
        return file
