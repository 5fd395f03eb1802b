"""A radio group offers only real choices: no "---------" option (base.forms.RadioChoicesMixin)."""

from krav.forms import ResponseForm, UptakeForm
from krav.models import ConsultationResponse, Uptake


def test_the_consultation_answer_and_the_uptake_offer_no_empty_radio():
    for form, name, choices in (
        (ResponseForm(), "answer", ConsultationResponse.Answer.choices),
        (UptakeForm(), "used", Uptake.Used.choices),
    ):
        assert list(form.fields[name].choices) == list(choices)
        assert "---------" not in str(form[name])


def test_an_unanswered_radio_group_is_still_refused():
    form = UptakeForm(data={"since": "", "comment": ""})
    assert not form.is_valid() and "used" in form.errors
