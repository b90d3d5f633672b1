"""The proceedings volume: front matter + stamped camera-ready papers + author index, one PDF.

Page numbering: the front matter (cover, copyright page, preface, committees, contents) is
numbered i, ii, ...; the papers start at Arabic 1 and the author index continues after the last
paper. Because Arabic numbering restarts after the front matter, every paper and index page
number is known as soon as the papers' page counts are read, whatever the length of the front
matter, so the table of contents prints the final numbers in one pass. The front matter's own
entries (preface, committees) use CSS ``target-counter()``, which WeasyPrint resolves against
its final layout (it re-paginates until such forward references are stable).
"""

import dataclasses
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

from emc2.markdown import render_markdown
from program.proceedings.exceptions import ProceedingsError
from program.proceedings.files import write_atomically
from program.proceedings.isbn import isbn_is_valid, isbn_normalize
from program.proceedings.names import index_form, sort_key
from program.proceedings.render import render_document
from program.proceedings.stamp import stamp_pages

# Part of inputs_hash: bump it when templates or layout change so stored volumes are rebuilt.
ENGINE_VERSION = "1"

# Internal links in the rendered HTML use this pseudo-scheme ("emc2-page:12" is Arabic page
# 12); once all pages sit in one PDF they are rewritten into direct page destinations.
PAGE_LINK_SCHEME = "emc2-page:"

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class VolumeMeta:
    title: str
    short_title: str  # running header on every paper page
    editors: Sequence[str]
    year: int
    publisher: str = ""
    isbn: str = ""
    copyright: str = ""
    preface: str = ""  # Markdown, sanitized when rendered
    # [(heading, [(name, affiliation), ...]), ...], e.g. ("Program committee", [...]).
    committees: Sequence[tuple[str, Sequence[tuple[str, str]]]] = ()


@dataclass(frozen=True)
class PaperEntry:
    key: str  # the caller's id for the paper, returned in VolumeResult.papers
    title: str
    authors: Sequence[tuple[str, str]]  # (name, affiliation), in byline order
    pdf_path: str | os.PathLike
    session: str = ""  # groups the contents and the bookmarks when set


@dataclass(frozen=True)
class PaperPages:
    key: str
    first_page: int  # Arabic page numbers as printed
    last_page: int

    @property
    def bibtex_pages(self) -> str:
        if self.first_page == self.last_page:
            return str(self.first_page)
        return f"{self.first_page}--{self.last_page}"


@dataclass(frozen=True)
class VolumeResult:
    path: Path
    page_count: int
    front_matter_pages: int  # Roman-numbered pages before Arabic page 1
    index_first_page: int  # Arabic page number where the author index starts
    papers: list[PaperPages] = field(default_factory=list)

    def pages_of(self, key: str) -> PaperPages:
        return next(p for p in self.papers if p.key == key)


@dataclass
class _OpenPaper:
    entry: PaperEntry
    reader: PdfReader
    sizes: list[tuple[float, float]]  # visible (crop box) size of each page, after rotation
    first_page: int = 0

    @property
    def page_count(self) -> int:
        return len(self.sizes)

    @property
    def last_page(self) -> int:
        return self.first_page + self.page_count - 1


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def inputs_hash(meta: VolumeMeta, papers: Sequence[PaperEntry]) -> str:
    """Fingerprint of everything that shapes the volume: metadata, paper order and entries,
    and the content (not the path or mtime) of every PDF. Equal hash, equal volume."""
    paper_data = []
    for paper in papers:
        try:
            pdf_sha = _sha256_file(Path(paper.pdf_path))
        except OSError as exc:
            raise ProceedingsError(
                f"The camera-ready PDF of \u201c{paper.title}\u201d cannot be read ({exc})."
            ) from exc
        data = dataclasses.asdict(paper)
        data.pop("pdf_path")
        data["pdf_sha256"] = pdf_sha
        paper_data.append(data)
    payload = {"engine": ENGINE_VERSION, "meta": dataclasses.asdict(meta), "papers": paper_data}
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _check_meta(meta: VolumeMeta, papers: Sequence[PaperEntry]) -> None:
    if not meta.title.strip() or not meta.short_title.strip():
        raise ProceedingsError("The volume needs a title and a short title.")
    if meta.isbn and not isbn_is_valid(meta.isbn):
        raise ProceedingsError(f"The ISBN {meta.isbn} is not valid.", field="isbn")
    if not papers:
        raise ProceedingsError("The volume has no papers.")
    keys = [p.key for p in papers]
    if len(set(keys)) != len(keys):
        raise ProceedingsError("Two papers of the volume have the same key.")


def _paper_error(entry: PaperEntry, reason: str) -> ProceedingsError:
    return ProceedingsError(
        f"The camera-ready PDF of \u201c{entry.title}\u201d cannot be used: {reason}."
    )


