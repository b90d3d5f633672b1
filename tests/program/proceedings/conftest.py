"""Synthetic camera-ready PDFs (reportlab, a dev dependency) for the proceedings engine."""

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, letter
from reportlab.pdfgen import canvas

from program.proceedings.volume import PaperEntry, VolumeMeta


def make_pdf(path: Path, title: str, pages: int, *, size=letter, body: str = "Body") -> Path:
    pdf = canvas.Canvas(str(path), pagesize=size)
    for n in range(1, pages + 1):
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(72, size[1] - 110, title)
        pdf.setFont("Helvetica", 10)
        for line in range(5):
            pdf.drawString(72, size[1] - 140 - 14 * line, f"{body} line {line} of page {n}.")
        pdf.showPage()
    pdf.save()
    return path


# (title, pages, page size, authors, session)
PAPERS = [
    ("Pruning Sparse Networks", 1, letter, [("Ada Lovelace", "Cambridge"), ("Kai Chen", "ETH")],
     "Efficient inference"),
    ("Quantized Transformers at Scale", 2, letter,
     [("Ada Lovelace", "Cambridge"), ("Ludwig van Beethoven", "Bonn")], "Efficient inference"),
    ("Distillation for Edge Devices", 1, A4, [("Émile Zola", "Paris"), ("Kai Chen", "ETH")],
     "Hardware"),
    ("Low-Rank Adapters Revisited", 2, letter,
     [("Émile Zola", "Paris"), ("Ada Lovelace", "Cambridge")], "Hardware"),
]  # fmt: skip


def paper_entries(directory: Path) -> list[PaperEntry]:
    entries = []
    for n, (title, pages, size, authors, session) in enumerate(PAPERS):
        path = make_pdf(directory / f"paper{n}.pdf", title, pages, size=size)
        entries.append(
            PaperEntry(key=f"p{n}", title=title, authors=authors, pdf_path=path, session=session)
        )
    return entries


def volume_meta(**overrides) -> VolumeMeta:
    data = {
        "title": "Proceedings of the 5th Workshop on Energy Efficient Machine Learning",
        "short_title": "EMC2 Proceedings 2019",
        "editors": ["Grace Hopper", "Alan Turing"],
        "year": 2019,
        "publisher": "EMC2 Press",
        "isbn": "978-3-16-148410-0",
        "copyright": "Copyright 2019 by the authors.",
        "preface": "Welcome to **EMC2**.\n\n<script>alert(1)</script>",
        "committees": [
            ("General chairs", [("Grace Hopper", "Navy"), ("Alan Turing", "Manchester")]),
            ("Program committee", [("Kai Chen", "ETH")]),
        ],
    }
    data.update(overrides)
    return VolumeMeta(**data)


@pytest.fixture(scope="module")
def paper_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("papers")


from tests.program.proceedings.publish_fixtures import (  # noqa: E402, F401
    ada,
    program_with_papers,
    two_papers,
    volume,
)
