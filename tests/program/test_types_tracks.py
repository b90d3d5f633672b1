"""Session types and tracks (issue 14): per-edition names and colours, chosen per session,
published in the snapshot, shown and filtered on the public program, exported, imported and
copied with the edition. Hostile input is refused with a clear message."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from lxml import etree

from emc2.services import edition_create
from program.categories import (
    session_type_create,
    session_type_delete,
    session_type_reorder,
    session_type_update,
    track_create,
    track_delete,
    track_update,
)
from program.enums import SessionKind
from program.exceptions import ProgramConflict, ProgramError
from program.models import Session, SessionType, Track
from program.services import item_create, release_publish, session_create, session_update
from tests.factories.emc2 import EditionFactory, UserFactory
from tests.factories.program import at
from tests.schemas import schema_path

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def _api(edition, what, pk=None):
    name = f"api:program:chair-{what}-{'detail' if pk else 'list'}"
    kwargs = {"edition": edition.slug, **({"pk": pk} if pk else {})}
    return reverse(name, kwargs=kwargs)


def _names(edition, model=SessionType):
    return list(model.objects.filter(edition=edition).values_list("name", flat=True))


# --- services ------------------------------------------------------------------------------


def test_create_trims_orders_and_colours_from_the_palette(edition):
    a = session_type_create(edition=edition, name="  Keynote   talk ")
    b = session_type_create(edition=edition, name="Workshop", colour="#ABCDEF", kind="tutorial")
    c = session_type_create(edition=edition, name="First", position=0)
    assert (a.name, a.colour, b.colour, b.kind) == (
        "Keynote talk",
        "#1f6feb",
        "#abcdef",
        "tutorial",
    )
    assert _names(edition) == ["First", "Keynote talk", "Workshop"]
    assert list(SessionType.objects.filter(edition=edition).values_list("position", flat=True)) == [
        0,
        1,
        2,
    ]
    assert c.position == 0


@pytest.mark.parametrize(
    "colour",
    ["red", "#12345", "#1234567", "#ggg000", "javascript:alert(1)", '#123"><b>', "123456", " "],
)
def test_a_colour_that_is_not_rrggbb_is_refused(edition, colour):
    with pytest.raises(ProgramError, match="not a colour: use the form #rrggbb") as exc:
        session_type_create(edition=edition, name="T", colour=colour)
    assert exc.value.field == "colour"
    with pytest.raises(ProgramError, match="not a colour"):
        track_create(edition=edition, name="T", colour=colour)
    assert not SessionType.objects.filter(edition=edition).exists()
    assert not Track.objects.filter(edition=edition).exists()


def test_names_are_unique_per_edition_ignoring_case(edition, other_edition):
    session_type_create(edition=edition, name="Keynote")
    with pytest.raises(ProgramError, match="There is already a session type called “Keynote”"):
        session_type_create(edition=edition, name="KEYNOTE")
    session_type_create(edition=other_edition, name="keynote")  # another edition: fine
    t = track_create(edition=edition, name="Efficiency")
    other = track_create(edition=edition, name="Hardware")
    with pytest.raises(ProgramError, match="There is already a track called “Efficiency”"):
        track_update(track=other, name="efficiency")
    track_update(track=t, name="EFFICIENCY")  # its own name in another case
    assert _names(edition, Track) == ["EFFICIENCY", "Hardware"]
    with pytest.raises(ProgramError, match="needs a name"):
        track_create(edition=edition, name="   ")


def test_the_database_refuses_a_duplicate_name_in_another_case(edition):
    from django.db import IntegrityError, transaction

    SessionType.objects.create(edition=edition, name="Poster")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionType.objects.create(edition=edition, name="POSTER")


def test_delete_in_use_is_refused_naming_the_sessions(edition, room):
    keynote = session_type_create(edition=edition, name="Big talk", kind="keynote")
    for h in (9, 10, 11, 12):
        session_create(
            edition=edition,
            type=keynote,
            title=f"Talk at {h}",
            room=room,
            start=at(h),
            end=at(h, 30),
        )
    with pytest.raises(ProgramConflict) as exc:
        session_type_delete(session_type=keynote)
    assert str(exc.value) == (
        "The session type “Big talk” is used by 4 session(s) (“Talk at 9”, “Talk at 10”, "
        "“Talk at 11” …); give them another one first."
    )
    assert SessionType.objects.filter(pk=keynote.pk).exists()
    track = track_create(edition=edition, name="Vision")
    session_update(session=Session.objects.get(title="Talk at 9"), track=track)
    with pytest.raises(ProgramConflict, match="track “Vision” is used by 1 session"):
        track_delete(track=track)


def test_delete_unused_renumbers_the_rest(edition):
    a, b, c = (session_type_create(edition=edition, name=n) for n in "ABC")
    session_type_delete(session_type=b)
    rows = SessionType.objects.filter(edition=edition)
    assert [(r.name, r.position) for r in rows] == [("A", 0), ("C", 1)]


def test_reorder_and_move_by_position(edition, other_edition):
    a, b, c = (session_type_create(edition=edition, name=n) for n in "ABC")
    session_type_reorder(edition=edition, ids=[c.pk, a.pk, b.pk])
    assert _names(edition) == ["C", "A", "B"]
    session_type_update(session_type=b, position=0)
    assert _names(edition) == ["B", "C", "A"]
    session_type_update(session_type=b, position=99)  # clamped to last
    assert _names(edition) == ["C", "A", "B"]
    foreign = session_type_create(edition=other_edition, name="X")
    with pytest.raises(ProgramError, match="exactly once"):
        session_type_reorder(edition=edition, ids=[a.pk, b.pk, foreign.pk])
    with pytest.raises(ProgramError, match="exactly once"):
        session_type_reorder(edition=edition, ids=[a.pk, a.pk, b.pk])


def test_a_session_of_another_editions_type_or_track_is_refused(edition, other_edition, room):
    foreign_type = session_type_create(edition=other_edition, name="Foreign")
    foreign_track = track_create(edition=other_edition, name="Foreign track")
    with pytest.raises(ProgramError, match="This session type belongs to another edition."):
        session_create(
            edition=edition, kind="papers", type=foreign_type, title="S", room=room,
            start=at(9), end=at(10),
        )  # fmt: skip
    with pytest.raises(ProgramError, match="This track belongs to another edition."):
        session_create(
            edition=edition, kind="papers", track=foreign_track, title="S", room=room,
            start=at(9), end=at(10),
        )  # fmt: skip
    s = session_create(
        edition=edition, kind="papers", title="S", room=room, start=at(9), end=at(10)
    )
    with pytest.raises(ProgramError, match="This track belongs to another edition."):
        session_update(session=s, track=foreign_track)
    with pytest.raises(ProgramError, match="This session type belongs to another edition."):
        session_update(session=s, type=foreign_type)
    s.refresh_from_db()
    assert (s.type.edition_id, s.track_id) == (edition.pk, None)


def test_a_session_by_kind_only_gets_the_kinds_type_and_one_by_type_its_kind(edition, room):
    s1 = session_create(edition=edition, kind="break", title="", room=room, start=at(9), end=at(10))
    s2 = session_create(
        edition=edition, kind="break", title="", room=room, start=at(10), end=at(11)
    )
    assert s1.type_id == s2.type_id and s1.type.name == "Break" and s1.title == "Break"
    workshop = session_type_create(edition=edition, name="Workshop", kind="tutorial")
    s3 = session_create(
        edition=edition, type=workshop, title="", room=room, start=at(11), end=at(12)
    )
    assert (s3.kind, s3.title) == ("tutorial", "Workshop")
    plain = session_type_create(edition=edition, name="Plain")
    with pytest.raises(ProgramError, match="Give the session a kind, or a type that has"):
        session_create(edition=edition, type=plain, title="", room=room, start=at(12), end=at(13))


# --- API -----------------------------------------------------------------------------------


def test_api_create_list_patch_delete_a_type(chair_client, edition, django_assert_max_num_queries):
    url = _api(edition, "session-type")
    r = chair_client.post(url, {"name": "Keynote", "colour": "#FF8800", "kind": "keynote"})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert {k: body[k] for k in ("name", "colour", "kind", "position", "session_count")} == {
        "name": "Keynote",
        "colour": "#ff8800",
        "kind": "keynote",
        "position": 0,
        "session_count": 0,
    }
    for i in range(5):
        chair_client.post(url, {"name": f"Type {i}"})
    with django_assert_max_num_queries(12):
        listed = chair_client.get(url).json()
    assert [t["name"] for t in listed] == ["Keynote", *(f"Type {i}" for i in range(5))]
    detail = _api(edition, "session-type", body["id"])
    r = chair_client.patch(
        detail, {"name": "Keynote talk", "position": 3}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["name"] == "Keynote talk"
    assert r.json()["position"] == 3
    assert chair_client.delete(detail).status_code == 204
    assert chair_client.get(detail).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "X", "colour": "red"}, "not a colour: use the form #rrggbb"),
        ({"name": "X", "colour": "#12345g"}, "not a colour"),
        ({"name": "X", "kind": "party"}, "Unknown kind"),
        ({"name": ""}, "This field may not be blank."),
        ({"name": "x" * 101}, "no more than 100 characters"),
    ],
)
def test_api_refuses_bad_input_with_a_clear_400(chair_client, edition, data, message):
    r = chair_client.post(_api(edition, "session-type"), data)
    assert r.status_code == 400
    assert message in json.dumps(r.json(), ensure_ascii=False)
    assert not SessionType.objects.filter(edition=edition).exists()


def test_api_duplicate_name_is_a_400_naming_the_existing_one(chair_client, edition):
    track_create(edition=edition, name="Efficiency")
    r = chair_client.post(_api(edition, "track"), {"name": "efficiency"})
    assert r.status_code == 400
    assert "There is already a track called “Efficiency”" in r.json()["detail"]


def test_api_delete_in_use_is_a_409_naming_the_sessions(chair_client, edition, session):
    r = chair_client.delete(_api(edition, "session-type", session.type_id))
    assert r.status_code == 409
    assert "is used by 1 session(s) (“Paper Session #1”)" in r.json()["detail"]
    assert SessionType.objects.filter(pk=session.type_id).exists()


def test_api_other_editions_rows_are_404(chair_client, edition, other_edition):
    foreign = track_create(edition=other_edition, name="Theirs")
    assert chair_client.get(_api(edition, "track", foreign.pk)).status_code == 404
    r = chair_client.patch(
        _api(edition, "track", foreign.pk), {"name": "Mine"}, content_type="application/json"
    )
    assert r.status_code == 404
    assert chair_client.delete(_api(edition, "track", foreign.pk)).status_code == 404
    assert Track.objects.get(pk=foreign.pk).name == "Theirs"


def test_api_draft_sessions_take_type_and_track_ids_of_the_edition(
    chair_client, edition, other_edition, room
):
    workshop = session_type_create(edition=edition, name="Workshop", kind="tutorial")
    track = track_create(edition=edition, name="Hardware")
    url = reverse("api:program:chair-session-create", kwargs={"edition": edition.slug})
    r = chair_client.post(
        url,
        {"type": workshop.pk, "track": track.pk, "room": room.pk, "start": at(9).isoformat(),
         "end": at(10).isoformat()},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["type"], body["track"], body["kind"], body["title"]) == (
        workshop.pk,
        track.pk,
        "tutorial",
        "Workshop",
    )
    foreign_type = session_type_create(edition=other_edition, name="Foreign")
    foreign_track = track_create(edition=other_edition, name="Foreign")
    r = chair_client.post(
        url,
        {"kind": "papers", "type": foreign_type.pk, "room": room.pk,
         "start": at(11).isoformat(), "end": at(12).isoformat()},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 400
    assert r.json()["detail"] == "No such session type in this edition."
    detail = reverse(
        "api:program:chair-session-update", kwargs={"edition": edition.slug, "pk": body["id"]}
    )
    r = chair_client.patch(detail, {"track": foreign_track.pk}, content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"] == "No such track in this edition."
    r = chair_client.patch(detail, {"track": None}, content_type="application/json")
    assert r.status_code == 200 and r.json()["track"] is None
    assert Session.objects.get(pk=body["id"]).track_id is None


# --- chair pages ---------------------------------------------------------------------------


def test_chair_types_page_lists_adds_and_shows_errors(chair_client, edition, session):
    url = reverse("program:chair-types", kwargs={"edition": edition.slug})
    page = chair_client.get(url).content.decode()
    assert "<h1>Session types</h1>" in page
    assert 'type="color"' in page and 'name="colour"' in page
    assert "Paper session" in page  # the type session_create made for the kind
    r = chair_client.post(url, {"name": "Workshop", "colour": "red"})
    assert r.status_code == 400
    assert "is not a colour: use the form #rrggbb" in r.content.decode()
    r = chair_client.post(url, {"name": "paper SESSION", "colour": "#00aa00"})
    assert "There is already a session type called “Paper session”" in r.content.decode()
    r = chair_client.post(url, {"name": "Workshop", "colour": "#00AA00", "kind": "tutorial"})
    assert r.status_code == 302
    page = chair_client.get(url).content.decode()
    assert "Workshop" in page and "#00aa00" in page and "Tutorial" in page
    assert " style=" not in page  # strict CSP: colours come as data attributes
    assert 'data-colour="#00aa00"' in page


def test_chair_page_delete_in_use_says_which_sessions(chair_client, edition, session):
    url = reverse(
        "program:chair-type-delete", kwargs={"edition": edition.slug, "pk": session.type_id}
    )
    r = chair_client.post(url)
    assert r.status_code == 409
    page = r.content.decode()
    assert "is used by 1 session(s) (“Paper Session #1”)" in page
    assert SessionType.objects.filter(pk=session.type_id).exists()


def test_chair_track_edit_and_delete(chair_client, edition):
    track = track_create(edition=edition, name="Vision")
    edit = reverse("program:chair-track-edit", kwargs={"edition": edition.slug, "pk": track.pk})
    r = chair_client.post(
        edit, {"name": "Vision & speech", "colour": "#123456", "description": "Eyes"}
    )
    assert r.status_code == 302
    track.refresh_from_db()
    assert (track.name, track.colour, track.description) == ("Vision & speech", "#123456", "Eyes")
    delete = reverse("program:chair-track-delete", kwargs={"edition": edition.slug, "pk": track.pk})
    assert chair_client.post(delete).status_code == 302
    assert not Track.objects.filter(pk=track.pk).exists()


def test_names_are_escaped_on_chair_and_public_pages(chair_client, client, edition, session, talk):
    evil_type = session_type_create(edition=edition, name=XSS, kind="papers")
    evil_track = track_create(edition=edition, name=XSS + " track")
    session_update(session=session, type=evil_type, track=evil_track)
    for name in ("program:chair-types", "program:chair-tracks", "program:chair-editor"):
        page = chair_client.get(reverse(name, kwargs={"edition": edition.slug})).content.decode()
        assert XSS not in page and "&lt;script&gt;" in page
    release_publish(edition=edition)
    page = client.get(reverse("program:public-program", kwargs={"edition": edition.slug}))
    text = page.content.decode()
    assert XSS not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    xml = client.get(
        reverse("program:public-export", kwargs={"edition": edition.slug, "name": "schedule.xml"})
    )
    assert etree.fromstring(xml.content).findtext(".//event/type") == XSS  # data, escaped XML


def test_session_form_has_type_and_track_selects(chair_client, edition, session, other_edition):
    track = track_create(edition=edition, name="Efficiency")
    workshop = session_type_create(edition=edition, name="Workshop", kind="tutorial")
    url = reverse("program:chair-session-edit", kwargs={"edition": edition.slug, "pk": session.pk})
    page = chair_client.get(url).content.decode()
    assert 'name="type"' in page and 'name="track"' in page and ">Efficiency<" in page
    base = {"title": "Renamed", "room": session.room_id, "day": "2030-12-13",
            "start_time": "09:00", "end_time": "10:00"}  # fmt: skip
    r = chair_client.post(url, {**base, "type": workshop.pk, "track": track.pk, "kind": ""})
    assert r.status_code == 302
    session.refresh_from_db()
    assert (session.type_id, session.track_id, session.kind) == (workshop.pk, track.pk, "tutorial")
    foreign = track_create(edition=other_edition, name="Foreign")
    r = chair_client.post(url, {**base, "type": workshop.pk, "track": foreign.pk, "kind": "papers"})
    assert r.status_code == 200
    assert "Select a valid choice" in r.content.decode()
    session.refresh_from_db()
    assert session.track_id == track.pk


# --- public program, snapshot, exports -----------------------------------------------------


@pytest.fixture
def coloured(edition, room, other_room, session, talk):
    """Two tracks over a paper session, a workshop and a break; published."""
    hw = track_create(edition=edition, name="Hardware", colour="#aa0000")
    ml = track_create(edition=edition, name="Learning", colour="#0000aa")
    workshop = session_type_create(
        edition=edition, name="Workshop", colour="#00aa00", kind="tutorial"
    )
    session_update(session=session, track=hw)
    w = session_create(
        edition=edition, type=workshop, track=ml, title="Sparse training", room=other_room,
        start=at(9), end=at(10),
    )  # fmt: skip
    item_create(edition=edition, session=w, title="Hands-on sparsity")
    session_create(
        edition=edition, kind="break", title="Coffee", room=room, start=at(10), end=at(10, 30)
    )
    release_publish(edition=edition)
    return {"hw": hw, "ml": ml, "workshop": workshop, "papers": session.type}


def test_snapshot_carries_type_and_track_names_and_colours(edition, coloured):
    snap = edition.releases.get().snapshot
    assert [t["name"] for t in snap["types"]] == ["Paper session", "Workshop", "Break"]
    assert [(t["name"], t["colour"]) for t in snap["tracks"]] == [
        ("Hardware", "#aa0000"),
        ("Learning", "#0000aa"),
    ]
    by_title = {s["title"]: s for s in snap["sessions"]}
    s = by_title["Sparse training"]
    assert (s["type"], s["type_colour"], s["track"], s["track_colour"]) == (
        "Workshop",
        "#00aa00",
        "Learning",
        "#0000aa",
    )
    assert (by_title["Coffee"]["track"], by_title["Coffee"]["track_id"]) == ("", None)


def test_public_program_legend_and_filters(client, edition, coloured):
    url = reverse("program:public-program", kwargs={"edition": edition.slug})
    page = client.get(url).content.decode()
    legend = page[page.index('class="program-legend"') :]
    legend = legend[: legend.index("</section>")]
    # Every swatch has its name beside it: colour is never the only label.
    assert re.findall(
        r'data-colour="(#[0-9a-f]{6})" aria-hidden="true"></span> ([^<]+)</li>', legend
    ) == [
        ("#1f6feb", "Paper session"),
        ("#00aa00", "Workshop"),
        ("#2d7d46", "Break"),
        ("#aa0000", "Hardware"),
        ("#0000aa", "Learning"),
    ]
    assert " style=" not in page
    assert f'<option value="{coloured["ml"].pk}">Learning</option>' in page
    only_ml = client.get(url, {"track": coloured["ml"].pk}).content.decode()
    assert "Sparse training" in only_ml and "Paper Session #1" not in only_ml
    assert "Coffee" not in only_ml
    only_ws = client.get(url, {"type": coloured["workshop"].pk}).content.decode()
    assert "Hands-on sparsity" in only_ws and "Quantized transformers" not in only_ws
    old_link = client.get(url, {"type": "break"}).content.decode()  # kinds still work
    assert "Coffee" in old_link and "Sparse training" not in old_link
    for junk in ("<script>", "9" * 40, "-1", "²"):
        assert "Sparse training" in client.get(url, {"type": junk, "track": junk}).content.decode()


def test_frab_and_json_exports_use_the_names_and_validate(client, edition, coloured):
    import jsonschema
    import xmlschema

    def get(name):
        return client.get(
            reverse("program:public-export", kwargs={"edition": edition.slug, "name": name})
        ).content

    xml = get("schedule.xml")
    xmlschema.XMLSchema(str(schema_path("schedule.xml.xsd", env="FRAB_XSD"))).validate(xml)
    root = etree.fromstring(xml)
    events = {e.findtext("title"): e for e in root.iter("event")}
    hands_on = events["Hands-on sparsity"]
    assert (hands_on.findtext("type"), hands_on.findtext("track")) == ("Workshop", "Learning")
    talk = events["Quantized transformers on phones"]
    assert (talk.findtext("type"), talk.findtext("track")) == ("Paper session", "Hardware")
    coffee = events["Coffee"]
    assert (coffee.findtext("type"), coffee.findtext("track")) == ("Break", "Break")
    conference = root.find("conference")
    tracks = [(t.get("name"), t.get("color"), t.get("slug")) for t in conference.iter("track")]
    assert tracks == [("Hardware", "#aa0000", "hardware"), ("Learning", "#0000aa", "learning")]

    data = json.loads(get("schedule.json"))
    schema = json.loads(schema_path("schedule.json").read_text())
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    conference = data["schedule"]["conference"]
    assert [(t["name"], t["color"]) for t in conference["tracks"]] == [
        ("Hardware", "#aa0000"),
        ("Learning", "#0000aa"),
    ]
    evs = {e["title"]: e for d in conference["days"] for r in d["rooms"].values() for e in r}
    assert (evs["Hands-on sparsity"]["type"], evs["Hands-on sparsity"]["track"]) == (
        "Workshop",
        "Learning",
    )


def test_import_creates_types_and_tracks_from_the_file(chair_client, client, edition, coloured):
    data = client.get(
        reverse("program:public-export", kwargs={"edition": edition.slug, "name": "schedule.json"})
    ).content
    target = EditionFactory(slug="2099-import", title="Import target")
    staff = UserFactory(email="staff-import@example.org", is_staff=True, is_superuser=True)
    chair_client.force_login(staff)
    url = reverse("api:program:chair-import", kwargs={"edition": target.slug})
    preview = chair_client.post(url, {"file": SimpleUploadedFile("s.json", data)})
    assert preview.status_code == 200, preview.json()
    plan = preview.json()
    assert [t["name"] for t in plan["tracks"]] == ["Hardware", "Learning"]
    assert {t["name"] for t in plan["types"]} == {"Paper session", "Workshop", "Break"}
    confirmed = chair_client.post(
        url, {"file": SimpleUploadedFile("s.json", data), "confirm": "true"}
    )
    assert confirmed.status_code == 201, confirmed.json()
    assert sorted(_names(target, Track)) == ["Hardware", "Learning"]
    # One event makes a session named after it (the importer's rule).
    s = Session.objects.get(edition=target, title="Hands-on sparsity")
    # The file says "Workshop", not a kind: the session is laid out as a paper session.
    assert (s.type.name, s.track.name, s.kind) == ("Workshop", "Learning", "papers")
    coffee = Session.objects.get(edition=target, title="Coffee")
    assert (coffee.type.name, coffee.track, coffee.kind) == ("Break", None, "break")


def test_copying_an_edition_copies_its_types_and_tracks(edition, coloured):
    copy = edition_create(series=edition.series, copy_from=edition, number=77, title="Next",
                          slug="2077-next", start_date=edition.start_date)  # fmt: skip
    assert _names(copy) == _names(edition)
    assert [(t.name, t.colour) for t in Track.objects.filter(edition=copy)] == [
        ("Hardware", "#aa0000"),
        ("Learning", "#0000aa"),
    ]
    assert not Session.objects.filter(edition=copy).exists()
    assert SessionType.objects.get(edition=copy, name="Workshop").kind == "tutorial"


# --- migration -----------------------------------------------------------------------------


def test_migration_makes_one_type_per_kind_used_and_links_the_sessions(
    transactional_db, edition, other_edition
):
    executor = MigrationExecutor(connection)
    old, new = [("program", "0004_speaker_affiliation")], [("program", "0005_types_tracks")]
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    OldRoom = apps.get_model("program", "Room")
    OldSession = apps.get_model("program", "Session")
    room = OldRoom.objects.create(edition_id=edition.pk, name="Hall")
    other_room = OldRoom.objects.create(edition_id=other_edition.pk, name="Hall")
    for h, kind in [(9, "posters"), (10, "keynote"), (11, "posters"), (12, "break")]:
        OldSession.objects.create(
            edition_id=edition.pk,
            kind=kind,
            title=f"{kind} {h}",
            room=room,
            start=at(h),
            end=at(h, 30),
        )
    OldSession.objects.create(
        edition_id=other_edition.pk, kind="keynote", title="Theirs", room=other_room,
        start=at(9), end=at(10),
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(new)
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    types = SessionType.objects.filter(edition=edition)
    assert [(t.name, t.kind, t.position) for t in types] == [
        ("Keynote", "keynote", 0),
        ("Poster session", "posters", 1),
        ("Break", "break", 2),
    ]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", t.colour) for t in types)
    for s in Session.objects.filter(edition=edition):
        assert s.type.kind == s.kind and s.type.edition_id == edition.pk
    theirs = Session.objects.get(edition=other_edition)
    assert (theirs.type.name, theirs.type.edition_id) == ("Keynote", other_edition.pk)
    assert SessionType.objects.filter(edition=other_edition).count() == 1
    assert SessionKind.KEYNOTE.label == "Keynote"


def test_writes_bump_the_public_generation(edition, room, session):
    from emc2.conditional import public_generation

    seen = [public_generation()]
    t = session_type_create(edition=edition, name="Workshop")
    seen.append(public_generation())
    track = track_create(edition=edition, name="Hardware")
    seen.append(public_generation())
    session_type_update(session_type=t, colour="#000000")
    seen.append(public_generation())
    track_delete(track=track)
    seen.append(public_generation())
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_chair_list_pages_take_the_same_queries_for_few_or_many(chair_client, edition, room):
    from django.test.utils import CaptureQueriesContext

    def count(name):
        with CaptureQueriesContext(connection) as ctx:
            assert (
                chair_client.get(reverse(name, kwargs={"edition": edition.slug})).status_code == 200
            )
        return len(ctx.captured_queries)

    for i in range(2):
        session_type_create(edition=edition, name=f"Type {i}")
        track_create(edition=edition, name=f"Track {i}")
    few = (count("program:chair-types"), count("program:chair-tracks"))
    for i in range(2, 14):
        t = session_type_create(edition=edition, name=f"Type {i}", kind="papers")
        tr = track_create(edition=edition, name=f"Track {i}")
        session_create(edition=edition, type=t, track=tr, title="", room=room, start=at(i % 12 + 8),
                       end=at(i % 12 + 8, 30)) if i < 10 else None  # fmt: skip
    assert (count("program:chair-types"), count("program:chair-tracks")) == few
