from django.conf import settings


def absolute_url(path: str) -> str:
    """A full link for e-mails and exports: SITE_URL + ``path`` (which starts with /)."""
    return settings.SITE_URL + path
