"""Bounded parsing of uploaded PDFs (issue 15): hostile files are refused fast, in a child
process with limits, and valid files that readers accept are accepted."""

import time
import zlib

import pytest

from papers.exceptions import UploadRejected
from papers.pdf import LIMITS, PdfRefused, find_in_bytes, nesting_exceeds, pdf_examine
from papers.validators import inspect_pdf
from tests.factories.papers import make_pdf


def hand_pdf(objects: dict[int, bytes], *, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF written byte by byte: ``objects`` maps object numbers to their bodies."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (
            b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 00000 f \n"
        )
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, trailer, xref
    )  # fmt: skip
    return bytes(out)


def objstm_pdf(objects: dict[int, bytes], *, compressed: dict[int, bytes], info: int = 0) -> bytes:
    """A PDF 1.5 file: ``compressed`` objects sit in one object stream, found through a
    cross-reference stream (what pdfTeX and Word write)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    holder = max([*objects, *compressed]) + 1
    header, bodies = b"", b""
    for number in sorted(compressed):
        header += b"%d %d " % (number, len(bodies))
        bodies += compressed[number] + b"\n"
    offsets[holder] = len(out)
    out += (
        b"%d 0 obj\n" % holder
        + stream(
            header + bodies,
            b" /Type /ObjStm /N %d /First %d" % (len(compressed), len(header)),
            compress=True,
        )
        + b"\nendobj\n"
    )
    xref_number = holder + 1
    offsets[xref_number] = len(out)
    rows = b"\x00\x00\x00\x00\x00\xff\xff"
    index_in = {n: i for i, n in enumerate(sorted(compressed))}
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00"
        elif number in compressed:
            rows += b"\x02" + holder.to_bytes(4, "big") + index_in[number].to_bytes(2, "big")
        else:
            rows += b"\x00\x00\x00\x00\x00\x00\x00"
    extra = b" /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R" % (xref_number + 1)
    if info:
        extra += b" /Info %d 0 R" % info
    out += b"%d 0 obj\n" % xref_number + stream(rows, extra) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def stream(body: bytes, extra: bytes = b"", *, compress: bool = False) -> bytes:
    if compress:
        body, extra = zlib.compress(body), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def wide_tree(pages: int, *, declared: int) -> bytes:
    """One /Pages node with ``pages`` kids; it declares ``declared`` pages."""
    kids = b" ".join(b"%d 0 R" % (n + 4) for n in range(pages))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Count %d /MediaBox [0 0 612 792] /Kids [%s] >>" % (declared, kids),
        3: stream(b"BT /F1 12 Tf 72 720 Td (x) Tj ET"),
    }
    for n in range(pages):
        objects[n + 4] = b"<</Type/Page/Parent 2 0 R/Contents 3 0 R>>"
    return hand_pdf(objects)


def deep_nesting(depth: int) -> bytes:
    deep = b"[" * depth + b"]" * depth
    return hand_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 4 0 R >>",
        4: b"<< /Deep " + deep + b" >>",
    })  # fmt: skip


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1024 / 1024


def refusal(data: bytes) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(UploadRejected) as exc:
        inspect_pdf(data=data, max_pages=None, author_names=[])
    return exc.value.message, time.monotonic() - started


@pytest.fixture(scope="module")
def huge_tree():
    data = wide_tree(100_000, declared=100_000)
    assert 8 * 1024 * 1024 < len(data) < 10 * 1024 * 1024
    return data


def assert_refused_fast(data: bytes, message: str) -> None:
    before = rss_mb()
    assert refusal(data)[0] == message
    assert refusal(data)[1] < 2
    # The parsing happened in the child process: this process did not grow.
    assert rss_mb() - before < 30


def test_100000_page_tree_refused_fast_with_memory_back_to_baseline(huge_tree):
    assert_refused_fast(huge_tree, "This PDF has more than 2000 pages.")


def test_page_tree_that_understates_its_count_refused_before_walking():
    assert_refused_fast(wide_tree(100_000, declared=1), "This PDF has more than 2000 pages.")


def test_page_tree_nested_3000_deep_refused():
    # 200 pages declared as 1, each /Pages node inside the one before.
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: stream(b"")}
    parent = 2
    for n in range(200):
        node, page = 10 + 2 * n, 11 + 2 * n
        kids = b"%d 0 R %d 0 R" % (page, node) if n < 199 else b"%d 0 R" % page
        objects[parent] = b"<< /Type /Pages /Count 1 /Kids [%s] >>" % kids
        objects[page] = b"<< /Type /Page /MediaBox [0 0 612 792] /Contents 3 0 R >>"
        parent = node
    message, _ = refusal(hand_pdf(objects))
    assert message == "This PDF's page tree is nested too deeply; please export it again."


def test_page_tree_loop_refused():
    data = hand_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
        3: b"<< /Type /Pages /Count 1 /Kids [2 0 R] >>",
    })  # fmt: skip
    assert refusal(data)[0] == "This PDF's page tree loops; please export it again."


def test_million_deep_nesting_refused_fast():
    assert_refused_fast(
        deep_nesting(1_000_000),
        "This PDF nests objects more than 100 levels deep; please export it again.",
    )


def test_deep_nesting_inside_an_object_stream_refused_by_the_parser():
    # Compressed, the brackets are invisible to the byte check; the parser's own limits and
    # the child's recursion limit refuse it.
    deep = b"[" * 1_000_000 + b"]" * 1_000_000
    data = objstm_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 4 0 R >>",
        },
        compressed={4: b"<< /Deep " + deep + b" >>"},
    )
    started = time.monotonic()
    with pytest.raises(PdfRefused) as exc:
        pdf_examine(data=data, rebuild=True)
    # pypdf's own limits answer here: the upload is refused as damaged.
    assert str(exc.value) == "PdfReadError: Error reading PDF file."
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("text", "limit", "exceeds"),
    [
        (b"<< /A (a (b [[[) \\( [[[) /B [ 1 ] >> % [[[[[[\nstream\n[[[[[[[[\nendstream", 2, False),
        (b"<< /A (a (b [[[) \\( [[[) /B [ 1 ] >> % [[[[[[\nstream\n[[[[[[[[\nendstream", 1, True),
        (b"[[[ ]]] [ [ ] ]", 3, False),
        (b"[[[ ]]] [ [ ] ]", 2, True),
        (b"[" * 10_000, 5, True),
        (b"<<" * 6 + b">>" * 6, 5, True),
        pytest.param(b"]" * 50 + b"[" * 6, 5, True, id="stray-closing-first"),
    ],
)
def test_nesting_exceeds(text, limit, exceeds):
    assert nesting_exceeds(text, limit=limit) is exceeds


def test_wall_clock_budget_refuses():
    with pytest.raises(PdfRefused) as exc:
        pdf_examine(data=make_pdf(pages=1), limits={"wall_seconds": 0.001})
    assert "takes longer than 0.001 seconds" in str(exc.value)


def _inflating_pdf(megabytes: int) -> bytes:
    """One page whose content stream is ``megabytes`` MB of spaces, deflated to a few KB."""
    stream = zlib.compress(b" " * (megabytes << 20), 9)
    return hand_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        }
    )


def test_child_memory_cap_applies():
    # Scanning the copy inflates 48 MB; 8 MB beyond what the child maps at its start is too
    # little: the child fails, and the upload is refused, not served.
    data = _inflating_pdf(48)
    assert pdf_examine(data=data, rebuild=True).page_count == 1
    with pytest.raises(PdfRefused) as exc:
        pdf_examine(data=data, rebuild=True, limits={"memory_mb": 8})
    assert "more time or memory" in str(exc.value) or "too much memory" in str(exc.value)


def test_limits_default_values():
    assert (LIMITS["max_pages"], LIMITS["max_nesting"]) == (2000, 100)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xef\xbb\xbf" + make_pdf(pages=2), id="utf8-bom-before-header"),
        pytest.param(make_pdf(pages=2) + b"\r\n" + b"\x00trailing junk " * 400, id="after-eof"),
        pytest.param(b"\r\n\r\n" + make_pdf(pages=2), id="blank-lines-before-header"),
    ],
)
def test_pdfs_that_readers_accept_are_accepted(data):
    assert inspect_pdf(data=data, max_pages=3, author_names=[]).page_count == 2


def test_bom_pdf_gets_a_reviewers_copy_with_its_pages():
    copy = pdf_examine(data=b"\xef\xbb\xbf" + make_pdf(pages=2), rebuild=True).anonymized
    assert copy.startswith(b"%PDF-1.7")
    assert pdf_examine(data=copy).page_count == 2


def test_pages_hidden_in_an_object_stream_counted_by_the_walk():
    # The byte check cannot see pages inside a compressed object stream; the walk of the
    # page tree stops at the limit.
    pages = {n: b"<</Type/Page/Parent 2 0 R>>" for n in range(10, 2011)}
    kids = b" ".join(b"%d 0 R" % n for n in pages)
    data = objstm_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Count 1 /MediaBox [0 0 612 792] /Kids [%s] >>" % kids,
        },
        compressed=pages,
    )
    assert refusal(data)[0] == "This PDF has more than 2000 pages."


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b"(\\376\\377\\000A\\000d\\000a\\000 \\000L\\000o\\000v\\000e)", id="octal-utf16"
        ),
        pytest.param(b"<FEFF0041006400610020004C006F00760065>", id="hex-utf16"),
        pytest.param("ada love".encode("utf-16-le"), id="raw-utf16-le-lower"),
        pytest.param(b"(Ada) Tj (\\9) Tj <</Author (ADA LOVE)>>", id="latin1-upper"),
    ],
)
def test_find_in_bytes_reads_pdf_strings(data):
    assert find_in_bytes(data, ["Ada Love", "Grace"]) == ["Ada Love"]


def test_find_in_bytes_is_fast_on_binary_data():
    data = bytes(range(256)) * 8000 + b"(" * 1_000_000
    started = time.monotonic()
    assert find_in_bytes(data, ["Ada Love"]) == []
    assert time.monotonic() - started < 1


def test_without_fork_a_new_interpreter_answers_the_same(monkeypatch):
    data = b"\xef\xbb\xbf" + make_pdf(pages=2)
    forked = pdf_examine(data=data, rebuild=True)
    monkeypatch.delattr("os.fork")
    spawned = pdf_examine(data=data, rebuild=True)
    assert (spawned.page_count, spawned.anonymized) == (forked.page_count, forked.anonymized)
    with pytest.raises(PdfRefused, match="takes longer than 0.001 seconds"):
        pdf_examine(data=data, limits={"wall_seconds": 0.001})


def test_a_child_that_dies_without_answering_is_a_refusal(monkeypatch):
    import os
    import signal

    import papers.pdf

    def die(request, data):
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(papers.pdf, "_answer", die)
    with pytest.raises(PdfRefused, match="more time or memory"):
        pdf_examine(data=make_pdf(pages=1))
