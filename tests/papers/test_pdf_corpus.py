"""Issue 12: the real-world shapes in which PDFs name their authors, and the rebuilt
reviewers' copy that keeps none of them.

Each shape is built here (reportlab, pypdf, or bytes written by hand) the way its producer
writes it. Each test first checks that the original does name an author, so that there is
something that could leak, then reads every byte of the copy (tests/papers/pdf_leaks.py).
"""

import io

import pytest
from pypdf import PdfReader, PdfWriter, generic
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from papers.pdf import pdf_examine
from tests.papers.pdf_leaks import pdf_leaks, pdf_texts, reachable_objects
from tests.papers.test_pdf import objstm_pdf, stream

NAME, NAME2, ACCENTED = "Zebulon Quillfeather", "Xanthippe Morrowgale", "Zoë Ångström"
EMAIL, DOMAIN, AFFILIATION = "xanthippe@morrowgale.org", "morrowgale.org", "Fjordtech University"
# What the authors are (the needles of the scan) and what must never reach a reviewer.
NEEDLES = [NAME, NAME2, ACCENTED, EMAIL, DOMAIN, AFFILIATION]
FORBIDDEN = [*NEEDLES, "Quillfeather", "Morrowgale", "Fjordtech", "Ångström"]
BODY = "Sparse adapters for tiny devices"


def base_pdf(*, pages: int = 2, form: bool = False) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setAuthor("")
    pdf.setCreator("")
    pdf.setProducer("")
    for n in range(pages):
        pdf.drawString(72, 420, f"{BODY}, page {n + 1}")
        if form and n == 0:
            pdf.beginForm("logo")
            pdf.drawString(72, 300, "Figure 1")
            pdf.endForm()
            pdf.doForm("logo")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xmp(creator: str, *, extra: str = "") -> bytes:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>{extra}"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def xmp_stream(writer: PdfWriter, body: bytes):
    s = DecodedStreamObject()
    s.set_data(body)
    s[NameObject("/Type")] = NameObject("/Metadata")
    s[NameObject("/Subtype")] = NameObject("/XML")
    return writer._add_object(s)


def name(value: str) -> NameObject:
    return NameObject(value)


def rect(*numbers) -> ArrayObject:
    return ArrayObject(FloatObject(n) for n in numbers)


def pdftex_hyperxmp() -> bytes:
    """pdfTeX with hyperref and hyperxmp: Info, catalog XMP, and the XMP of an earlier run
    left behind as an orphaned stream (nothing refers to it)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    writer.add_metadata({
        "/Author": NAME, "/Creator": "LaTeX with hyperref", "/Producer": "pdfTeX-1.40.25",
        "/PTEX.Fullbanner": "This is pdfTeX, Version 3.141592653-2.6-1.40.25",
    })  # fmt: skip
    extra = (
        '<Iptc4xmpCore:CreatorContactInfo xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/'
        f'1.0/xmlns/" Iptc4xmpCore:CiEmailWork="{EMAIL}"/>'
        f"<pdf:Keywords>{AFFILIATION}</pdf:Keywords>"
    )
    writer.root_object[name("/Metadata")] = xmp_stream(writer, xmp(NAME, extra=extra))
    xmp_stream(writer, xmp(NAME2))  # orphaned
    return written(writer)


def word_author() -> bytes:
    """Microsoft Word: Author in Info and XMP, the document's language and structure."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    writer.add_metadata({
        "/Author": NAME2, "/Creator": "Microsoft® Word for Microsoft 365",
        "/Producer": "Microsoft® Word for Microsoft 365", "/Company": AFFILIATION,
    })  # fmt: skip
    writer.root_object[name("/Metadata")] = xmp_stream(writer, xmp(NAME2))
    writer.root_object[name("/Lang")] = TextStringObject("en-GB")
    tree = DictionaryObject({name("/Type"): name("/StructTreeRoot")})
    element = DictionaryObject({
        name("/Type"): name("/StructElem"), name("/S"): name("/P"),
        name("/Alt"): TextStringObject(f"Photo of {NAME2}"),
    })  # fmt: skip
    tree[name("/K")] = writer._add_object(element)
    writer.root_object[name("/StructTreeRoot")] = writer._add_object(tree)
    return written(writer)


