"""Bounded PDF inspection and the reviewers' copy of double-blind papers.

Uploaded PDFs are hostile input: a 9 MB file can hold a 100,000-page tree or a million nested
arrays. So nothing here runs in the web or worker process: ``pdf_examine`` runs it in a child
process (forked from the caller, which has pypdf imported, else ``python -m papers.pdf``) that
first limits its own memory and CPU time with ``resource`` and is killed after a wall-clock
budget. The child checks the nesting depth
of the raw bytes and the size of the page tree before it walks a single page.

The reviewers' copy is rebuilt, not patched: a new file that holds only the pages' content
streams and the resources they use. Nothing else of the original is written (document Info,
XMP, /PieceInfo, attachments, forms, JavaScript, /ID, orphaned objects). The finished bytes
are then scanned, raw and every decompressed stream, for the authors' names, e-mail
addresses, domains and affiliations.

This module imports no Django: the child process runs it without settings.
"""

import functools
import html
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Defaults; the parent passes its own limits (settings) to the child.
LIMITS = {
    "max_pages": 2000,  # pages in the page tree, whatever the submission type allows
    "max_tree_depth": 64,  # /Pages nodes nested in each other
    "max_nesting": 100,  # arrays and dictionaries nested in each other
    "cpu_seconds": 20,
    "wall_seconds": 30,
    "memory_mb": 768,
    "max_inflate_mb": 64,  # decompressed bytes scanned per stream
}

_BOM = b"\xef\xbb\xbf"
# Readers accept a little junk (a BOM, a mail header) before the %PDF- marker.
_HEADER_WINDOW = 1024


class PdfRefused(Exception):
    """The file is not a PDF we accept; the message says why, for the author."""


@dataclass
class Finding:
    place: str
    needle: str

    def __str__(self) -> str:
        return f"{self.place} names {self.needle}"


@dataclass
class Examination:
    page_count: int = 0
    author: str = ""
    creator: str = ""
    # Where the original names an author (warnings for the authors on upload).
    upload_findings: list[Finding] = field(default_factory=list)
    # Where the rebuilt reviewers' copy still names an author (blocks the copy).
    copy_findings: list[Finding] = field(default_factory=list)
    anonymized: bytes | None = None
    seconds: float = 0.0


# Raw bytes ------------------------------------------------------------------------------------


def pdf_start(data: bytes) -> bytes:
    """``data`` from its %PDF- marker on (a BOM or a little junk before it is allowed)."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    at = data.find(b"%PDF-", 0, _HEADER_WINDOW)
    if at < 0:
        raise PdfRefused("This file is not a PDF (it does not start with %PDF-).")
    if b"%%EOF" not in data:
        raise PdfRefused("This PDF is truncated (its end is missing); please upload it again.")
    return data[at:]


_STREAM_BODY = re.compile(rb"stream(?:\r\n|\n|\r).*?endstream", re.S)
_FLAT_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)", re.S)
_COMMENT = re.compile(rb"%[^\r\n]*")
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]")
_RUNS = re.compile(rb"\[+|\]+")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z0-9_.#-])")


def nesting_exceeds(data: bytes, *, limit: int) -> bool:
    """Whether arrays and dictionaries outside streams, strings and comments nest deeper than
    ``limit``. Only C-speed passes over the bytes: a million nested brackets cost
    milliseconds, not a parser's recursion."""
    text = _STREAM_BODY.sub(b"", data)
    for _ in range(4):  # strings inside strings, a few levels
        text = _FLAT_STRING.sub(b"", text)
    text = _COMMENT.sub(b"", text)
    brackets = text.replace(b"<<", b"[").replace(b">>", b"]").translate(None, _NOT_BRACKET)
    # Each round removes the innermost pairs and lowers the depth by one; then walk the runs
    # of what is left (few, even for a million brackets).
    rounds = 0
    for _ in range(3):
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):
            break
        brackets, rounds = shorter, rounds + 1
    level = floor = 0
    for run in _RUNS.finditer(brackets):
        size = run.end() - run.start()
        if brackets[run.start()] == ord("["):
            level += size
            # Stray closing brackets must not hide the nesting after them: count from the
            # lowest level reached so far.
            if level - floor + rounds > limit:
                return True
        else:
            level -= size
            floor = min(floor, level)
    return rounds > limit


