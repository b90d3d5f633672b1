"""HTML templates to WeasyPrint documents, shared by the volume and the booklet."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


def _url_fetcher():
    # Templates reference only local files handed to the builder (logos); Markdown from users
    # is sanitized and carries no images. Refusing other schemes keeps a build off the
    # network whatever ends up in the HTML.
    import weasyprint

    fetcher_class = getattr(weasyprint, "URLFetcher", None)
    if fetcher_class is None:  # WeasyPrint < 68 has no fetcher class; its default is used.
        return None
    return fetcher_class(allowed_protocols={"file", "data"})


def render_document(template_name: str, context: dict[str, Any]):
    """Render a Django template to a laid-out ``weasyprint.Document`` (pages, anchors, links)."""
    # WeasyPrint is imported here, not at module level: importing it (Pango, fontTools) costs
    # about a second, which web workers and management commands should not pay at start-up.
    import weasyprint

    html = render_to_string(template_name, context)
    return weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=_url_fetcher()
    ).render()
