import re
import shutil

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import NameObject, RectangleObject, TextStringObject

from program.proceedings.exceptions import ProceedingsError
from program.proceedings.volume import build_volume, inputs_hash
from tests.program.proceedings.conftest import PAPERS, make_pdf, paper_entries, volume_meta

SHORT = "EMC2 Proceedings 2019"
# "Title . . . . 12" or "Preface . . . iii" on the contents page
CONTENTS_LINE = re.compile(r"^(?P<title>.+?)(?: ?\.)+ ?(?P<page>[0-9]+|[ivxlc]+)$")


@pytest.fixture(scope="module")
def built(paper_dir):
    papers = paper_entries(paper_dir)
    steps = []
    result = build_volume(
        meta=volume_meta(),
        papers=papers,
        out_path=paper_dir / "out" / "volume.pdf",
        progress=lambda percent, step: steps.append((percent, step)),
    )
    reader = PdfReader(result.path)
    texts = [page.extract_text() for page in reader.pages]
    return {"result": result, "reader": reader, "texts": texts, "steps": steps, "papers": papers}


def _contents(built) -> dict[str, str]:
    front = built["result"].front_matter_pages
    page = next(t for t in built["texts"][:front] if t.startswith("Contents"))
    found = {}
    for line in page.splitlines():
        match = CONTENTS_LINE.match(line.strip())
        if match:
            found[match["title"]] = match["page"]
    return found


def _page_index(built, arabic: int) -> int:
    return built["result"].front_matter_pages + arabic - 1


def test_volume_page_ranges_follow_paper_lengths(built):
    result = built["result"]
    assert [(p.key, p.first_page, p.last_page) for p in result.papers] == [
        ("p0", 1, 1),
        ("p1", 2, 3),
        ("p2", 4, 4),
        ("p3", 5, 6),
    ]
    assert result.pages_of("p1").bibtex_pages == "2--3"
    assert result.pages_of("p0").bibtex_pages == "1"
    assert result.index_first_page == 7
    assert result.page_count == len(built["reader"].pages)


def test_volume_page_labels_roman_then_arabic(built):
    result = built["result"]
    front = result.front_matter_pages
    roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][:front]
    arabic = [str(n) for n in range(1, result.page_count - front + 1)]
    assert front % 2 == 0  # Arabic page 1 is a right-hand page
    assert built["reader"].page_labels == roman + arabic


def test_volume_contents_declares_the_real_paper_pages(built):
    contents = _contents(built)
    texts = built["texts"]
    for (title, *_rest), paper in zip(PAPERS, built["result"].papers, strict=True):
        declared = int(contents[title])
        assert declared == paper.first_page
        assert texts[_page_index(built, declared)].startswith(title)
        # The page before belongs to the previous paper (or the front matter).
        assert not texts[_page_index(built, declared) - 1].startswith(title)
    index_page = int(contents["Author index"])
    assert texts[_page_index(built, index_page)].startswith("Author index")


def test_volume_contents_declares_the_real_front_matter_pages(built):
    contents = _contents(built)
    labels = built["reader"].page_labels
    texts = built["texts"]
    assert texts[labels.index(contents["Preface"])].startswith("Preface")
    assert texts[labels.index(contents["Committees"])].startswith("Committees")


def test_volume_stamps_header_and_number_on_every_arabic_page(built):
    result = built["result"]
    texts = built["texts"]
    for n in range(1, result.page_count - result.front_matter_pages + 1):
        lines = [line.strip() for line in texts[_page_index(built, n)].splitlines()]
        assert SHORT in lines, n
        assert str(n) in lines, n
    assert all(SHORT not in t for t in texts[: result.front_matter_pages])


