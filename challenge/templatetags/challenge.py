from django import template

register = template.Library()


@register.filter
def bytes_grouped(value) -> str:
    """3675000 -> "3,675,000" (sizes are always shown in whole bytes)."""
    if value is None or value == "":
        return "–"
    return f"{int(value):,}"
