"""Forms that hold when two people change the same row, or one form is sent twice.

Edits: a ``VersionedFormMixin`` form carries the ``version`` of the row the person saw (and, per
field, the value they started from). The service locks the row and calls ``check_version``; a row
whose version moved raises ``StaleEdit`` and the view shows the form again with the person's
input, a message and the fields someone else changed (``StaleEdit.explain``). Every write of a
versioned row goes through ``locked`` and ``bump``, so the version moves in the same UPDATE.

Creates: a ``OnceTokenMixin`` form carries a one-time token issued (signed) by the server. The
created row stores it in a unique ``once_token_field``; ``save_once`` refuses a second row with
the same token, also while the first request is still saving it, and raises ``AlreadyCreated``
with the first row so the view can show it. The token lives on the row it created: nothing
expires, nothing is cleaned up, and the check and the create are one transaction.
"""

import secrets

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import formats
from django.utils.translation import gettext as _

ONCE_FIELD = "once"
_ONCE_SALT = "base.forms.once"


# Edits ---------------------------------------------------------------------------------------


def version_field():
    """The column a versioned model carries: every change through its services adds one."""
    return models.PositiveIntegerField(default=0, editable=False)


def locked(instance):
    """``instance`` read again from the database, its row locked until the transaction ends
    (in place: callers keep using the same object)."""
    instance.refresh_from_db(from_queryset=type(instance)._base_manager.select_for_update())
    return instance


def locked_copy(instance):
    """The row of ``instance`` as stored, locked; ``instance`` itself (with the form's input) is left alone."""
    return type(instance)._base_manager.select_for_update().get(pk=instance.pk)


def bump(instance):
    """The next version, set on the instance that is about to be saved (its row is locked)."""
    instance.version = (instance.version or 0) + 1
    return instance


class StaleEdit(ValidationError):
    """The row changed since the person loaded the form; ``current`` is the row as stored now."""

    def __init__(self, current, message=None):
        super().__init__(
            message or _("Någon annan har ändrat detta medan du skrev. Se ändringarna nedan och spara igen."),
            code="stale",
        )
        self.current = current


def check_version(current, seen_version) -> None:
    """Refuse the change when the stored row (``current``, locked) is not the version the person saw."""
    if seen_version is not None and current.version != seen_version:
        raise StaleEdit(current)


def _display(field, value) -> str:
    if isinstance(field, forms.ModelMultipleChoiceField):
        keys = [getattr(item, "pk", item) for item in value or []]
        return ", ".join(str(row) for row in field.queryset.filter(pk__in=keys)) or "–"
    if isinstance(field, forms.ModelChoiceField):
        row = value if isinstance(value, models.Model) else field.queryset.filter(pk=value).first()
        return str(row) if row is not None else "–"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value)) if value not in (None, "") else "–"
    if isinstance(field, forms.BooleanField):
        return _("Ja") if value else _("Nej")
    value = field.prepare_value(value)
    if value in (None, "", []):
        return "–"
    return str(formats.localize(value))


def _as_text(value):
    """A field's value as the page sends it back, for comparing stored and seen values."""
    if isinstance(value, (list, tuple)):
        return sorted(str(item) for item in value)
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").strip()  # a textarea's line breaks come back as CR LF


