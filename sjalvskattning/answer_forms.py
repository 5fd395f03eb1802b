"""The supplier's form of its answer to one criterion.

The answer form carries the version of the answer the person saw (base.forms.VersionedFormMixin):
two colleagues at the supplier, or one person in two browser tabs, cannot overwrite each other's
answer unseen. A file sent with an answer goes through the kernel's ``base.evidence.EvidenceForm``,
which only carries the file; base.uploads checks it (type by content, size, name) when the service
stores it, and names the file in its refusal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import VersionedFormMixin
from sjalvskattning.models import Answer


def answer_prefix(answer) -> str:
    """The prefix of one answer's form: the page holds a form per criterion."""
    return f"svar-{answer.pk}"


class AnswerForm(VersionedFormMixin, forms.ModelForm):
    """Meets / partly / does not meet / not applicable, and the supplier's own words. A draft may
    leave the value empty; submitting the questionnaire asks for every one."""

    value = forms.ChoiceField(
        label=_("Ert svar"), choices=Answer.Value.choices, widget=forms.RadioSelect, required=False
    )

    class Meta:
        model = Answer
        fields = ["value", "text"]
        labels = {"text": _("Beskrivning")}
        help_texts = {
            "text": _("Hur uppfyller ni kriteriet? Hänvisa gärna till de filer ni skickar som underlag."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", answer_prefix(kwargs["instance"]))
        super().__init__(*args, **kwargs)