def libreoffice() -> bytes:
    """LibreOffice Writer: Info, XMP and the hybrid PDF's embedded ODF document."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    writer.add_metadata({"/Author": NAME, "/Creator": "Writer", "/Producer": "LibreOffice 7.6"})
    writer.root_object[name("/Metadata")] = xmp_stream(writer, xmp(NAME))
    meta = f"<office:meta><meta:initial-creator>{NAME}</meta:initial-creator></office:meta>"
    writer.add_attachment("Original document.odt", meta.encode())
    return written(writer)


def commenter() -> bytes:
    """A co-author's review comments: /T names the commenter, the popup repeats it."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    page = writer.pages[0]
    note = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Text"),
        name("/Rect"): rect(100, 700, 120, 720), name("/T"): TextStringObject(NAME2),
        name("/Contents"): TextStringObject("Cite the TinyML baseline here."),
        name("/RC"): TextStringObject(f"<body><p>{NAME2}: cite the baseline</p></body>"),
        name("/M"): TextStringObject("D:20260101120000Z"),
        name("/NM"): TextStringObject(f"comment-by-{EMAIL}"),
    })  # fmt: skip
    note_ref = writer._add_object(note)
    popup = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Popup"),
        name("/Rect"): rect(120, 600, 300, 700), name("/Parent"): note_ref,
        name("/T"): TextStringObject(NAME2),
    })  # fmt: skip
    note[name("/Popup")] = writer._add_object(popup)
    free = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/FreeText"),
        name("/Rect"): rect(300, 700, 400, 720), name("/T"): TextStringObject(NAME),
        name("/Contents"): TextStringObject("Shorten this."),
        name("/DA"): TextStringObject("/Helv 10 Tf 0 g"),
    })  # fmt: skip
    page[name("/Annots")] = ArrayObject([note_ref, note[name("/Popup")], writer._add_object(free)])
    return written(writer)


def attachments() -> bytes:
    """Data and a file attachment annotation whose embedded file names the authors."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    writer.add_attachment("data.csv", f"collected by {NAME} at {AFFILIATION}\n".encode())
    embedded = DecodedStreamObject()
    embedded.set_data(f"Contact: {EMAIL}".encode())
    embedded[name("/Type")] = name("/EmbeddedFile")
    spec = DictionaryObject({
        name("/Type"): name("/Filespec"), name("/F"): TextStringObject("contact.txt"),
        name("/EF"): DictionaryObject({name("/F"): writer._add_object(embedded)}),
    })  # fmt: skip
    annot = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/FileAttachment"),
        name("/Rect"): rect(50, 50, 70, 70), name("/FS"): writer._add_object(spec),
        name("/T"): TextStringObject(NAME),
    })  # fmt: skip
    writer.pages[0][name("/Annots")] = ArrayObject([writer._add_object(annot)])
    return written(writer)


def form_fields() -> bytes:
    """A filled form: the field value and its widget's appearance show the e-mail."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    appearance = DecodedStreamObject()
    appearance.set_data(f"BT /Helv 10 Tf 2 4 Td ({EMAIL}) Tj ET".encode())
    appearance.update({name("/Type"): name("/XObject"), name("/Subtype"): name("/Form"),
                       name("/BBox"): rect(0, 0, 200, 20)})  # fmt: skip
    widget = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Widget"),
        name("/FT"): name("/Tx"), name("/T"): TextStringObject("contact"),
        name("/V"): TextStringObject(EMAIL), name("/Rect"): rect(72, 600, 272, 620),
        name("/AP"): DictionaryObject({name("/N"): writer._add_object(appearance)}),
        name("/TU"): TextStringObject(f"Ask {NAME}"),
    })  # fmt: skip
    widget_ref = writer._add_object(widget)
    writer.pages[0][name("/Annots")] = ArrayObject([widget_ref])
    writer.root_object[name("/AcroForm")] = DictionaryObject(
        {
            name("/Fields"): ArrayObject([widget_ref]),
            name("/NeedAppearances"): generic.BooleanObject(True),
        }
    )
    return written(writer)


