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
