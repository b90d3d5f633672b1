"""Checks of uploaded files, shared by forms, serializers and services.

Nothing here writes: a refused upload leaves no trace, so the previous version stays current.
"""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass, field

from papers.exceptions import UploadRejected
from papers.pdf import Examination, PdfDamaged, PdfRefused, pdf_examine

logger = logging.getLogger(__name__)


@dataclass
class PdfInfo:
    page_count: int
    author: str = ""
    creator: str = ""
    warnings: list[str] = field(default_factory=list)
    # The double-blind reviewers' copy, and where it still names an author (held back).
    anonymized: bytes | None = None
    blocked: list[str] = field(default_factory=list)


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


def _limits() -> dict:
    from django.conf import settings

    return getattr(settings, "PDF_INSPECTION_LIMITS", {})


def _examine(data: bytes, **kwargs) -> Examination:
    """Run the bounded examination; refusals become UploadRejected for the author."""
    try:
        return pdf_examine(data=data, limits=_limits(), **kwargs)
    except PdfDamaged as exc:
        logger.info("Unreadable PDF upload: %s", exc)
        raise UploadRejected(
            "This PDF could not be read (the file is damaged); please export it again.",
            field="file",
        ) from None
    except PdfRefused as exc:
        logger.info("Refused PDF upload: %s", exc)
        raise UploadRejected(str(exc), field="file") from None


def read_pdf(data: bytes) -> int:
    """Check that ``data`` is a complete, unencrypted, bounded PDF; return its page count."""
    return _examine(data, metadata=False).page_count


def inspect_pdf(
    *,
    data: bytes,
    max_pages: int | None,
    author_names: list[str],
    needles: list[str] = (),
    rebuild: bool = False,
    keep_comments: bool = False,
) -> PdfInfo:
    """Check a paper PDF; return its page count, metadata and warnings for the author.

    ``max_pages`` None means no limit. ``author_names`` (family names count too) are looked
    for in the metadata, ``needles`` (names, e-mails, domains, affiliations) also in the
    visible text of the first page and the headers. ``rebuild`` makes the double-blind
    reviewers' copy and scans it: ``blocked`` lists where it still names an author.
    """
    family = [p for name in author_names for p in name.split() if len(p) >= 3]
    exam = _examine(
        data,
        needles=[*author_names, *needles],
        family_names=family,
        visible=bool(author_names or needles),
        rebuild=rebuild,
        keep_comments=keep_comments,
    )
    pages = exam.page_count
    if max_pages is not None and pages > max_pages:
        raise UploadRejected(
            f"The PDF has {pages} pages; this submission type allows at most {max_pages}.",
            field="file",
        )
    info = PdfInfo(
        page_count=pages,
        author=exam.author,
        creator=exam.creator,
        anonymized=exam.anonymized,
        blocked=[str(f) for f in exam.copy_findings],
    )
    in_metadata = _names(f for f in exam.upload_findings if not f.place.startswith("page "))
    if in_metadata:
        info.warnings.append(
            "The PDF's metadata contains "
            + ", ".join(_full_names(in_metadata, author_names))
            + ". The copy reviewers get has its metadata removed, but please check that the "
            "paper itself does not reveal who wrote it."
        )
    for finding in exam.upload_findings:
        if finding.place.startswith("page "):
            info.warnings.append(
                f"The PDF's {finding} (visible to reviewers of a double-blind paper)."
            )
    if info.blocked:
        info.warnings.append(
            "The reviewers' copy is held back until a new version is uploaded: "
            + "; ".join(info.blocked)
            + "."
        )
    return info


def _names(findings) -> list[str]:
    out = []
    for f in findings:
        if f.needle not in out:
            out.append(f.needle)
    return out


def _full_names(found: list[str], author_names: list[str]) -> list[str]:
    """Family-name hits reported as the author's full name."""
    out = []
    for needle in found:
        name = next((n for n in author_names if needle in n.split()), needle)
        if name not in out:
            out.append(name)
    return out


def names_in_metadata(*, metadata: str, author_names: list[str]) -> list[str]:
    """Author names (full name or a family name of 3+ letters) that occur in ``metadata``."""
    found = []
    for name in author_names:
        parts = [name.casefold(), *(p for p in name.casefold().split() if len(p) >= 3)]
        if any(p and p in metadata for p in parts):
            found.append(name)
    return found


def anonymized_pdf(data: bytes, *, keep_comments: bool = False) -> bytes:
    """The double-blind reviewers' copy: a new PDF of the pages' content and resources only."""
    return _examine(data, metadata=False, rebuild=True, keep_comments=keep_comments).anonymized


@dataclass
class SupplementaryInfo:
    ext: str
    # Double-blind only: the PDF's rebuilt copy, where it names an author (held back), and
    # the ZIP members that could not be checked (reviewers get them if the chair allows).
    anonymized: bytes | None = None
    blocked: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Members read as text and searched; anything else in a ZIP cannot be checked.