def page_objects(data: bytes) -> int:
    """Page dictionaries written as plain objects (those in object streams are not seen)."""
    return len(_PAGE_OBJECT.findall(data))


# Matching -------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Normalizing (NFKC folds ligatures such as "ﬁ") costs time; huge texts are searched as is.
_NORMALIZE_UP_TO = 1_000_000


def normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\ufeff", "")
    return _SPACES.sub(" ", text).casefold()


def _prepared(text: str) -> str:
    return normalized(text) if len(text) <= _NORMALIZE_UP_TO else text


@functools.lru_cache(maxsize=1024)
def _text_pattern(needle: str) -> re.Pattern:
    words = normalized(needle).split()
    return re.compile(r"[\s\u00a0]+".join(re.escape(w) for w in words), re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _byte_forms(needle: str) -> tuple[bytes, ...]:
    """``needle`` as the bytes it can take in a file, lower-cased the way bytes.lower() does
    (ASCII letters, also inside UTF-16): Latin-1, UTF-8, UTF-16 either way."""
    forms = set()
    for variant in {needle, normalized(needle), needle.lower(), needle.upper()}:
        for codec in ("latin-1", "utf-8", "utf-16-be", "utf-16-le"):
            try:
                forms.add(variant.encode(codec).lower())
            except UnicodeEncodeError:
                continue
    return tuple(sorted(forms))


def _matches(text: str, needles: list[str]) -> list[str]:
    text = _prepared(text)
    return [n for n in needles if _text_pattern(n).search(text)]


def find_in_bytes(data: bytes, needles: list[str]) -> list[str]:
    """Needles in raw bytes (Latin-1, UTF-8, UTF-16 either way, any ASCII case), in their
    decoded PDF strings (escapes, hex, UTF-16 with BOM) and, in small chunks, with XML
    character references resolved. Substring searches in C: megabytes cost milliseconds."""
    if not needles or not data:
        return []
    low = data.lower()
    found = [n for n in needles if any(form in low for form in _byte_forms(n))]
    rest = [n for n in needles if n not in found]
    if rest and len(data) <= _STRINGS_UP_TO:
        views = _decoded_strings(data)
        if len(data) <= _NORMALIZE_UP_TO and b"&#" in data:
            views.append(html.unescape(data.decode("latin-1")))
        for view in views:
            found += [n for n in _matches(view, rest) if n not in found]
    return found


# Possessive: no backtracking on binary data full of parentheses. Innermost strings only.
_LITERAL = re.compile(rb"\((?:[^()\\]++|\\.)*+\)", re.S)
# Strings are decoded in chunks up to this size (content streams, XMP, dictionaries); bigger
# chunks are images and fonts, searched as raw bytes only.
_STRINGS_UP_TO = 2_000_000
_HEX = re.compile(rb"<([0-9A-Fa-f\s]{4,})>")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape_literal(body: bytes) -> bytes:
    def replace(match):
        seq = match.group(1)
        if seq[:1] in (b"0", b"1", b"2", b"3", b"4", b"5", b"6", b"7"):
            return bytes([int(seq, 8) & 0xFF])
        if seq in (b"\n", b"\r", b"\r\n"):
            return b""
        return _ESCAPES.get(seq, seq)

    return re.sub(rb"\\([0-7]{1,3}|\r\n|.)", replace, body, flags=re.S)


def _string_text(raw: bytes) -> str:
    if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
        return raw.decode("utf-16", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1")


def _decoded_strings(data: bytes) -> list[str]:
    """Every literal and hex string in ``data``, decoded (PDF escapes, UTF-16 with BOM)."""
    parts = [_string_text(_unescape_literal(m.group()[1:-1])) for m in _LITERAL.finditer(data)]
    for m in _HEX.finditer(data):
        digits = re.sub(rb"\s", b"", m.group(1))
        try:
            parts.append(_string_text(bytes.fromhex(digits.decode() + "0" * (len(digits) % 2))))
        except ValueError:
            continue
    # One joined view too: text shown in pieces ((Fjord) (tech)) reads as one word.
    return [" ".join(parts), "".join(parts)]


def _inflate(data: bytes, *, limit: int) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, limit)
    except zlib.error:
        return b""


def scan_bytes(data: bytes, needles: list[str], *, limit: int) -> list[str]:
    """Needles found in the raw bytes or in any decompressed (Flate) stream of ``data``."""
    if not needles:
        return []
    found = find_in_bytes(data, needles)
    for match in re.finditer(rb"stream(?:\r\n|\n|\r)", data):
        start = match.end()
        stop = data.find(b"endstream", start)
        inflated = _inflate(data[start : stop if stop >= 0 else len(data)], limit=limit)
        found += [n for n in find_in_bytes(inflated, needles) if n not in found]
    return found


# Everything below runs in the child process only (it parses untrusted PDFs). ----------------


def _pypdf():
    from pypdf import PdfReader, generic
    from pypdf.errors import PyPdfError

    return PdfReader, generic, PyPdfError


def _page_leaves(reader, limits: dict) -> list[tuple]:
    """The page dictionaries with their inherited attributes, walked without recursion.

    Refuses a tree that declares or holds more pages than allowed, is nested too deeply or
    loops, before any page is read beyond its dictionary.
    """
    _, generic, _ = _pypdf()
    root = reader.trailer["/Root"].get_object()
    pages = root.get("/Pages")
    pages = pages.get_object() if pages is not None else None
    if not isinstance(pages, generic.DictionaryObject):
        raise PdfRefused("This PDF has no pages.")
    declared = pages.get("/Count", 0)
    if isinstance(declared, int) and declared > limits["max_pages"]:
        raise PdfRefused(
            f"This PDF declares {declared} pages; at most {limits['max_pages']} are accepted."
        )
    inheritable = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
    leaves, seen = [], set()
    stack = [(pages, {}, 0)]
    while stack:
        node, inherited, depth = stack.pop()
        if depth > limits["max_tree_depth"]:
            raise PdfRefused("This PDF's page tree is nested too deeply; please export it again.")
        ref = node.indirect_reference
        key = (ref.idnum, ref.generation) if ref is not None else id(node)
        if key in seen:
            raise PdfRefused("This PDF's page tree loops; please export it again.")
        seen.add(key)
        if len(seen) > 2 * limits["max_pages"] + 10:
            raise PdfRefused(f"This PDF has more than {limits['max_pages']} pages.")
        attrs = dict(inherited)
        for name in inheritable:
            if name in node:
                attrs[name] = node.raw_get(name)
        kids = node.get("/Kids")
        if node.get("/Type") == "/Pages" or (kids is not None and node.get("/Type") != "/Page"):
            kids = kids.get_object() if kids is not None else []
            if len(kids) > limits["max_pages"]:
                raise PdfRefused(f"This PDF has more than {limits['max_pages']} pages.")
            for kid in reversed(list(kids)):
                kid = kid.get_object()
                if isinstance(kid, generic.DictionaryObject):
                    stack.append((kid, attrs, depth + 1))
            continue
        leaves.append((node, attrs))
        if len(leaves) > limits["max_pages"]:
            raise PdfRefused(f"This PDF has more than {limits['max_pages']} pages.")
    return leaves


# Keys never copied into the reviewers' copy, wherever they sit (pages, forms, images, fonts).
_DROP = {
    "/Metadata",
    "/PieceInfo",
    "/LastModified",
    "/Parent",
    "/P",
    "/AA",
    "/JS",
    "/JavaScript",
    "/OpenAction",
    "/Annots",
    "/StructParent",
    "/StructParents",
    "/Thumb",
    "/B",
    "/ID",
    "/Length",
}
_PAGE_KEYS = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit")
_PAGE_KEYS += ("/Contents", "/Resources", "/Group")
_COMMENT_TYPES = {
    "/Text",
    "/FreeText",
    "/Highlight",
    "/Underline",
    "/Squiggly",
    "/StrikeOut",
    "/Square",
    "/Circle",
    "/Line",
    "/Polygon",
    "/PolyLine",
    "/Ink",
    "/Caret",
    "/Stamp",
}
_COMMENT_KEYS = ("/Subtype", "/Rect", "/Contents", "/QuadPoints", "/C", "/Name", "/F")
_COMMENT_KEYS += ("/Vertices", "/L", "/InkList", "/BS", "/Border")


class _Rebuild:
    """Copies the pages' objects, and nothing else, into a new numbering."""

    def __init__(self, generic, *, max_depth: int):
        self.g = generic
        self.max_depth = max_depth
        self.numbers: dict[tuple, int] = {}
        self.bodies: dict[int, object] = {}
        self.places: dict[int, str] = {}
        self.queue: list[tuple] = []

    def number(self) -> int:
        n = len(self.bodies) + 1
        self.bodies[n] = None
        return n

    def ref(self, value, place: str):
        key = (value.idnum, value.generation)
        if key not in self.numbers:
            self.numbers[key] = self.number()
            self.places[self.numbers[key]] = place
            self.queue.append((self.numbers[key], value, place))
        return self.g.IndirectObject(self.numbers[key], 0, None)

    def copy(self, value, place: str, depth: int = 0):
        g = self.g
        if depth > self.max_depth:
            raise PdfRefused("This PDF's objects are nested too deeply; please export it again.")
        if isinstance(value, g.IndirectObject):
            return self.ref(value, place)
        if isinstance(value, g.StreamObject):
            new = (
                g.EncodedStreamObject()
                if isinstance(value, g.EncodedStreamObject)
                else g.DecodedStreamObject()
            )
            for k, v in value.items():
                if k not in _DROP:
                    new[g.NameObject(k)] = self.copy(v, place, depth + 1)
            new._data = value._data
            return new
        if isinstance(value, g.DictionaryObject):
            new = g.DictionaryObject()
            for k, v in value.items():
                if k not in _DROP:
                    new[g.NameObject(k)] = self.copy(v, place, depth + 1)
            return new
        if isinstance(value, g.ArrayObject):
            return g.ArrayObject(self.copy(v, place, depth + 1) for v in value)
        return value

    def drain(self):
        while self.queue:
            n, ref, place = self.queue.pop()
            self.bodies[n] = self.copy(ref.get_object(), place)

    def annotations(self, page, n: int, *, keep_comments: bool):
        g = self.g
        kept = g.ArrayObject()
        annots = page.get("/Annots")
        for annot in annots.get_object() if annots is not None else []:
            annot = annot.get_object()
            if not isinstance(annot, g.DictionaryObject):
                continue
            subtype = annot.get("/Subtype")
            place = f"an annotation on page {n}"
            if subtype == "/Link":
                action = annot.get("/A")
                action = action.get_object() if action is not None else None
                new = g.DictionaryObject()
                new[g.NameObject("/Type")] = g.NameObject("/Annot")
                new[g.NameObject("/Subtype")] = g.NameObject("/Link")
                new[g.NameObject("/Rect")] = self.copy(annot.get("/Rect"), place)
                new[g.NameObject("/Border")] = g.ArrayObject(
                    [g.NumberObject(0), g.NumberObject(0), g.NumberObject(0)]
                )
                if isinstance(action, g.DictionaryObject) and action.get("/S") == "/URI":
                    uri = g.DictionaryObject()
                    uri[g.NameObject("/S")] = g.NameObject("/URI")
                    uri[g.NameObject("/URI")] = self.copy(action.get("/URI"), place)
                    new[g.NameObject("/A")] = uri
                elif annot.get("/Dest") is not None and not isinstance(
                    annot.get("/Dest"), g.TextStringObject
                ):
                    new[g.NameObject("/Dest")] = self.copy(annot.get("/Dest"), place)
                else:
                    continue
                kept.append(new)
            elif keep_comments and subtype in _COMMENT_TYPES:
                # The text of the comment, never who wrote it (/T), its popup or appearance.
                new = g.DictionaryObject()
                new[g.NameObject("/Type")] = g.NameObject("/Annot")
                for k in _COMMENT_KEYS:
                    if k in annot:
                        new[g.NameObject(k)] = self.copy(annot[k], f"a comment on page {n}")
                kept.append(new)
        return kept

    def serialize(self, root: int) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n in range(1, len(self.bodies) + 1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % n)
            self.bodies[n].write_to_stream(out)
            out.write(b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(offsets) + 1, root))
        out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
        return out.getvalue()


