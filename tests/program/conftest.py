import io

import pytest

from emc2 import demo as emc2_demo
from program import demo
from program.enums import SessionKind
from program.services import item_create, release_publish, room_create, session_create
from tests.factories.emc2 import PersonFactory
from tests.factories.program import at


@pytest.fixture
def room(edition):
    return room_create(edition=edition, name="Main hall")


@pytest.fixture
def other_room(edition):
    return room_create(edition=edition, name="Poster area")


@pytest.fixture
def speaker():
    return PersonFactory(name="Ada Speaker", email="ada@example.org")


@pytest.fixture
def session(edition, room):
    return session_create(
        edition=edition,
        kind=SessionKind.PAPERS,
        title="Paper Session #1",
        room=room,
        start=at(9),
        end=at(10),
    )


@pytest.fixture
def talk(edition, session, speaker):
    return item_create(
        edition=edition,
        session=session,
        title="Quantized transformers on phones",
        abstract="We quantize transformers to eight bits for phones.",
        start=at(9),
        end=at(9, 20),
        speakers=[(speaker, "speaker", "")],
    )


@pytest.fixture
def published(edition, talk, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return release_publish(edition=edition, by=chair)


@pytest.fixture
def loaded():
    """The demo editions and their programs (``manage.py load_demo`` without publications)."""
    out = io.StringIO()
    emc2_demo.load(stdout=out)
    demo.load(stdout=out)
    return out
