from django import template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BaseForm, BaseFormSet
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.simple_tag
def relabel(form, name, label):
    """Give a field of a form we do not own (allauth's) our own label: {% relabel form "login" _("E-postadress") %}.

    A placeholder the field has says the same. Renders nothing; a form without the field is left as it is."""
    if name in form.fields:
        field = form.fields[name]
        field.label = label
        if "placeholder" in field.widget.attrs:
            field.widget.attrs["placeholder"] = label
        form[name].label = label  # the bound field is cached with the label it was built with
    return ""


def _error_target(bound_field) -> str:
    """The id a link to the field's error moves to: the field itself, or a group's first choice."""
    if bound_field.field.widget.use_fieldset and bound_field.auto_id:
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label or bound_field.auto_id or ""


@register.simple_tag
def error_summary(form):
    """The summary an invalid form opens with: how many errors, each a link to its field (WCAG 3.3.1).

    The summary takes the focus when the page loads (static/js/forms.js); a valid form renders nothing."""
    if form is None or not getattr(form, "is_bound", False) or not form.errors:
        return ""
    items, first = [], None
    for message in form.non_field_errors():
        items.append(format_html("<li>{}</li>", message))
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        first = first or bound.html_name
        target = _error_target(bound)
        for message in errors:
            if bound.is_hidden or not target:
                items.append(format_html("<li>{}: {}</li>", bound.label, message))
            else:
                items.append(format_html('<li><a href="#{}">{}: {}</a></li>', target, bound.label, message))
    uid = f"fel-{first or form.prefix or 'formular'}"
    heading = ngettext("Formuläret har %(count)d fel", "Formuläret har %(count)d fel", len(items)) % {
        "count": len(items)
    }
    return format_html(
        '<div class="error-summary" id="{}" tabindex="-1" aria-labelledby="{}-rubrik" data-error-summary>'
        '<h2 id="{}-rubrik">{}</h2><ul>{}</ul></div>',
        uid, uid, uid, heading, format_html_join("", "{}", ((item,) for item in items)),
    )  # fmt: skip


def _invalid(value, depth=0) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and not value.is_valid()
    if depth < 1 and isinstance(value, (list, tuple)):
        return any(_invalid(item, depth + 1) for item in value[:200])
    if depth < 1 and isinstance(value, dict):
        return any(_invalid(item, depth + 1) for item in value.values())
    if depth == 1 and hasattr(value, "__dict__") and not isinstance(value, type):
        return any(_invalid(item, depth + 1) for key, item in vars(value).items() if key.endswith("form"))
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Fel: " before the page's title when a form on it is invalid (WCAG 3.3.1): the title is the
    first thing a screen reader reads of the page that answers a post."""
    flat = context.flatten()
    if any(_invalid(value) for key, value in flat.items() if key not in ("view", "request", "perms")):
        return gettext("Fel:") + " "
    return ""
