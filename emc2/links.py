"""The project's one way to make a slug and a full link."""

from django.conf import settings
from django.utils.text import slugify


def absolute_url(path: str) -> str:
    """A full link for e-mails and exports: SITE_URL + ``path`` (which starts with /)."""
    return settings.SITE_URL + path


def slug_for(text: str, *, max_length: int, default: str) -> str:
    """A URL slug of ``text`` at most ``max_length`` long, ``default`` when nothing is left."""
    return slugify(text)[:max_length].strip("-") or default
