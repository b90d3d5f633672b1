from django import template
from django.utils.safestring import mark_safe

from emc2.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitized by nh3


@register.filter
def in_tz(value, tz):
    """Convert an aware datetime to ``tz`` (a ZoneInfo or an IANA name)."""
    if value is None:
        return None
    if isinstance(tz, str):
        import zoneinfo

        tz = zoneinfo.ZoneInfo(tz)
    return value.astimezone(tz)
