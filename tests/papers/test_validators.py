import io
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

from papers.exceptions import UploadRejected
from papers.validators import anonymized_pdf, check_supplementary, inspect_pdf, names_in_metadata
from tests.factories.papers import make_pdf


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(pages=1))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_inspect_pdf_counts_pages():
    assert inspect_pdf(data=make_pdf(pages=3), max_pages=3, author_names=[]).page_count == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"Hello, not a PDF", "not a PDF", id="not-pdf"),
        pytest.param(make_pdf(pages=2)[:900], "truncated", id="truncated"),
        pytest.param(b"%PDF-1.7\ngarbage garbage\n%%EOF\n", "could not be read", id="corrupt"),
        pytest.param(encrypted_pdf(), "encrypted", id="encrypted"),
        pytest.param(make_pdf(pages=4), "has 4 pages; this submission type allows at most 3",
                     id="too-long"),
    ],
)  # fmt: skip
def test_inspect_pdf_refuses(data, message):
    with pytest.raises(UploadRejected) as exc:
        inspect_pdf(data=data, max_pages=3, author_names=[])
    assert message in exc.value.message
    assert exc.value.field == "file"


def test_inspect_pdf_warns_when_metadata_names_an_author():
    info = inspect_pdf(
        data=make_pdf(author="Grace Hopper", creator="pdfTeX"),
        max_pages=None,
        author_names=["Grace Hopper", "Alan Turing"],
    )
    assert len(info.warnings) == 1
    assert "contains Grace Hopper." in info.warnings[0]


def test_inspect_pdf_no_warning_without_names():
    info = inspect_pdf(data=make_pdf(author="Anonymous"), max_pages=None, author_names=["Grace"])
    assert info.warnings == []


def test_names_in_metadata_matches_family_name_in_creator():
    assert names_in_metadata(metadata="latex by hopper", author_names=["Grace Hopper"]) == [
        "Grace Hopper"
    ]


def test_anonymized_pdf_strips_metadata_and_keeps_pages():
    original = make_pdf(pages=2, author="Grace Hopper", creator="Grace's LaTeX")
    copy = anonymized_pdf(original)
    reader = PdfReader(io.BytesIO(copy))
    assert len(reader.pages) == 2
    assert reader.metadata is None
    assert b"Hopper" not in copy


def test_check_supplementary_accepts_zip_and_refuses_other():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("code.py", "print(1)")
    assert check_supplementary(data=buffer.getvalue(), name="").ext == ".zip"
    with pytest.raises(UploadRejected):
        check_supplementary(data=b"MZ executable", name="")