def test_volume_author_index_lists_each_paper_of_an_author(built):
    index_text = built["texts"][_page_index(built, built["result"].index_first_page)]
    entries = {}
    for line in index_text.splitlines():
        match = re.match(r"^(?P<name>[^\d]+?)\s+(?P<pages>\d+(?:, \d+)*)$", line.strip())
        if match:
            entries[match["name"]] = [int(p) for p in match["pages"].split(", ")]
    assert entries == {
        "Chen, Kai": [1, 4],
        "Lovelace, Ada": [1, 2, 5],
        "van Beethoven, Ludwig": [2],
        "Zola, Émile": [4, 5],
    }
    # Sorted by family name, particles and accents ignored: Beethoven < Chen < Lovelace < Zola.
    order = [line.split(",")[0] for line in index_text.splitlines() if "," in line]
    assert order == ["van Beethoven", "Chen", "Lovelace", "Zola"]


def test_volume_outline_has_sections_sessions_and_papers(built):
    reader = built["reader"]

    def walk(items):
        return [walk(i) if isinstance(i, list) else i.title for i in items]

    assert walk(reader.outline) == [
        volume_meta().title,
        "Preface",
        "Committees",
        "Contents",
        "Efficient inference",
        ["Pruning Sparse Networks", "Quantized Transformers at Scale"],
        "Hardware",
        ["Distillation for Edge Devices", "Low-Rank Adapters Revisited"],
        "Author index",
    ]
    first = reader.outline[5][1]
    assert reader.get_destination_page_number(first) == _page_index(built, 2)


def test_volume_metadata_names_title_and_editors(built):
    metadata = built["reader"].metadata
    assert metadata.title == volume_meta().title
    assert metadata.author == "Grace Hopper, Alan Turing"


def test_volume_front_matter_shows_isbn_and_sanitized_preface(built):
    front = "\n".join(built["texts"][: built["result"].front_matter_pages])
    assert "ISBN 9783161484100" in front.splitlines()
    assert "Welcome to EMC2." in front.splitlines()
    assert "alert(1)" not in front


def test_volume_contents_links_jump_to_paper_pages(built):
    reader = built["reader"]
    contents_index = next(i for i, t in enumerate(built["texts"]) if t.startswith("Contents"))
    targets = set()
    for annot in reader.pages[contents_index]["/Annots"]:
        dest = annot.get_object()["/Dest"]
        targets.add(reader.get_page_number(dest[0].get_object()))
    expected = {_page_index(built, p.first_page) for p in built["result"].papers}
    expected.add(_page_index(built, built["result"].index_first_page))
    labels = reader.page_labels
    expected |= {labels.index("iii"), labels.index("iv")}  # preface, committees
    assert targets == expected


def test_volume_progress_reaches_100(built):
    percents = [p for p, _ in built["steps"]]
    assert percents == sorted(percents)
    assert percents[-1] == 100


@pytest.mark.parametrize(
    "content",
    [b"this is not a pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", b""],
    ids=["garbage", "truncated", "empty"],
)
def test_volume_corrupt_paper_fails_and_keeps_previous_volume(tmp_path, content):
    papers = paper_entries(tmp_path)
    papers[2].pdf_path.write_bytes(content)
    out = tmp_path / "volume.pdf"
    out.write_bytes(b"previous volume")

    with pytest.raises(ProceedingsError) as excinfo:
        build_volume(meta=volume_meta(), papers=papers, out_path=out)

    assert "Distillation for Edge Devices" in excinfo.value.message
    assert out.read_bytes() == b"previous volume"
    assert sorted(p.name for p in tmp_path.iterdir() if "volume" in p.name) == ["volume.pdf"]


def test_volume_missing_paper_fails_without_output(tmp_path):
    papers = paper_entries(tmp_path)
    papers[0].pdf_path.unlink()
    out = tmp_path / "volume.pdf"

    with pytest.raises(ProceedingsError, match="Pruning Sparse Networks"):
        build_volume(meta=volume_meta(), papers=papers, out_path=out)

    assert not out.exists()


def test_volume_invalid_isbn_refused(tmp_path):
    with pytest.raises(ProceedingsError, match="ISBN"):
        build_volume(
            meta=volume_meta(isbn="978-3-16-148410-1"),
            papers=paper_entries(tmp_path),
            out_path=tmp_path / "v.pdf",
        )


