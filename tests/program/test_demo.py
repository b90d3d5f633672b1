"""The demo programs: complete, valid under the schedule rules, and idempotent."""

import io

import pytest

from emc2 import demo as emc2_demo
from program import demo
from program.models import Item, Release, Session
from program.services import _check_item, _check_session

pytestmark = pytest.mark.django_db


def _counts(slug):
    items = Item.objects.filter(edition__slug=slug, session__isnull=False)
    return {
        kind: items.filter(session__kind=kind).count()
        for kind in ("keynote", "invited", "papers", "lightning", "posters", "panel")
    }


def test_demo_2019_program_is_complete(loaded):
    assert _counts("2019-neurips") == {
        "keynote": 3,
        "invited": 8,
        "papers": 14,
        "lightning": 0,
        "posters": 12,
        "panel": 0,
    }
    sessions = Session.objects.filter(edition__slug="2019-neurips")
    assert sorted(s.title for s in sessions.filter(kind__in=["papers", "posters"])) == [
        "Paper Session #1",
        "Paper Session #2",
        "Poster Session #1",
        "Poster Session #2",
    ]
    yolo = Item.objects.get(title__startswith="YOLO Nano")
    assert [s.person.name for s in yolo.speakers.all()][:2] == ["Alexander Wong", "Mahmoud Famuori"]
    assert {s.role_line for s in yolo.speakers.all()} == {
        "University of Waterloo and DarwinAI Corp"
    }


def test_demo_2023_program_has_times_room_and_panel(loaded):
    assert _counts("2023-aaai") == {
        "keynote": 2,
        "invited": 5,
        "papers": 5,
        "lightning": 2,
        "posters": 0,
        "panel": 1,
    }
    panel = Item.objects.get(title="ML ASIC, how specific is too specific?")
    assert [(s.person.name, s.role, s.role_line) for s in panel.speakers.all()][:2] == [
        ("Satyam Srivastava", "moderator", "Moderator"),
        ("Jonathan Frankle", "panelist", "Chief Scientist, MosaicML"),
    ]
    welcome = Session.objects.get(edition__slug="2023-aaai", title="Welcome")
    local = welcome.start.astimezone(welcome.edition.tz)
    assert (local.strftime("%Y-%m-%d %H:%M"), welcome.room.name) == ("2023-02-14 08:30", "146A")


def test_demo_recording_of_the_2019_invited_talk(loaded):
    talk = Item.objects.get(title__startswith="Putting the “Machine” Back")
    assert talk.recording_url.startswith("https://slideslive.com/")


def test_demo_obeys_every_schedule_rule(loaded):
    for session in Session.objects.select_related("room", "edition"):
        _check_session(session)
    for item in Item.objects.select_related("session", "edition"):
        _check_item(item)


def test_demo_people_are_shared_across_editions(loaded):
    from emc2.models import Person

    song_han = Person.objects.get(name="Song Han")
    slugs = set(
        Item.objects.filter(speakers__person=song_han).values_list("edition__slug", flat=True)
    )
    assert slugs == {"2019-neurips", "2023-aaai"}


def test_demo_load_is_idempotent(loaded):
    before = (Item.objects.count(), Session.objects.count(), Release.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Item.objects.count(), Session.objects.count(), Release.objects.count()) == before
    assert Release.objects.filter(edition__slug="2027-demo").count() == 0


def test_demo_publications_volume_and_booklets(django_capture_on_commit_callbacks):
    from program.enums import BuildKind, BuildState
    from program.models import Build, Volume

    out = io.StringIO()
    emc2_demo.load(stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(stdout=out)
    volume = Volume.objects.get(edition__slug="2019-neurips")
    assert volume.short_title == "EMC2 2019" and volume.published
    states = dict(
        Build.objects.filter(kind=BuildKind.BOOKLET).values_list("edition__slug", "state")
    )
    assert states == {"2019-neurips": BuildState.DONE, "2023-aaai": BuildState.DONE}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo.load(stdout=out)  # idempotent: nothing changed, nothing queued
    # (The page-cache generation bump is no task: emc2.conditional.)
    assert [c for c in callbacks if c.__qualname__ != "_bump"] == []
    assert Build.objects.filter(kind=BuildKind.BOOKLET).count() == 2


def test_full_demo_links_2019_talks_and_posters_to_their_papers(client):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    linked = Item.objects.filter(edition__slug="2019-neurips", paper__isnull=False)
    assert linked.count() == 25
    item = linked.select_related("paper", "session").order_by("pk").first()
    page = client.get(f"/2019-neurips/papers/{item.paper.pk}-x/", follow=True)
    assert page.status_code == 200
    assert item.session.title in page.content.decode()


def test_demo_follows_the_seed_facts(loaded):
    """The seeds: 2019's untitled "Grand Keynote", no 2019 times, Kurt Keutzer at UC
    Berkeley, and 2023's 15:00 "Break"."""
    from emc2.models import Person

    grand = Item.objects.get(edition__slug="2019-neurips", label="Grand Keynote")
    assert (grand.title, grand.speakers.get().person.name) == ("", "Yann LeCun")
    assert not Session.objects.filter(edition__slug="2019-neurips", times_tba=False).exists()
    assert not Item.objects.filter(edition__slug="2019-neurips", start__isnull=False).exists()
    assert Person.objects.get(name="Kurt Keutzer").affiliation == "UC Berkeley"
    breaks = Session.objects.filter(edition__slug="2023-aaai", kind="break")
    tz = breaks[0].edition.tz
    assert sorted((s.start.astimezone(tz).strftime("%H:%M"), s.title) for s in breaks) == [
        ("10:45", "Break"),
        ("15:00", "Break"),
    ]