def rebuild(reader, leaves: list[tuple], *, keep_comments: bool, limits: dict):
    """The reviewers' copy: only the pages' content and resources. Returns (bytes, places)."""
    _, g, _ = _pypdf()
    build = _Rebuild(g, max_depth=limits["max_nesting"])
    catalog, tree = build.number(), build.number()
    build.places[catalog], build.places[tree] = "the catalog", "the page tree"
    # Number the pages first: links and destinations that point to a page get the new page.
    page_numbers = []
    for leaf, _ in leaves:
        n = build.number()
        page_numbers.append(n)
        if leaf.indirect_reference is not None:
            ref = leaf.indirect_reference
            build.numbers[(ref.idnum, ref.generation)] = n
    for index, ((leaf, inherited), n) in enumerate(zip(leaves, page_numbers, strict=True), 1):
        page = g.DictionaryObject()
        page[g.NameObject("/Type")] = g.NameObject("/Page")
        page[g.NameObject("/Parent")] = g.IndirectObject(tree, 0, None)
        for key in _PAGE_KEYS:
            value = leaf.raw_get(key) if key in leaf else inherited.get(key)
            if value is not None:
                place = f"page {index} content" if key == "/Contents" else f"page {index} {key[1:]}"
                page[g.NameObject(key)] = build.copy(value, place)
        if "/MediaBox" not in page:
            page[g.NameObject("/MediaBox")] = g.ArrayObject(
                [g.NumberObject(0), g.NumberObject(0), g.NumberObject(612), g.NumberObject(792)]
            )
        annots = build.annotations(leaf, index, keep_comments=keep_comments)
        if annots:
            page[g.NameObject("/Annots")] = annots
        build.bodies[n] = page
        build.places[n] = f"page {index}"
        build.drain()
    kids = g.ArrayObject(g.IndirectObject(n, 0, None) for n in page_numbers)
    pages = g.DictionaryObject()
    pages[g.NameObject("/Type")] = g.NameObject("/Pages")
    pages[g.NameObject("/Kids")] = kids
    pages[g.NameObject("/Count")] = g.NumberObject(len(page_numbers))
    build.bodies[tree] = pages
    root = g.DictionaryObject()
    root[g.NameObject("/Type")] = g.NameObject("/Catalog")
    root[g.NameObject("/Pages")] = g.IndirectObject(tree, 0, None)
    build.bodies[catalog] = root
    return build.serialize(catalog), build.places


