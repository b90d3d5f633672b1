"""Reading every byte of a PDF the way a curious reviewer's tools would, for leak tests.

Independent of papers.pdf on purpose: the raw bytes, every object of the cross-reference
table (also those in object streams) with its streams decompressed, every string decoded
(UTF-16 with a BOM, and UTF-16 without one).
"""

import io

from pypdf import PdfReader, generic


def _utf16(data: bytes) -> list[str]:
    views = []
    for codec in ("utf-16-be", "utf-16-le"):
        for start in (0, 1):
            chunk = data[start:]
            views.append(chunk[: len(chunk) // 2 * 2].decode(codec, "replace"))
    return views


def _strings(value, out: list[str], depth: int = 0) -> None:
    if depth > 50:
        return
    if isinstance(value, generic.TextStringObject):
        out.append(str(value))
        out.extend(_utf16(value.original_bytes))
    elif isinstance(value, generic.ByteStringObject):
        out.append(bytes(value).decode("latin-1"))
        out.extend(_utf16(bytes(value)))
    elif isinstance(value, generic.NameObject):
        out.append(str(value))
    elif isinstance(value, dict):
        for k, v in value.items():
            out.append(str(k))
            _strings(v, out, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out, depth + 1)


def pdf_texts(data: bytes) -> list[str]:
    texts = [data.decode("latin-1"), *_utf16(data)]
    reader = PdfReader(io.BytesIO(data), strict=False)
    numbers = {n for table in reader.xref.values() for n in table} | set(reader.xref_objStm)
    _strings(reader.trailer, texts)
    for number in sorted(numbers):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: BLE001 - a leak test reads what it can
            continue
        _strings(obj, texts)
        if isinstance(obj, generic.StreamObject):
            body = obj.get_data()
            texts += [body.decode("latin-1"), *_utf16(body)]
    for page in reader.pages:
        texts.append(page.extract_text())
    return texts


def pdf_leaks(data: bytes, strings: list[str]) -> list[str]:
    """Which of ``strings`` (case-insensitive) occur anywhere in ``data``."""
    blob = "\n".join(pdf_texts(data)).casefold()
    return [s for s in strings if s.casefold() in blob]


def reachable_objects(data: bytes) -> tuple[set[int], int]:
    """Object numbers reachable from the trailer, and how many objects the file has."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    seen: set[int] = set()
    stack = list(reader.trailer.values())
    while stack:
        value = stack.pop()
        if isinstance(value, generic.IndirectObject):
            if value.idnum in seen:
                continue
            seen.add(value.idnum)
            stack.append(value.get_object())
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    total = sum(len(t) for t in reader.xref.values()) + len(reader.xref_objStm)
    return seen, total