def _open_paper(entry: PaperEntry) -> _OpenPaper:
    try:
        # Whole file in memory: the reader must outlive the file handle, and camera-ready PDFs
        # are a few MB at most.
        data = Path(entry.pdf_path).read_bytes()
    except OSError as exc:
        raise _paper_error(entry, f"it cannot be read ({exc.strerror or exc})") from exc
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _paper_error(entry, "it is password-protected")
        sizes = []
        for page in reader.pages:
            box = page.cropbox
            width, height = float(box.width), float(box.height)
            if page.rotation % 180:
                width, height = height, width
            sizes.append((width, height))
    except ProceedingsError:
        raise
    except Exception as exc:  # pypdf raises many types (PdfReadError, ValueError, KeyError...)
        raise _paper_error(entry, "it is not a readable PDF file") from exc
    if not sizes:
        raise _paper_error(entry, "it has no pages")
    return _OpenPaper(entry=entry, reader=reader, sizes=sizes)


def _annotations(page) -> list:
    annots = page.get("/Annots")
    return list(annots.get_object()) if annots is not None else []


def _make_links_explicit(reader: PdfReader) -> None:
    """Point the paper's internal links at pages instead of named destinations, and drop the
    names: LaTeX gives every paper the same ones ("section.1", "figure.2", "cite.x"), so once
    merged, a link in the fifth paper would jump into the first."""
    names = reader.named_destinations
    if names:
        for page in reader.pages:
            for annot_ref in _annotations(page):
                annot = annot_ref.get_object()
                if annot.get("/Subtype") != "/Link":
                    continue
                action = annot.get("/A")
                action = action.get_object() if action is not None else None
                if action is not None and action.get("/S") == "/GoTo":
                    holder, key = action, "/D"
                else:
                    holder, key = annot, "/Dest"
                target = holder.get(key)
                target = target.get_object() if target is not None else None
                if isinstance(target, str) and str(target) in names:
                    holder[NameObject(key)] = names[str(target)].dest_array
    root = reader.trailer["/Root"]
    root.pop("/Dests", None)
    if "/Names" in root:
        root["/Names"].get_object().pop("/Dests", None)


def _common_size(papers: list[_OpenPaper]) -> tuple[float, float]:
    """The page size most paper pages have (Letter or A4): front matter and index use it."""
    counts = Counter((round(w), round(h)) for p in papers for (w, h) in p.sizes)
    return counts.most_common(1)[0][0]


def _author_index(papers: list[_OpenPaper]) -> list[dict]:
    """[{letter, entries: [{name, pages}]}], authors with several papers get several pages."""
    people: dict[str, dict] = {}
    for paper in papers:
        for name, _affiliation in paper.entry.authors:
            clean = " ".join(name.split())
            if not clean:
                continue
            person = people.setdefault(
                clean.casefold(), {"name": index_form(clean), "sort": sort_key(clean), "pages": []}
            )
            if paper.first_page not in person["pages"]:
                person["pages"].append(paper.first_page)
    groups: list[dict] = []
    for person in sorted(people.values(), key=lambda p: p["sort"]):
        letter = (person["sort"][0][:1] or "#").upper()
        if not groups or groups[-1]["letter"] != letter:
            groups.append({"letter": letter, "entries": []})
        groups[-1]["entries"].append({"name": person["name"], "pages": sorted(person["pages"])})
    return groups


def _contents_groups(papers: list[_OpenPaper]) -> list[dict]:
    """Consecutive papers of the same session form one group of the contents."""
    groups: list[dict] = []
    for paper in papers:
        if not groups or groups[-1]["session"] != paper.entry.session:
            groups.append({"session": paper.entry.session, "papers": []})
        groups[-1]["papers"].append(
            {
                "title": paper.entry.title,
                "authors": ", ".join(name for name, _ in paper.entry.authors),
                "page": paper.first_page,
            }
        )
    return groups


def _page_style(size: tuple[float, float]) -> dict:
    return {"page_width": f"{size[0]:.2f}pt", "page_height": f"{size[1]:.2f}pt"}


def _anchor_pages(document) -> dict[str, int]:
    return {name: i for i, page in enumerate(document.pages) for name in page.anchors}


def _rewrite_links(writer: PdfWriter, pages: range, anchors: dict[str, int], arabic_start: int):
    """Turn the HTML links of the front matter and index into direct page destinations."""
    total = len(writer.pages)
    for page_index in pages:
        page = writer.pages[page_index]
        for annot_ref in _annotations(page):
            annot = annot_ref.get_object()
            target = None
            action = annot.get("/A")
            if action is not None:
                action = action.get_object()
                uri = str(action.get("/URI", ""))
                if action.get("/S") == "/URI" and uri.startswith(PAGE_LINK_SCHEME):
                    target = arabic_start + int(uri[len(PAGE_LINK_SCHEME) :]) - 1
            elif "/Dest" in annot and str(annot["/Dest"]) in anchors:
                target = anchors[str(annot["/Dest"])]
            if target is None or not 0 <= target < total:
                continue
            annot.pop("/A", None)
            annot[NameObject("/Dest")] = ArrayObject(
                [writer.pages[target].indirect_reference, NameObject("/Fit")]
            )


