"""Publication selectors: the paper-page visibility rule, the volume's paper order."""

import pytest

from program.publish.selectors import paper_pages_visible, volume_inputs, volume_papers
from program.publish.services import volume_save
from tests.program.proceedings.helpers import accepted_paper

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("edition_published", "release", "accepted", "page_published", "visible"),
    [
        (False, True, True, True, False),
        (True, False, False, False, False),
        (True, False, True, False, False),
        (True, False, True, True, True),
        (True, True, False, False, True),
    ],
    ids=[
        "unpublished-edition",
        "nothing-yet",
        "accepted-page-not-published",
        "accepted-page-published",
        "program-released",
    ],
)
def test_paper_pages_visible(
    edition, edition_published, release, accepted, page_published, visible, request
):
    edition.published = edition_published
    edition.save(update_fields=["published"])
    if release:
        request.getfixturevalue("published")
    if accepted:
        accepted_paper(edition, "Accepted", page_published=page_published)
    accepted_paper(edition, "Rejected", decision="reject", page_published=False)
    assert paper_pages_visible(edition=edition) is visible


def test_volume_order_override_then_program_then_title(edition, two_papers, program_with_papers):
    late = accepted_paper(edition, "Zebra paper")
    early = accepted_paper(edition, "Aardvark paper")
    volume = volume_save(edition=edition, title="T", short_title="S", paper_order=[late.pk])
    titles = [r["paper"].title for r in volume_papers(edition=edition, volume=volume)]
    assert titles == [
        "Zebra paper",  # override
        "Quantized Transformers",  # program order
        "Pruning & Sparse Networks",
        "Aardvark paper",  # not in the program: by title
    ]
    assert early.pk != late.pk


def test_volume_inputs_use_sessions_and_committees(
    edition, volume, two_papers, program_with_papers
):
    meta, entries = volume_inputs(edition=edition)
    assert meta.editors == ["Grace Hopper", "Alan Turing"]
    assert meta.year == 2030
    assert [e.session for e in entries] == ["Paper Session #1", "Paper Session #1"]
    committees = dict(meta.committees)
    assert len(committees["Organizing committee"]) == 1  # the chair actor
    assert len(committees["Program committee"]) == 1
    assert entries[1].authors == [("Ada Quantizer", "Uni A"), ("Bo Müller", "Lab B")]