def javascript() -> bytes:
    """Document JavaScript, an /OpenAction script and a page's additional actions."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    script = DictionaryObject({
        name("/S"): name("/JavaScript"), name("/JS"): TextStringObject(f"app.alert('{NAME}');"),
    })  # fmt: skip
    writer.root_object[name("/Names")] = DictionaryObject({name("/JavaScript"): DictionaryObject({
        name("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(script)]),
    })})  # fmt: skip
    action = DictionaryObject({
        name("/S"): name("/JavaScript"), name("/JS"): TextStringObject(f"// {EMAIL}"),
    })  # fmt: skip
    writer.root_object[name("/OpenAction")] = writer._add_object(action)
    writer.pages[0][name("/AA")] = DictionaryObject({name("/O"): writer._add_object(action)})
    link = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Link"),
        name("/Rect"): rect(72, 410, 300, 430),
        name("/A"): DictionaryObject({name("/S"): name("/JavaScript"),
                                      name("/JS"): TextStringObject(f"mail('{EMAIL}')")}),
    })  # fmt: skip
    writer.pages[0][name("/Annots")] = ArrayObject([writer._add_object(link)])
    return written(writer)


def page_xmp() -> bytes:
    """Page-level XMP and /PieceInfo (Illustrator, Acrobat), also on a figure's form XObject."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf(form=True))))
    page = writer.pages[0]
    page[name("/Metadata")] = xmp_stream(writer, xmp(NAME, extra=f"<x>{AFFILIATION}</x>"))
    private = DictionaryObject({name("/Private"): TextStringObject(f"edited by {NAME2}"),
                                name("/LastModified"): TextStringObject("D:2026")})  # fmt: skip
    page[name("/PieceInfo")] = DictionaryObject({name("/Illustrator"): private})
    page[name("/LastModified")] = TextStringObject("D:20260101")
    figure = page["/Resources"]["/XObject"]
    for key in list(figure):
        form = figure[key].get_object()
        form[name("/Metadata")] = xmp_stream(writer, xmp(NAME2))
        form[name("/PieceInfo")] = DictionaryObject({name("/Adobe"): private})
    return written(writer)