def _report(progress: Progress | None, percent: int, step: str) -> None:
    if progress is not None:
        progress(percent, step)


def build_volume(
    *,
    meta: VolumeMeta,
    papers: Sequence[PaperEntry],
    out_path: str | os.PathLike,
    progress: Progress | None = None,
) -> VolumeResult:
    """Build the proceedings PDF at ``out_path`` and return where each paper landed.

    ``progress(percent, step)`` is called as the build advances. Raises ProceedingsError
    (naming the paper when one is at fault); ``out_path`` is then left as it was, since the
    volume is written to a temporary file next to it and renamed only when complete.
    """
    out_path = Path(out_path)
    _check_meta(meta, papers)

    opened: list[_OpenPaper] = []
    next_page = 1
    for i, entry in enumerate(papers):
        _report(progress, 25 * i // len(papers), f"Reading \u201c{entry.title}\u201d")
        paper = _open_paper(entry)
        paper.first_page = next_page
        next_page += paper.page_count
        opened.append(paper)
    index_first_page = next_page
    size = _common_size(opened)
    style = _page_style(size)

    _report(progress, 25, "Rendering the author index")
    index_doc = render_document(
        "program/proceedings/volume_index.html",
        {**style, "meta": meta, "groups": _author_index(opened), "link": PAGE_LINK_SCHEME},
    )
    index_pdf = index_doc.write_pdf()

    _report(progress, 35, "Rendering the front matter")
    front_doc = render_document(
        "program/proceedings/volume_front.html",
        {
            **style,
            "meta": meta,
            "isbn": isbn_normalize(meta.isbn) if meta.isbn else "",
            "preface_html": render_markdown(meta.preface) if meta.preface.strip() else "",
            "committees": [(h, list(members)) for h, members in meta.committees if members],
            "groups": _contents_groups(opened),
            "index_page": index_first_page,
            "link": PAGE_LINK_SCHEME,
        },
    )
    front_pdf = front_doc.write_pdf()
    anchors = _anchor_pages(front_doc)

    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(front_pdf)), import_outline=False)
    # An even number of front pages puts Arabic page 1 on a right-hand page in print.
    if len(writer.pages) % 2:
        writer.add_blank_page(width=size[0], height=size[1])
    front_count = len(writer.pages)

    for i, paper in enumerate(opened):
        _report(progress, 45 + 30 * i // len(opened), f"Adding \u201c{paper.entry.title}\u201d")
        start = len(writer.pages)
        try:
            _make_links_explicit(paper.reader)
            writer.append(paper.reader, import_outline=False)
            for page in writer.pages[start:]:
                if page.rotation % 360:
                    page.transfer_rotation_to_content()
        except Exception as exc:
            raise _paper_error(paper.entry, "its pages cannot be copied") from exc
        paper.reader = None  # the writer holds copies now; let the parsed file go
    writer.append(PdfReader(BytesIO(index_pdf)), import_outline=False)

    _report(progress, 75, "Stamping headers and page numbers")
    try:
        stamp_pages(writer, first=front_count, header=meta.short_title)
    except Exception as exc:
        raise ProceedingsError(f"Stamping the page headers failed ({exc}).") from exc

    _report(progress, 90, "Writing the volume")
    index_start = front_count + index_first_page - 1
    _rewrite_links(writer, range(0, front_count), anchors, front_count)
    _rewrite_links(writer, range(index_start, len(writer.pages)), {}, front_count)
    writer.set_page_label(0, front_count - 1, style="/r", start=1)
    writer.set_page_label(front_count, len(writer.pages) - 1, style="/D", start=1)
    _add_outline(writer, meta, anchors, opened, front_count, index_start)
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Author": ", ".join(meta.editors),
            "/Subject": f"{meta.title} ({meta.year})",
            "/Creator": "emc2 proceedings",
        }
    )
    writer.page_mode = "/UseOutlines"
    write_atomically(out_path, writer.write)
    _report(progress, 100, "Done")
    return VolumeResult(
        path=out_path,
        page_count=len(writer.pages),
        front_matter_pages=front_count,
        index_first_page=index_first_page,
        papers=[PaperPages(p.entry.key, p.first_page, p.last_page) for p in opened],
    )


def _add_outline(writer, meta, anchors, opened, front_count, index_start) -> None:
    writer.add_outline_item(title=meta.title, page_number=0)
    for anchor, label in (("preface", "Preface"), ("committees", "Committees")):
        if anchor in anchors:
            writer.add_outline_item(title=label, page_number=anchors[anchor])
    writer.add_outline_item(title="Contents", page_number=anchors["contents"])
    parent = None
    session = None
    for paper in opened:
        if paper.entry.session != session:
            session = paper.entry.session
            first = front_count + paper.first_page - 1
            parent = writer.add_outline_item(title=session, page_number=first) if session else None
        writer.add_outline_item(
            title=paper.entry.title,
            page_number=front_count + paper.first_page - 1,
            parent=parent,
        )
    writer.add_outline_item(title="Author index", page_number=index_start)