def test_inputs_hash_stable_when_nothing_changed(tmp_path):
    papers = paper_entries(tmp_path)
    moved = tmp_path / "moved.pdf"
    shutil.copy(papers[0].pdf_path, moved)
    relocated = [papers[0].__class__(**{**papers[0].__dict__, "pdf_path": moved}), *papers[1:]]

    assert inputs_hash(volume_meta(), papers) == inputs_hash(volume_meta(), papers)
    # Same bytes elsewhere (a re-upload of the same file) is the same volume.
    assert inputs_hash(volume_meta(), relocated) == inputs_hash(volume_meta(), papers)


def test_inputs_hash_changes_with_a_camera_ready(tmp_path):
    papers = paper_entries(tmp_path)
    before = inputs_hash(volume_meta(), papers)

    make_pdf(papers[1].pdf_path, PAPERS[1][0], 2, body="Corrected")

    assert inputs_hash(volume_meta(), papers) != before


def test_inputs_hash_changes_with_metadata_and_order(tmp_path):
    papers = paper_entries(tmp_path)
    before = inputs_hash(volume_meta(), papers)

    assert inputs_hash(volume_meta(preface="Other words."), papers) != before
    assert inputs_hash(volume_meta(), list(reversed(papers))) != before


def test_volume_stamps_rotated_and_cropped_pages_upright(tmp_path):
    papers = paper_entries(tmp_path)[:2]
    # A landscape page stored as portrait + /Rotate 90, and a page whose crop box does not
    # start at the origin: both are common in scanned or trimmed camera-ready files.
    reader = PdfReader(papers[1].pdf_path)
    writer = PdfWriter(clone_from=reader)
    writer.pages[0].rotate(90)
    writer.pages[1].cropbox = RectangleObject([36, 36, 576, 756])
    writer.write(papers[1].pdf_path)

    result = build_volume(meta=volume_meta(), papers=papers, out_path=tmp_path / "v.pdf")

    volume = PdfReader(result.path)
    rotated = volume.pages[result.front_matter_pages + 1]
    cropped = volume.pages[result.front_matter_pages + 2]
    assert rotated.rotation == 0
    assert float(rotated.mediabox.width) > float(rotated.mediabox.height)
    for page, number in ((rotated, "2"), (cropped, "3")):
        lines = [line.strip() for line in page.extract_text().splitlines()]
        assert SHORT in lines
        assert number in lines
    # The number is drawn inside the visible (crop) box.
    positions = []
    cropped.extract_text(
        visitor_text=lambda text, cm, tm, *_: (
            positions.append((text, tm[4], tm[5])) if text.strip() == "3" else None
        )
    )
    [(_, x, y)] = positions
    box = cropped.cropbox
    assert float(box.left) < x < float(box.right)
    assert float(box.bottom) < y < float(box.top)


def _with_named_link(path, pages):
    """Like hyperref output: a link on page 1 to the named destination "section.1"."""
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_named_destination("section.1", pages - 1)
    writer.add_annotation(0, Link(rect=(50, 50, 200, 100), target_page_index=pages - 1))
    annot = writer.pages[0]["/Annots"][-1].get_object()
    del annot["/Dest"]
    annot[NameObject("/Dest")] = TextStringObject("section.1")
    writer.write(path)


def test_volume_internal_links_of_each_paper_stay_in_that_paper(tmp_path):
    papers = paper_entries(tmp_path)
    _with_named_link(papers[1].pdf_path, 2)
    _with_named_link(papers[3].pdf_path, 2)

    result = build_volume(meta=volume_meta(), papers=papers, out_path=tmp_path / "v.pdf")

    volume = PdfReader(result.path)
    for key in ("p1", "p3"):
        first = result.front_matter_pages + result.pages_of(key).first_page - 1
        [annot] = volume.pages[first]["/Annots"]
        dest = annot.get_object()["/Dest"]
        assert volume.get_page_number(dest[0].get_object()) == first + 1


def test_inputs_hash_names_a_missing_paper(tmp_path):
    papers = paper_entries(tmp_path)
    papers[3].pdf_path.unlink()

    with pytest.raises(ProceedingsError, match="Low-Rank Adapters Revisited"):
        inputs_hash(volume_meta(), papers)
