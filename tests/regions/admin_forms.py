"""The data an admin change form would post back unchanged, to change one field of it in a test."""

from django.forms import CheckboxInput, MultiWidget


def _form_data(form) -> dict:
    data = {}
    for name in form.fields:
        bound = form[name]
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, MultiWidget):
            parts = widget.decompress(value)
            for index, (subwidget, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{bound.html_name}_{index}"] = subwidget.format_value(part) or ""
        elif isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def unchanged_post_data(response) -> dict:
    """What the change form of ``response`` (a GET of the admin's change view) posts as it stands."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):  # the history form has none
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data
