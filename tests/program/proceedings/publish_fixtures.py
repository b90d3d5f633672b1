"""Fixtures for the publication services and views (imported by conftest)."""

import pytest

from program.enums import ItemKind, SessionKind
from program.models import Item
from program.publish.services import volume_save
from program.services import item_create, release_publish, room_create, session_create
from tests.factories.emc2 import PersonFactory
from tests.factories.program import at
from tests.program.proceedings.helpers import accepted_paper


@pytest.fixture
def ada():
    return PersonFactory(name="Ada Quantizer", affiliation="Uni A")


@pytest.fixture
def two_papers(edition, ada):
    """Two accepted papers with camera-ready PDFs (2 and 3 pages) and one rejected paper."""
    return {
        "first": accepted_paper(
            edition,
            "Pruning & Sparse Networks",
            authors=(("Ada Quantizer", "Uni A", ada), ("Bo Müller", "Lab B")),
            pages=2,
        ),
        "second": accepted_paper(edition, "Quantized Transformers", pages=3, decision="poster"),
        "rejected": accepted_paper(edition, "A rejected idea", decision="reject"),
    }


@pytest.fixture
def volume(edition):
    return volume_save(
        edition=edition,
        title="Proceedings of the Test Workshop",
        short_title="Test Proceedings",
        editors="Grace Hopper\nAlan Turing",
        publisher="EMC2 Press",
        isbn="978-3-16-148410-0",
        preface="Welcome.",
    )


@pytest.fixture
def program_with_papers(edition, two_papers):
    """A published program presenting the second paper before the first."""
    room = room_create(edition=edition, name="Hall")
    session = session_create(
        edition=edition,
        kind=SessionKind.PAPERS,
        title="Paper Session #1",
        room=room,
        start=at(9),
        end=at(10),
    )
    for order, key in enumerate(["second", "first"]):
        paper = two_papers[key]
        item = item_create(
            edition=edition, session=session, kind=ItemKind.TALK, title=paper.title, order=order
        )
        Item.objects.filter(pk=item.pk).update(paper=paper)
    return release_publish(edition=edition)