def utf16_strings() -> bytes:
    """Info and an annotation written as UTF-16 (with BOM, and a name that needs it)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    writer.add_metadata({"/Author": ACCENTED, "/Title": BODY})
    info = writer._info.get_object()
    info[name("/Subject")] = ByteStringObject(b"\xfe\xff" + f"{AFFILIATION}".encode("utf-16-be"))
    info[name("/Keywords")] = ByteStringObject(NAME.encode("utf-16-le"))
    note = DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Text"),
        name("/Rect"): rect(100, 700, 120, 720),
        name("/T"): ByteStringObject(b"\xfe\xff" + NAME2.encode("utf-16-be")),
        name("/Contents"): TextStringObject("Fix the caption."),
    })  # fmt: skip
    writer.pages[0][name("/Annots")] = ArrayObject([writer._add_object(note)])
    return written(writer)


def object_streams() -> bytes:
    """PDF 1.5 written by hand: Info, page /PieceInfo and an XMP stream inside a compressed
    object stream, found through a cross-reference stream."""
    content = f"BT /F1 12 Tf 72 420 Td ({BODY}) Tj ET".encode()
    return objstm_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R >>",
            4: stream(content, compress=True),
            7: stream(xmp(NAME2), b" /Type /Metadata /Subtype /XML"),
        },
        compressed={
            2: b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> /PieceInfo << /App << /Private ("
            + AFFILIATION.encode()
            + b") >> >> >>",
            5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            6: b"<< /Author (" + NAME.encode() + b") /Producer (" + EMAIL.encode() + b") >>",
        },
        info=6,
    )


CORPUS = {
    "pdftex-hyperxmp": pdftex_hyperxmp,
    "word-author": word_author,
    "libreoffice": libreoffice,
    "commenter": commenter,
    "attachments": attachments,
    "forms": form_fields,
    "javascript": javascript,
    "page-xmp": page_xmp,
    "utf16-strings": utf16_strings,
    "object-streams": object_streams,
}
PAGE_KEYS = {"/Type", "/Parent", "/MediaBox", "/CropBox", "/Rotate", "/Contents", "/Resources"}


@pytest.fixture(scope="module", params=list(CORPUS), ids=list(CORPUS))
def leaky(request):
    original = CORPUS[request.param]()
    examined = pdf_examine(data=original, needles=NEEDLES, rebuild=True)
    return request.param, original, examined


def test_corpus_original_names_an_author(leaky):
    _, original, _ = leaky
    assert pdf_leaks(original, FORBIDDEN) != []


def test_corpus_copy_keeps_nothing_of_the_authors(leaky):
    _, _, examined = leaky
    assert pdf_leaks(examined.anonymized, FORBIDDEN) == []


def test_corpus_copy_is_not_held_back(leaky):
    _, _, examined = leaky
    assert examined.copy_findings == []


def test_corpus_upload_scan_warns_the_authors(leaky):
    _, _, examined = leaky
    assert examined.upload_findings != []


def test_corpus_copy_has_the_pages_and_their_text_only(leaky):
    _, original, examined = leaky
    copy = PdfReader(io.BytesIO(examined.anonymized))
    source = PdfReader(io.BytesIO(original))
    assert len(copy.pages) == len(source.pages) == examined.page_count
    assert BODY in copy.pages[0].extract_text()
    assert set(copy.trailer) == {"/Size", "/Root"}  # no /Info, no /ID
    assert set(copy.trailer["/Root"]) == {"/Type", "/Pages"}
    for page in copy.pages:
        assert set(page) <= PAGE_KEYS | {"/Annots"}, set(page)
        assert "/Annots" not in page


def test_corpus_copy_writes_no_orphaned_object(leaky):
    _, _, examined = leaky
    reachable, total = reachable_objects(examined.anonymized)
    assert len(reachable) == total


def test_orphaned_xmp_is_in_the_original_only():
    original = pdftex_hyperxmp()
    reachable, total = reachable_objects(original)
    assert len(reachable) < total  # the corpus does hold an orphaned object
    assert pdf_leaks(original, [NAME2]) == [NAME2]


def test_comment_text_kept_without_its_author_when_the_chair_allows():
    examined = pdf_examine(data=commenter(), needles=NEEDLES, rebuild=True, keep_comments=True)
    copy = PdfReader(io.BytesIO(examined.anonymized))
    annots = [a.get_object() for a in copy.pages[0]["/Annots"]]
    assert sorted(a["/Contents"] for a in annots) == [
        "Cite the TinyML baseline here.",
        "Shorten this.",
    ]
    assert all("/T" not in a and "/Popup" not in a and "/RC" not in a for a in annots)
    assert pdf_leaks(examined.anonymized, FORBIDDEN) == []


def test_link_to_a_web_page_is_kept():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base_pdf())))
    writer.add_uri(0, "https://example.net/code", rect(72, 410, 300, 430))
    copy = pdf_examine(data=written(writer), rebuild=True).anonymized
    (link,) = PdfReader(io.BytesIO(copy)).pages[0]["/Annots"]
    assert link.get_object()["/A"]["/URI"] == "https://example.net/code"


def header_pdf(header: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 800, header)
    pdf.drawString(72, 420, BODY)
    pdf.showPage()
    pdf.drawString(72, 420, "Second page")
    pdf.drawString(72, 30, f"Preprint of {AFFILIATION}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_visible_author_in_the_header_blocks_the_copy_and_says_where():
    examined = pdf_examine(
        data=header_pdf(f"{NAME}, {AFFILIATION}"), needles=NEEDLES, visible=True, rebuild=True
    )
    expected = [
        f"page 1 header names {NAME}",
        f"page 1 header names {AFFILIATION}",
        f"page 2 footer names {AFFILIATION}",
    ]
    assert [str(f) for f in examined.copy_findings] == expected
    assert [str(f) for f in examined.upload_findings] == [
        f"page 1 header names {NAME}",
        f"page 1 header names {AFFILIATION}",
        f"page 2 footer names {AFFILIATION}",
    ]


def test_hidden_name_in_a_content_stream_blocks_the_copy():
    # A comment in the page's drawing instructions is not visible, but survives a rebuild.
    content = f"% drawn by {EMAIL}\nBT /F1 12 Tf 72 420 Td ({BODY}) Tj ET".encode()
    data = objstm_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            4: stream(content, compress=True),
            5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        },
        compressed={},
    )
    examined = pdf_examine(data=data, needles=NEEDLES, rebuild=True)
    assert [str(f) for f in examined.copy_findings] == [
        f"page 1 content names {EMAIL}",
        f"page 1 content names {DOMAIN}",
    ]


def test_pdf_texts_reads_object_streams():
    assert any(NAME in t for t in pdf_texts(object_streams()))