class VersionedFormMixin:
    """A ModelForm of a versioned row: a hidden ``version`` and each field's starting value.

    ``clean`` puts the version the person saw on ``instance.version`` for the service to check.
    Extra keyword arguments of the form's constructor are kept to build the stored row's form in
    ``changes``."""

    def __init__(self, *args, **kwargs):
        self._form_kwargs = {key: value for key, value in kwargs.items() if key not in ("data", "instance", "initial")}
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for field in self.fields.values():
            field.show_hidden_initial = True
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0, initial=self.instance.version
        )

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            if data.get("version") is None:
                raise ValidationError(_("Sidan är för gammal för att sparas. Ladda om den och gör ändringen igen."))
            self.instance.version = data["version"]
        return data

    def stored_form(self, current):
        """The form of the row as stored now (``current``); a form with keyword-only arguments of
        its own passes them here."""
        return type(self)(instance=current, **self._form_kwargs)

    def changes(self, current) -> list[tuple[str, str]]:
        """(label, value stored now) of each field whose stored value differs from the one the person started from."""
        stored = self.stored_form(current)
        found = []
        for name, field in stored.fields.items():
            if name == "version" or name not in self.fields:
                continue
            seen = (
                self.fields[name]
                .hidden_widget()
                .value_from_datadict(self.data, self.files, self.add_initial_prefix(name))
            )
            if _as_text(stored[name].value()) != _as_text(seen):
                found.append((str(field.label), _display(field, stored.get_initial_for_field(field, name))))
        return found

    def refuse_stale(self, error: StaleEdit) -> None:
        """Show the refusal on the form: the message, then each changed field with its stored value.
        The person's input stays in the fields; the version becomes the stored one, so saving again
        (after looking) goes through."""
        self.add_error(None, error)
        for label, value in self.changes(error.current):
            self.add_error(None, _("%(field)s är nu: %(value)s") % {"field": label, "value": value})
        # What the person has now been shown is what the next save starts from.
        stored = self.stored_form(error.current)
        data = self.data.copy()
        for name in self.fields:
            if name != "version" and name in stored.fields:
                value = stored[name].value()
                values = [str(item) for item in value] if isinstance(value, (list, tuple)) else [value]
                values = ["" if item is None else str(item) for item in values]
                key = self.add_initial_prefix(name)
                if hasattr(data, "setlist"):
                    data.setlist(key, values)
                else:
                    data[key] = values if isinstance(value, (list, tuple)) else values[0]
        data[self.add_prefix("version")] = str(error.current.version)
        self.data = data


# Creates -------------------------------------------------------------------------------------


def new_once_token() -> str:
    return signing.Signer(salt=_ONCE_SALT).sign(secrets.token_urlsafe(18))


def valid_once_token(token) -> bool:
    try:
        signing.Signer(salt=_ONCE_SALT).unsign(token or "")
    except signing.BadSignature:
        return False
    return True


def once_token_field():
    """The column of a created row holding the token of the form that created it."""
    return models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False)


class AlreadyCreated(Exception):
    """The form was sent before; ``obj`` is what the first submit created."""

    def __init__(self, obj):
        super().__init__(str(obj))
        self.obj = obj


def already_created(model, field: str, token):
    if not token:
        return None
    return model._base_manager.filter(**{field: token}).first()


def save_once(instance, save, field: str = "created_with"):
    """Call ``save()`` for a new ``instance`` carrying its token in ``field``; when a row already
    carries the token (or another request is saving one with it now: the unique key waits for
    it), raise ``AlreadyCreated`` with that row instead."""
    token = getattr(instance, field)
    first = already_created(type(instance), field, token)
    if first is not None:
        raise AlreadyCreated(first)
    try:
        with transaction.atomic():
            return save()
    except (IntegrityError, ValidationError):
        # The other request committed its row first: the unique key refused this one, or the
        # model's validation (which reads committed rows) saw the token taken.
        first = already_created(type(instance), field, token)
        if first is None:
            raise
        raise AlreadyCreated(first) from None


class OnceTokenMixin:
    """A create form with a hidden one-time token (``once_token`` once valid). A missing or forged
    token refuses the form; the page shown again carries a new one. A ModelForm names in
    ``once_model_field`` the model's ``once_token_field``, which ``clean`` fills for ``save_once``."""

    once_model_field = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._creates():
            self.fields[ONCE_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, initial=new_once_token)

    def _creates(self) -> bool:
        """A ModelForm of an existing row changes it: no token."""
        return getattr(getattr(self, "instance", None), "pk", None) is None

    def clean(self):
        data = super().clean()
        if self._creates() and not valid_once_token(data.get(ONCE_FIELD)):
            self.data = self.data.copy()
            self.data[self.add_prefix(ONCE_FIELD)] = new_once_token()
            raise ValidationError(_("Formuläret har gått ut. Kontrollera uppgifterna och skicka igen."))
        if self._creates() and self.once_model_field:
            setattr(self.instance, self.once_model_field, data[ONCE_FIELD])
        return data

    @property
    def once_token(self) -> str:
        return self.cleaned_data[ONCE_FIELD]


def once_token_from(data) -> str | None:
    """The token of a one-click form (a button with the hidden ``once`` input), or None when it is
    missing or not ours."""
    token = data.get(ONCE_FIELD, "")
    return token if valid_once_token(token) else None


class RadioChoicesMixin:
    """A radio group offers only real choices: Django gives a model field without a default an empty
    choice, "---------", which a radio group shows as an option of its own (none checked already says
    that nothing is chosen, and a required field is refused then)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect):
                continue
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = None
                field.widget.choices = field.choices
            else:
                field.choices = [(value, label) for value, label in field.choices if value != ""]