def _visible_findings(reader, leaves, needles: list[str]) -> list[Finding]:
    """Names in the text a reader sees: page 1 whole, and each page's header and footer."""
    found: list[Finding] = []
    for index, (leaf, inherited) in enumerate(leaves, 1):
        page = reader.pages[index - 1]
        box = inherited.get("/MediaBox") or leaf.get("/MediaBox") or [0, 0, 612, 792]
        try:
            height = float(box.get_object()[3]) if box is not None else 792.0
        except (TypeError, ValueError, IndexError):
            height = 792.0
        regions = {"header": [], "footer": [], "text": []}

        def visit(text, cm, tm, font_dict, font_size, regions=regions, height=height):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if y >= 0.88 * height:
                regions["header"].append(text)
            elif y <= 0.08 * height:
                regions["footer"].append(text)
            else:
                regions["text"].append(text)

        page.extract_text(visitor_text=visit)
        for region, parts in regions.items():
            if region == "text" and index != 1:
                continue
            for needle in _matches("".join(parts), needles) or _matches(" ".join(parts), needles):
                found.append(Finding(f"page {index} {region}", needle))
    return found


def _stream_findings(reader, places: dict[int, str], needles, *, limit: int) -> list[Finding]:
    """Needles in every object of a (rebuilt) file, decompressed, with the place it serves."""
    _, g, PyPdfError = _pypdf()
    found = []
    for n, place in places.items():
        try:
            obj = reader.get_object(n)
        except (PyPdfError, ValueError, KeyError, TypeError):
            continue
        chunks = []
        if isinstance(obj, g.StreamObject):
            try:
                chunks.append(obj.get_data()[:limit])
            except (PyPdfError, ValueError, KeyError, TypeError, zlib.error):
                chunks.append(obj._data)
        buffer = io.BytesIO()
        if isinstance(obj, g.StreamObject):
            g.DictionaryObject(obj).write_to_stream(buffer)
        else:
            obj.write_to_stream(buffer)
        chunks.append(buffer.getvalue())
        for chunk in chunks:
            for needle in find_in_bytes(chunk, needles):
                if all(f.needle != needle or f.place != place for f in found):
                    found.append(Finding(place, needle))
    return found


