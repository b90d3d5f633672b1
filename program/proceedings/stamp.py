"""Running header and page number on the pages of a pypdf writer, without re-parsing them.

The header is the same on every page of a given size, so WeasyPrint renders it once per size
and it is placed as a shared Form XObject. The page number, the only thing that changes from
page to page, is a few bytes of text in the standard Times-Roman font, whose digits all have
the same width (500/1000 em), so it can be centred without font metrics. Each page gets its
original content wrapped in q/Q plus one small content stream appended: no page content is
parsed or rewritten, which keeps stamping a few hundred pages well under a second (merging
overlay pages with ``PageObject.merge_page`` took seconds).
"""

from collections.abc import Sequence
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

from program.proceedings.render import render_document

NUMBER_FONT_SIZE = 9.0
DIGIT_WIDTH = 0.5  # Times-Roman digits, in em
NUMBER_BASELINE = 0.42 * 72  # points above the bottom edge, mirrors the header's top offset

_HEADER = NameObject("/Emc2Header")
_NUMBER_FONT = NameObject("/Emc2PageNumber")


def _size_key(width: float, height: float) -> tuple[int, int]:
    return round(width), round(height)


def _stream(writer: PdfWriter, data: bytes, extra: dict | None = None) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    if extra:
        stream.update(extra)
    # pypdf has no public way to register a new stream object; _add_object is what its own
    # helpers use (pypdf is pinned below 8 in pyproject.toml).
    return writer._add_object(stream.flate_encode())


def _header_forms(
    writer: PdfWriter, header: str, sizes: Sequence[tuple[float, float]]
) -> dict[tuple[int, int], IndirectObject]:
    distinct = sorted({_size_key(w, h): (w, h) for w, h in sizes}.items())
    document = render_document(
        "program/proceedings/volume_stamp.html",
        {
            "header": header,
            "sizes": [
                {"name": f"s{key[0]}x{key[1]}", "width": f"{w:.2f}pt", "height": f"{h:.2f}pt"}
                for key, (w, h) in distinct
            ],
        },
    )
    reader = PdfReader(BytesIO(document.write_pdf()))
    forms = {}
    for (key, (width, height)), page in zip(distinct, reader.pages, strict=True):
        forms[key] = _stream(
            writer,
            page.get_contents().get_data(),
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
                ),
                NameObject("/Resources"): page["/Resources"].clone(writer),
            },
        )
    return forms


def _sub_dict(resources: DictionaryObject, name: str) -> DictionaryObject:
    if name not in resources:
        resources[NameObject(name)] = DictionaryObject()
    return resources[name].get_object()


def stamp_pages(writer: PdfWriter, *, first: int, header: str, start_number: int = 1) -> None:
    """Stamp ``header`` and consecutive numbers from ``start_number`` on writer.pages[first:].

    Pages must be upright (rotation already moved into their content).
    """
    pages = writer.pages[first:]
    sizes = [(float(p.cropbox.width), float(p.cropbox.height)) for p in pages]
    forms = _header_forms(writer, header, sizes)
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Times-Roman"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    save_state = _stream(writer, b"q\n")
    for number, (page, (width, height)) in enumerate(zip(pages, sizes, strict=True), start_number):
        left, bottom = float(page.cropbox.left), float(page.cropbox.bottom)
        text = str(number)
        x = left + (width - len(text) * DIGIT_WIDTH * NUMBER_FONT_SIZE) / 2
        y = bottom + NUMBER_BASELINE
        if "/Resources" not in page:
            page[NameObject("/Resources")] = DictionaryObject()
        resources = page["/Resources"].get_object()
        # Resource dictionaries can be shared between pages of different sizes: one header
        # name per size keeps them from overwriting each other.
        key = _size_key(width, height)
        header_name = NameObject(f"{_HEADER}{key[0]}x{key[1]}")
        _sub_dict(resources, "/XObject")[header_name] = forms[key]
        _sub_dict(resources, "/Font")[_NUMBER_FONT] = font
        tail = (
            f"\nQ\nq 1 0 0 1 {left:.3f} {bottom:.3f} cm {header_name} Do Q\n"
            f"BT {_NUMBER_FONT} {NUMBER_FONT_SIZE:g} Tf 0 g {x:.3f} {y:.3f} Td ({text}) Tj ET\n"
        ).encode("ascii")
        contents = page.get("/Contents")
        if contents is None:
            original = []
        elif isinstance(contents.get_object(), ArrayObject):
            original = list(contents.get_object())
        else:
            original = [
                contents if isinstance(contents, IndirectObject) else writer._add_object(contents)
            ]
        page[NameObject("/Contents")] = ArrayObject([save_state, *original, _stream(writer, tail)])
