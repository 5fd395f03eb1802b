from django import template

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
