"""Public media (photos, logos under ``public/``), read from whichever storage holds them."""

import mimetypes
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation, SuspiciousOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from emc2.storage import PUBLIC_PREFIX


@require_safe
def public_media(request, path: str):
    """Everything under ``public/`` is open to anyone; nothing else is reachable here (private
    files go through the permission-checked download views)."""
    parts = PurePosixPath(path).parts
    if not path or path.startswith("/") or ".." in parts or "\x00" in path:
        raise Http404("No such file.")
    name = PUBLIC_PREFIX + path
    try:
        fh = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousOperation, SuspiciousFileOperation):
        raise Http404("No such file.") from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(fh, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