_TEXT_SUFFIXES = {
    ".txt", ".md", ".rst", ".csv", ".tsv", ".json", ".yaml", ".yml", ".toml", ".xml", ".html",
    ".tex", ".bib", ".py", ".ipynb", ".r", ".jl", ".m", ".c", ".h", ".cc", ".cpp", ".hpp",
    ".java", ".js", ".ts", ".rs", ".go", ".sh", ".cfg", ".ini", ".log",
}  # fmt: skip
_ZIP_MEMBERS = 2000  # names scanned
_ZIP_PDF_MEMBERS = 10  # PDF members examined
_ZIP_MEMBER_BYTES = 16 * 1024 * 1024  # read per member
_ZIP_TOTAL_BYTES = 128 * 1024 * 1024  # read per archive, so a zip bomb costs little


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> bytes | None:
    """The member's bytes, or None if it is encrypted, damaged or larger than allowed."""
    limit = min(_ZIP_MEMBER_BYTES, budget)
    if member.flag_bits & 0x1 or member.file_size > limit:
        return None
    try:
        with archive.open(member) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError):
        return None
    return data if len(data) <= limit else None


def _check_zip_members(
    archive: zipfile.ZipFile, *, author_names: list[str], needles: list[str], info
) -> None:
    """Scan member names, PDF members and text members for the authors (double-blind)."""
    from papers.pdf import find_in_bytes, normalized

    everything = [*author_names, *needles]
    budget, pdfs = _ZIP_TOTAL_BYTES, 0
    for index, member in enumerate(archive.infolist()):
        if member.is_dir():
            continue
        where = f"ZIP member {member.filename}"
        if index >= _ZIP_MEMBERS:
            info.unchecked.append(where)
            continue
        name_text = normalized(member.filename.replace("_", " ").replace("-", " "))
        family = [p for n in author_names for p in n.split() if len(p) >= 3]
        for needle in everything + family:
            if normalized(needle) in name_text:
                info.blocked.append(f"the name of {where} names {needle}")
                break
        suffix = "." + member.filename.rsplit(".", 1)[-1].lower() if "." in member.filename else ""
        checkable = suffix == ".pdf" and pdfs < _ZIP_PDF_MEMBERS or suffix in _TEXT_SUFFIXES
        data = _read_member(archive, member, budget) if checkable else None
        if data is None:
            info.unchecked.append(where)
            continue
        budget -= len(data)
        if suffix == ".pdf":
            pdfs += 1
            try:
                exam = _examine(data, needles=everything, visible=True)
            except UploadRejected:
                info.unchecked.append(where)
                continue
            info.blocked += [f"{where}: {f}" for f in exam.upload_findings]
        else:
            info.blocked += [f"{where} names {n}" for n in find_in_bytes(data, everything)]


def check_supplementary(
    *,
    data: bytes,
    name: str,
    author_names: list[str] = (),
    needles: list[str] = (),
    blind: bool = False,
) -> SupplementaryInfo:
    """Supplementary material is a PDF or a ZIP archive.

    For double-blind types (``blind``), a PDF gets a rebuilt reviewers' copy like the paper,
    and a ZIP's member names, PDF members and text members are searched for the authors;
    ``blocked`` says where they were found, ``unchecked`` lists what could not be read.
    """
    if data.startswith(b"%PDF-") or data.startswith(b"\xef\xbb\xbf%PDF-"):
        if not blind:
            read_pdf(data)
            return SupplementaryInfo(ext=".pdf")
        paper = inspect_pdf(
            data=data, max_pages=None, author_names=list(author_names), needles=needles,
            rebuild=True,
        )  # fmt: skip
        return SupplementaryInfo(
            ext=".pdf", anonymized=paper.anonymized, blocked=paper.blocked, warnings=paper.warnings
        )
    if data.startswith(b"PK"):
        info = SupplementaryInfo(ext=".zip")
        try:
            # Reading the central directory is enough; members are read only for double-blind
            # checks, each with a size cap, so a small zip bomb cannot keep a worker busy.
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.infolist()
                if blind:
                    _check_zip_members(
                        archive, author_names=list(author_names), needles=list(needles), info=info
                    )
        except (zipfile.BadZipFile, ValueError, OSError):
            raise UploadRejected(
                "This ZIP archive is damaged; please create it again.", field="file"
            ) from None
        if info.blocked:
            info.warnings.append(
                "Reviewers do not get this supplementary material: " + "; ".join(info.blocked) + "."
            )
        if info.unchecked:
            info.warnings.append(
                "These files could not be checked for your names; reviewers get them only if "
                "the chairs allow it: " + ", ".join(info.unchecked) + "."
            )
        return info
    raise UploadRejected("Supplementary material must be a PDF or a ZIP archive.", field="file")
