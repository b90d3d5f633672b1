"""The artifact size limit, enforced while the upload streams in.

Django parses a multipart body into temporary files before a view sees it. This handler goes
first: it refuses a body whose declared length is already too large before reading any of it,
and stops a body without (or with a lying) length as soon as the limit is passed. Django then
closes, and so deletes, the partial temporary file: a refused upload leaves no file behind.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from challenge.selectors import challenge_upload_limit

# Room for the other form fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


def limit_text(limit: int) -> str:
    return f"The file is larger than the {limit:,} bytes allowed."


class ArtifactLimitHandler(FileUploadHandler):
    def __init__(self, request, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_large = False

    def _refuse(self):
        # Read by the view (form error or API 400); the request stops here.
        self.request.artifact_upload_refused = limit_text(self.limit)
        raise StopUpload(connection_reset=True)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Django does not catch StopUpload here: refuse at the first file, before its bytes.
        self.too_large = bool(content_length and content_length > self.limit + FORM_OVERHEAD_BYTES)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_large:
            self._refuse()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler stores the file


def artifact_limit_install(request, *, limit: int) -> None:
    """Put the limit in front of the request's upload handlers (before the body is read)."""
    request.upload_handlers.insert(0, ArtifactLimitHandler(request, limit=limit))


class StreamedLimitMixin:
    """For an upload view: installs the limit, then checks CSRF (which reads the body) itself.

    ``upload_limit()`` must not read the request body."""

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        artifact_limit_install(request, limit=self.upload_limit())
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def upload_limit(self) -> int:
        return challenge_upload_limit(edition_slug=self.kwargs["edition"])