def _metadata_findings(reader, data: bytes, needles, family: list[str], limit: int):
    """Where the original's metadata, comments, attachments and forms name an author."""
    _, g, PyPdfError = _pypdf()
    found: list[Finding] = []
    author = creator = ""
    try:
        info = reader.metadata or {}
        author, creator = str(info.get("/Author") or ""), str(info.get("/Creator") or "")
        for key, value in info.items():
            for needle in _matches(str(value), needles + family):
                found.append(Finding(f"the document information ({key[1:]})", needle))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        pass
    root = reader.trailer["/Root"].get_object()
    metadata = root.get("/Metadata")
    if metadata is not None:
        try:
            xmp = metadata.get_object().get_data()[:limit]
            for needle in find_in_bytes(xmp, needles + family):
                found.append(Finding("the XMP metadata", needle))
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, zlib.error):
            pass
    # Anything else in the file (comments, attachments, forms, orphaned objects).
    known = {f.needle for f in found}
    for needle in scan_bytes(data, needles, limit=limit):
        if needle not in known:
            found.append(
                Finding("the file's other objects (comments, attachments or forms)", needle)
            )
    return author, creator, found


def examine(data: bytes, request: dict) -> tuple[dict, bytes]:
    """The child's work: checks, page count, findings, reviewers' copy."""
    PdfReader, g, PyPdfError = _pypdf()
    limits = {**LIMITS, **request.get("limits", {})}
    needles = [n for n in request.get("needles", []) if n and n.strip()]
    family = [n for n in request.get("family_names", []) if n and n.strip()]
    inflate_limit = limits["max_inflate_mb"] * 1024 * 1024
    data = pdf_start(data)
    if page_objects(data) > limits["max_pages"]:
        raise PdfRefused(f"This PDF has more than {limits['max_pages']} pages.")
    if nesting_exceeds(data, limit=limits["max_nesting"]):
        raise PdfRefused(
            f"This PDF nests objects more than {limits['max_nesting']} levels deep; "
            "please export it again."
        )
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise PdfRefused(
            "This PDF is encrypted or password-protected; please upload an unprotected file."
        )
    leaves = _page_leaves(reader, limits)
    if not leaves:
        raise PdfRefused("This PDF has no pages.")
    result = Examination(page_count=len(leaves))
    anonymized = None
    if request.get("metadata", True):
        result.author, result.creator, found = _metadata_findings(
            reader, data, needles, family, inflate_limit
        )
        result.upload_findings += found
    if needles and request.get("visible", False):
        result.upload_findings += _visible_findings(reader, leaves, needles)
    if request.get("rebuild", False):
        anonymized, places = rebuild(
            reader, leaves, keep_comments=request.get("keep_comments", False), limits=limits
        )
        copy = PdfReader(io.BytesIO(anonymized), strict=False)
        copy_leaves = _page_leaves(copy, limits)
        findings = _visible_findings(copy, copy_leaves, needles)
        for f in _stream_findings(copy, places, needles, limit=inflate_limit):
            if all(f.needle != o.needle for o in findings):
                findings.append(f)
        for needle in scan_bytes(anonymized, needles, limit=inflate_limit):
            if all(needle != o.needle for o in findings):
                findings.append(Finding("the reviewers' copy", needle))
        result.copy_findings = findings
    payload = asdict(result)
    payload.pop("anonymized")
    return payload, anonymized or b""


