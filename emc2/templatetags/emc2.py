from django import template
from django.utils.safestring import mark_safe

from emc2.markdown import render_markdown
from emc2.times import local

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitized by nh3


@register.filter(name="local")
def local_filter(value, where):
    """An instant in the zone of ``where`` (an edition, a ZoneInfo or an IANA name), kept there
    by the ``date`` and ``time`` filters: ``{{ session.start|local:edition|time:"H:i" }}``."""
    return local(value, where)


def _field_anchor(field) -> str:
    """The id a link to ``field`` should jump to: its input, or (radio and checkbox groups,
    whose inputs are numbered) the field's wrapper that partials/form.html renders."""
    return field.id_for_label or f"{field.auto_id}_field"


@register.inclusion_tag("partials/error_summary.html")
def error_summary(*forms):
    """The box at the top of a form: every error of ``forms`` (forms or formsets), each
    linked to its field. Nothing when there are none."""
    items: list[dict] = []
    for form in forms:
        if form is None:
            continue
        if hasattr(form, "forms"):  # a formset
            items += [{"text": e, "href": ""} for e in form.non_form_errors()]
            subforms = form.forms
        else:
            subforms = [form]
        for sub in subforms:
            if not sub.is_bound:
                continue
            items += [{"text": e, "href": ""} for e in sub.non_field_errors()]
            for field in sub.hidden_fields():
                items += [{"text": f"{field.label}: {e}", "href": ""} for e in field.errors]
            for field in sub.visible_fields():
                items += [
                    {"text": f"{field.label}: {e}", "href": "#" + _field_anchor(field)}
                    for e in field.errors
                ]
    return {"items": items}
