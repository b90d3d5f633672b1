"""Checks of uploaded files, shared by forms, serializers and services.

Nothing here writes: a refused upload leaves no trace, so the previous version stays current.
"""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from papers.exceptions import UploadRejected

logger = logging.getLogger(__name__)

# How far from the end a PDF's final %%EOF marker may sit (writers add a little padding).
_EOF_WINDOW = 2048


@dataclass
class PdfInfo:
    page_count: int
    author: str = ""
    creator: str = ""
    warnings: list[str] = field(default_factory=list)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_size(*, size: int, max_bytes: int, what: str = "The PDF") -> None:
    if size == 0:
        raise UploadRejected(f"{what} is empty.", field="file")
    if size > max_bytes:
        raise UploadRejected(
            f"{what} is {size / 1024 / 1024:.1f} MB; at most "
            f"{max_bytes // (1024 * 1024)} MB are allowed.",
            field="file",
        )


def read_pdf(data: bytes) -> PdfReader:
    """Parse ``data`` as a complete, unencrypted PDF or raise UploadRejected."""
    if not data.startswith(b"%PDF-"):
        raise UploadRejected("This file is not a PDF (it does not start with %PDF-).", field="file")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise UploadRejected(
            "This PDF is truncated (its end is missing); please upload it again.", field="file"
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejected(
                "This PDF is encrypted or password-protected; please upload an unprotected file.",
                field="file",
            )
        # Touch every page: a broken page tree only shows up when the pages are read.
        for page in reader.pages:
            page.mediabox  # noqa: B018
    except UploadRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        logger.info("Unreadable PDF upload: %s", exc)
        raise UploadRejected(
            "This PDF could not be read (the file is damaged); please export it again.",
            field="file",
        ) from None
    return reader


def _metadata_text(reader: PdfReader, key: str) -> str:
    try:
        value = (reader.metadata or {}).get(key)
    except (PyPdfError, ValueError, KeyError, TypeError):
        return ""
    return str(value or "")


def inspect_pdf(*, data: bytes, max_pages: int | None, author_names: list[str]) -> PdfInfo:
    """Check a paper PDF; return its page count, metadata and warnings for the author.

    ``max_pages`` None means no limit. ``author_names`` are looked for in the Author and
    Creator metadata (for double-blind types; pass [] otherwise).
    """
    reader = read_pdf(data)
    pages = len(reader.pages)
    if pages == 0:
        raise UploadRejected("This PDF has no pages.", field="file")
    if max_pages is not None and pages > max_pages:
        raise UploadRejected(
            f"The PDF has {pages} pages; this submission type allows at most {max_pages}.",
            field="file",
        )
    info = PdfInfo(
        page_count=pages,
        author=_metadata_text(reader, "/Author"),
        creator=_metadata_text(reader, "/Creator"),
    )
    found = names_in_metadata(
        metadata=f"{info.author} {info.creator}".casefold(), author_names=author_names
    )
    if found:
        info.warnings.append(
            "The PDF's metadata (Author/Creator) contains "
            + ", ".join(found)
            + ". The copy reviewers get has its metadata removed, but please check that the "
            "paper itself does not reveal who wrote it."
        )
    return info


def names_in_metadata(*, metadata: str, author_names: list[str]) -> list[str]:
    """Author names (full name or a family name of 3+ letters) that occur in ``metadata``."""
    found = []
    for name in author_names:
        parts = [name.casefold(), *(p for p in name.casefold().split() if len(p) >= 3)]
        if any(p and p in metadata for p in parts):
            found.append(name)
    return found


def anonymized_pdf(data: bytes) -> bytes:
    """A copy of the PDF without document metadata (Info dictionary and XMP stream)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data), strict=False))
    writer.metadata = None
    root = writer.root_object
    if "/Metadata" in root:
        del root["/Metadata"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def check_supplementary(*, data: bytes, name: str) -> str:
    """Supplementary material is a PDF or a ZIP archive; return its extension."""
    if data.startswith(b"%PDF-"):
        read_pdf(data)
        return ".pdf"
    if data.startswith(b"PK"):
        try:
            # Reading the central directory is enough; decompressing (testzip) would let a
            # small zip bomb keep a worker busy.
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise UploadRejected(
                "This ZIP archive is damaged; please create it again.", field="file"
            ) from None
        return ".zip"
    raise UploadRejected("Supplementary material must be a PDF or a ZIP archive.", field="file")