def _limit_self(limits: dict, base: int = 0) -> None:
    """Cap memory at ``base`` (what the process maps already) plus ``memory_mb``, and CPU time."""
    import resource

    memory = base + limits["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    # Deeply nested objects that slip past the byte check end as RecursionError, not a crash.
    sys.setrecursionlimit(4000)


def _answer(request: dict, data: bytes) -> tuple[dict, bytes]:
    """What the child says of ``data``: the payload and the reviewers' copy (or b"")."""
    _, _, PyPdfError = _pypdf()
    try:
        return examine(data, request)
    except PdfRefused as exc:
        return {"refused": str(exc)}, b""
    except RecursionError:
        return {"refused": "This PDF nests objects too deeply; please export it again."}, b""
    except MemoryError:
        return {"refused": "This PDF needs too much memory to read."}, b""
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, zlib.error) as e:
        return {"damaged": f"{type(e).__name__}: {e}"[:300]}, b""


def child_main() -> int:
    """``python -m papers.pdf``: the request line and the PDF on stdin, the answer on stdout."""
    stdin = sys.stdin.buffer
    request = json.loads(stdin.readline())
    _limit_self({**LIMITS, **request.get("limits", {})})
    payload, pdf = _answer(request, stdin.read())
    out = sys.stdout.buffer
    out.write(json.dumps(payload).encode() + b"\n")
    out.write(pdf)
    out.flush()
    return 0


# The parent's side ----------------------------------------------------------------------------


class PdfDamaged(PdfRefused):
    pass


_TOO_SLOW = (
    "This PDF takes longer than {seconds} seconds to read; "
    "please export it again (e.g. with fewer embedded objects)."
)
# Killed by its limits (CPU: SIGXCPU, memory: MemoryError before it could answer).
_KILLED = (
    "This PDF needs more time or memory to read than an upload may use; please export it again."
)


def _run_forked(request: dict, data: bytes, limits: dict) -> tuple[dict, bytes] | None:
    """The child forked from this process, which has pypdf imported already.

    A fork starts in milliseconds; a new interpreter that imports pypdf takes 0.2-0.8 s, which
    every upload would pay. The child silences logging and warnings (their locks may belong to
    another thread of the parent), limits itself to its inherited address space plus
    ``memory_mb``, answers through a pipe and leaves with ``os._exit`` (no cleanup of the
    parent's connections or files). None where ``os.fork`` does not exist.
    """
    import time

    if not hasattr(os, "fork"):
        return None
    _pypdf()  # imported before the fork, never in the child
    read_end, write_end = os.pipe()
    deadline = time.monotonic() + limits["wall_seconds"]
    pid = os.fork()
    if pid == 0:  # the child
        status = 1
        try:
            os.close(read_end)
            _silence()
            _limit_self(limits, base=_address_space())
            payload, pdf = _answer(request, data)
            header = json.dumps(payload).encode()
            with os.fdopen(write_end, "wb") as out:
                out.write(len(header).to_bytes(8, "big") + header + pdf)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        answer = _read_all(read_end, deadline)
    finally:
        os.close(read_end)
        _reap(pid)
    if answer is None:
        raise PdfRefused(_TOO_SLOW.format(seconds=limits["wall_seconds"]))
    size = int.from_bytes(answer[:8], "big")
    try:
        return json.loads(answer[8 : 8 + size]), answer[8 + size :]
    except ValueError:
        raise PdfRefused(_KILLED) from None


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe; None past the deadline."""
    import select
    import time

    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    import signal

    done, _ = os.waitpid(pid, os.WNOHANG)
    if done == 0:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _silence() -> None:
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")


def _address_space() -> int:
    """This process's virtual memory size in bytes (what RLIMIT_AS counts), 0 if unknown."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _run_interpreter(request: dict, data: bytes, limits: dict) -> tuple[dict, bytes]:
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-m", "papers.pdf"],
            input=json.dumps(request).encode() + b"\n" + data,
            capture_output=True,
            timeout=limits["wall_seconds"],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfRefused(_TOO_SLOW.format(seconds=limits["wall_seconds"])) from None
    header, _, rest = done.stdout.partition(b"\n")
    try:
        return json.loads(header), rest
    except ValueError:
        raise PdfRefused(_KILLED) from None


def pdf_examine(
    *,
    data: bytes,
    needles: list[str] = (),
    family_names: list[str] = (),
    metadata: bool = True,
    visible: bool = False,
    rebuild: bool = False,
    keep_comments: bool = False,
    limits: dict | None = None,
) -> Examination:
    """Examine ``data`` in a child process with hard limits; raise PdfRefused with the reason.

    ``needles`` are the authors' names, e-mails, domains and affiliations; ``family_names``
    only count in metadata. ``visible`` also looks at the text on the pages, ``rebuild`` makes
    the reviewers' copy and scans it.
    """
    import time

    limits = {**LIMITS, **(limits or {})}
    request = {
        "needles": list(needles),
        "family_names": list(family_names),
        "metadata": metadata,
        "visible": visible,
        "rebuild": rebuild,
        "keep_comments": keep_comments,
        "limits": limits,
    }
    started = time.monotonic()
    answer = _run_forked(request, data, limits)
    if answer is None:
        answer = _run_interpreter(request, data, limits)
    payload, rest = answer
    if "refused" in payload:
        raise PdfRefused(payload["refused"])
    if "damaged" in payload:
        raise PdfDamaged(payload["damaged"])
    return Examination(
        page_count=payload["page_count"],
        author=payload["author"],
        creator=payload["creator"],
        upload_findings=[Finding(**f) for f in payload["upload_findings"]],
        copy_findings=[Finding(**f) for f in payload["copy_findings"]],
        anonymized=rest if rebuild else None,
        seconds=time.monotonic() - started,
    )


if __name__ == "__main__":
    sys.exit(child_main())
