"""The chair's people pages: search, edit, invite, merge, the speaker picker (#id lines and
"Find person"), and what they must not hand out (other editions' people and e-mails)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from emc2.enums import RoleKind
from emc2.models import OutboxMail, Person, Role
from program.models import Item, ItemSpeaker, Session
from program.services import item_create, session_create
from tests.factories.emc2 import PersonFactory, UserFactory
from tests.factories.papers import AuthorFactory
from tests.factories.program import at
from tests.html import Page, main_of

pytestmark = pytest.mark.django_db


def _url(name, edition, **kw):
    return reverse(f"program:{name}", kwargs={"edition": edition.slug, **kw})


def _main(response) -> str:
    return main_of(response.content.decode())


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buf, "PNG")
    return SimpleUploadedFile("face.png", buf.getvalue(), content_type="image/png")


def _speaks(edition, person, title="A talk"):
    return item_create(edition=edition, title=title, speakers=[(person, "speaker", "")])


@pytest.fixture
def outsider(other_edition):
    """A person of another edition only, with an e-mail a chair of ``edition`` must not see."""
    person = PersonFactory(name="Olga Outsider", email="olga.secret@example.org")
    _speaks(other_edition, person, "Elsewhere")
    return person


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


# --- the list and search --------------------------------------------------------------------


def test_people_page_lists_speakers_chairs_and_roles_of_the_edition(
    chair_client, edition, room, outsider
):
    ada = PersonFactory(name="Ada Lovelace", email="ada@example.org", orcid="0000-0002-1825-0097")
    _speaks(edition, ada)
    moderator = PersonFactory(name="Mo Derator")
    session_create(
        edition=edition, kind="panel", title="P", room=room, start=at(9), end=at(10),
        chair=moderator,
    )  # fmt: skip
    pc = PersonFactory(name="Pat Committee")
    Role.objects.create(edition=edition, person=pc, kind=RoleKind.PC_MEMBER)
    PersonFactory(name="Una Linked")  # linked to nothing: not of this edition
    body = _main(chair_client.get(_url("chair-people", edition)))
    assert "Ada Lovelace" in body and "ada@example.org" in body
    assert "Mo Derator" in body and "chairs 1 session(s)" in body
    assert "Pat Committee" in body and "Program committee member" in body
    assert "Olga Outsider" not in body and "olga.secret" not in body
    assert "Una Linked" not in body
    page = Page(body)
    assert page.cells and all(label for _tag, label in page.cells)  # stacked on phones
    assert '<label for="id_q">Search by name, e-mail or ORCID iD</label>' in body


@pytest.mark.parametrize("q", ["lovel", "ADA@example.org", "0000-0002-1825-0097"])
def test_search_by_name_email_and_orcid(chair_client, edition, q):
    ada = PersonFactory(name="Ada Lovelace", email="ada@example.org", orcid="0000-0002-1825-0097")
    _speaks(edition, ada)
    _speaks(edition, PersonFactory(name="Charles Babbage"))
    people = chair_client.get(_url("chair-people", edition), {"q": q}).context["people"]
    assert [p.name for p in people] == ["Ada Lovelace"]


def test_search_never_shows_a_person_of_another_edition_or_their_email(
    chair_client, edition, outsider
):
    for q in ("olga.secret@example.org", "Olga", "Outsider"):
        response = chair_client.get(_url("chair-people", edition), {"q": q})
        body = _main(response).replace(q, "<the query>")  # the search box keeps the query
        assert list(response.context["people"]) == []
        assert "olga.secret" not in body and "Olga Outsider" not in body
        assert "Nobody of this edition matches." in body


def test_staff_search_everybody(staff_client, edition, outsider):
    body = _main(staff_client.get(_url("chair-people", edition), {"q": "olga.secret@example.org"}))
    assert "Olga Outsider" in body and "olga.secret@example.org" in body


@pytest.mark.parametrize("n", [1, 30])
def test_people_page_queries_do_not_grow_with_the_people(
    chair_client, edition, room, n, django_assert_max_num_queries
):
    for i in range(n):
        person = PersonFactory(name=f"Speaker {i}")
        _speaks(edition, person, f"Talk {i}")
        Role.objects.create(edition=edition, person=person, kind=RoleKind.ORGANIZER)
    with django_assert_max_num_queries(12):
        response = chair_client.get(_url("chair-people", edition))
    people = response.context["people"]
    assert sum(p.name.startswith("Speaker ") for p in people) == n
    assert f"Speaker {n - 1}" in response.content.decode()


def test_chair_program_links_lead_to_the_people_page(chair_client, edition):
    url = _url("chair-people", edition)
    assert f'href="{url}"' in chair_client.get(_url("chair-editor", edition)).content.decode()
    chair_home = reverse("chair-home", kwargs={"edition": edition.slug})
    assert f'href="{url}"' in chair_client.get(chair_home).content.decode()


def test_names_are_escaped(chair_client, edition):
    evil = PersonFactory(name='<script>alert("x")</script>', email="evil@example.org")
    _speaks(edition, evil)
    for url in (
        _url("chair-people", edition),
        _url("chair-person-edit", edition, pk=evil.pk),
        _url("chair-people-merge", edition) + f"?people={evil.pk}&people={evil.pk}",
    ):
        body = _main(chair_client.get(url))
        assert '<script>alert("x")</script>' not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


# --- edit and invite ------------------------------------------------------------------------


def test_edit_person_with_photo_and_orcid(chair_client, edition):
    person = PersonFactory(name="Song Han")
    _speaks(edition, person)
    url = _url("chair-person-edit", edition, pk=person.pk)
    bad = chair_client.post(url, {"name": "Song Han", "orcid": "0000-0002-1825-0098"})
    assert bad.status_code == 400
    assert "wrong check digit" in _main(bad)
    person.refresh_from_db()
    assert person.orcid == ""
    good = chair_client.post(
        url,
        follow=True,
        data={
            "name": "Song Han",
            "email": "Song@Example.org",
            "bio": "Efficient deep learning.",
            "homepage": "https://example.org/han",
            "orcid": "0000-0002-1825-0097",
            "photo": _png(),
        },
    )
    assert good.redirect_chain == [(url, 302)]
    assert "Saved Song Han." in good.content.decode()
    person.refresh_from_db()
    assert (person.email, person.orcid, person.bio, person.homepage) == (
        "song@example.org",
        "0000-0002-1825-0097",
        "Efficient deep learning.",
        "https://example.org/han",
    )
    assert person.photo.name.endswith(".png")
    availability = _url("chair-person-availability", edition, pk=person.pk)
    assert f'href="{availability}"' in good.content.decode()
    assert "Speaks: “A talk”" in _main(good)


def test_edit_refuses_an_email_another_person_has(chair_client, edition):
    person = PersonFactory(name="A")
    _speaks(edition, person)
    PersonFactory(name="B", email="b@example.org")
    response = chair_client.post(
        _url("chair-person-edit", edition, pk=person.pk), {"name": "A", "email": "b@example.org"}
    )
    assert response.status_code == 400
    assert "Another person has this e-mail; merge them instead." in _main(response)


def test_edit_page_of_another_editions_person_is_a_404(chair_client, edition, outsider):
    url = _url("chair-person-edit", edition, pk=outsider.pk)
    assert chair_client.get(url).status_code == 404
    assert chair_client.post(url, {"name": "Mine"}).status_code == 404
    outsider.refresh_from_db()
    assert outsider.name == "Olga Outsider"


def test_invite_queues_a_mail_and_the_page_shows_when(
    chair_client, edition, django_capture_on_commit_callbacks
):
    person = PersonFactory(name="Tien-Ju Yang", email="tj@example.org")
    _speaks(edition, person)
    edit = _url("chair-person-edit", edition, pk=person.pk)
    assert "Not invited yet for this edition." in _main(chair_client.get(edit))
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(_url("chair-person-invite", edition, pk=person.pk))
    assert response.status_code == 302 and response["Location"] == edit
    mail = OutboxMail.objects.get()
    assert mail.to == ["tj@example.org"]
    assert "profile" in mail.subject
    page = chair_client.get(edit).content.decode()
    assert "Invited Tien-Ju Yang to fill in their profile." in page
    when = mail.created.astimezone(edition.tz).strftime("%B %-d, %Y, %H:%M")
    assert f"Last invited on {when} ({edition.time_zone})." in page


def test_invite_without_email_says_why(chair_client, edition):
    person = PersonFactory(name="No Mail", email="")
    _speaks(edition, person)
    response = chair_client.post(_url("chair-person-invite", edition, pk=person.pk), follow=True)
    assert "This person has no e-mail address to invite." in response.content.decode()
    assert not OutboxMail.objects.exists()


def test_invite_for_another_editions_person_is_a_404(chair_client, edition, outsider):
    assert chair_client.post(_url("chair-person-invite", edition, pk=outsider.pk)).status_code == (
        404
    )
    assert not OutboxMail.objects.exists()


# --- merge ----------------------------------------------------------------------------------


def test_merge_page_shows_what_each_holds_and_keeps_every_link(chair_client, edition, room):
    keep = PersonFactory(name="Jonathan Frankle", email="jf@example.org")
    dup = PersonFactory(name="J. Frankle", bio="Trains fast.")
    third = PersonFactory(name="Jon Frankle", orcid="0000-0002-1825-0097")
    talk = _speaks(edition, dup, "Faster training")
    panel = item_create(
        edition=edition, title="Panel", speakers=[(keep, "panelist", ""), (dup, "panelist", "")]
    )
    poster = _speaks(edition, third, "Lottery poster")
    session = session_create(
        edition=edition, kind="panel", title="Panel session", room=room, start=at(16),
        end=at(17), chair=dup,
    )  # fmt: skip
    Role.objects.create(edition=edition, person=third, kind=RoleKind.ORGANIZER)
    author = AuthorFactory(paper__edition=edition, person=dup, name="J. Frankle")
    url = _url("chair-people-merge", edition)
    query = f"?people={keep.pk}&people={dup.pk}&people={third.pk}"
    body = _main(chair_client.get(url + query))
    assert "Speaks: “Faster training”" in body and "Chairs: “Panel session”" in body
    assert "Role: Organizer" in body and "Authors: 1" in body.replace("authors", "Authors")
    response = chair_client.post(url, {"people": [keep.pk, dup.pk, third.pk], "keep": keep.pk})
    assert response.status_code == 302
    assert response["Location"] == _url("chair-person-edit", edition, pk=keep.pk)
    assert set(Person.objects.filter(name__contains="Frankle").values_list("pk", flat=True)) == {
        keep.pk
    }
    assert list(talk.speakers.values_list("person_id", flat=True)) == [keep.pk]
    assert list(panel.speakers.values_list("person_id", flat=True)) == [keep.pk]
    assert list(poster.speakers.values_list("person_id", flat=True)) == [keep.pk]
    assert Session.objects.get(pk=session.pk).chair_id == keep.pk
    assert Role.objects.get(edition=edition, kind=RoleKind.ORGANIZER).person_id == keep.pk
    author.refresh_from_db()
    assert author.person_id == keep.pk
    keep.refresh_from_db()
    assert (keep.bio, keep.orcid) == ("Trains fast.", "0000-0002-1825-0097")


def test_merge_with_oneself_is_refused(chair_client, edition):
    ada = PersonFactory(name="Ada")
    _speaks(edition, ada)
    response = chair_client.post(
        _url("chair-people-merge", edition), {"people": [ada.pk, ada.pk], "keep": ada.pk}
    )
    assert response.status_code == 400
    assert "Pick two different people." in _main(response)
    assert Person.objects.filter(pk=ada.pk).exists()


def test_merge_needs_two_and_a_choice(chair_client, edition):
    a, b = PersonFactory(name="A"), PersonFactory(name="B")
    _speaks(edition, a)
    _speaks(edition, b)
    url = _url("chair-people-merge", edition)
    one = chair_client.get(url, {"people": [a.pk]})
    assert one.status_code == 400 and "Pick at least two people to merge." in _main(one)
    no_keep = chair_client.post(url, {"people": [a.pk, b.pk]})
    assert no_keep.status_code == 400 and "Choose the person who stays." in _main(no_keep)
    foreign_keep = chair_client.post(url, {"people": [a.pk, b.pk], "keep": 999999})
    assert "Choose the person who stays among the people to merge." in _main(foreign_keep)
    junk = chair_client.get(url, {"people": ["1; DROP TABLE", a.pk]})
    assert junk.status_code == 400 and "Person ids are numbers." in _main(junk)
    assert Person.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_merge_refuses_people_outside_the_edition(chair_client, edition, outsider):
    mine = PersonFactory(name="Mine")
    _speaks(edition, mine)
    url = _url("chair-people-merge", edition)
    shown = chair_client.get(url, {"people": [mine.pk, outsider.pk]})
    assert shown.status_code == 400
    message = f"#{outsider.pk} is not a person of this edition; you can only merge people"
    assert message in _main(shown)
    assert "olga.secret" not in _main(shown) and "Olga Outsider" not in _main(shown)
    for keep, other in ((mine, outsider), (outsider, mine)):
        response = chair_client.post(url, {"people": [keep.pk, other.pk], "keep": keep.pk})
        assert response.status_code == 400 and message in _main(response)
    assert Person.objects.filter(pk__in=[mine.pk, outsider.pk]).count() == 2
    ghost = chair_client.get(url, {"people": [mine.pk, 999999]})
    assert "#999999 is not a person of this edition" in _main(ghost)


def test_staff_may_merge_across_editions(staff_client, edition, outsider):
    mine = PersonFactory(name="Olga O.")
    _speaks(edition, mine)
    response = staff_client.post(
        _url("chair-people-merge", edition),
        {"people": [mine.pk, outsider.pk], "keep": outsider.pk},
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=mine.pk).exists()


def test_merge_refuses_two_accounts_and_changes_nothing(chair_client, edition):
    a = PersonFactory(name="A", user=UserFactory())
    b = PersonFactory(name="B", user=UserFactory())
    c = PersonFactory(name="C")
    for p in (a, b, c):
        _speaks(edition, p, f"Talk {p.name}")
    response = chair_client.post(
        _url("chair-people-merge", edition), {"people": [a.pk, c.pk, b.pk], "keep": a.pk}
    )
    assert response.status_code == 400
    assert "Both people have an account; they cannot be merged." in _main(response)
    # All or none: C was merged first, and that is rolled back too.
    assert Person.objects.filter(pk__in=[a.pk, b.pk, c.pk]).count() == 3


# --- the speaker picker: #id lines, "Find person" -------------------------------------------


def test_hash_id_line_means_exactly_that_person(chair_client, edition, session):
    first = PersonFactory(name="Wei Zhang", affiliation="Lab A")
    second = PersonFactory(name="Wei Zhang", affiliation="Lab B")
    _speaks(edition, first, "One")
    _speaks(edition, second, "Two")
    before = Person.objects.count()
    response = chair_client.post(
        _url("chair-item-create", edition),
        {
            "kind": "talk",
            "title": "Picked",
            "speakers": f"#{second.pk} Wei Zhang | Lab C | | speaker",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    sp = ItemSpeaker.objects.get(item__title="Picked")
    assert (sp.person_id, sp.affiliation) == (second.pk, "Lab C")
    assert Person.objects.count() == before


def test_item_form_writes_speakers_back_as_id_lines(chair_client, edition):
    ada = PersonFactory(name="Ada | Lovelace")
    item = item_create(
        edition=edition, title="T", speakers=[(ada, "speaker", "Keynote", "Analytical Engines")]
    )
    form = chair_client.get(_url("chair-item-edit", edition, pk=item.pk)).context["form"]
    assert form.initial["speakers"] == (
        f"#{ada.pk} Ada / Lovelace | Analytical Engines | Keynote | speaker"
    )
    response = chair_client.post(
        _url("chair-item-edit", edition, pk=item.pk),
        {"kind": "talk", "title": "T", "speakers": form.initial["speakers"]},
    )
    assert response.status_code == 302
    assert list(item.speakers.values_list("person_id", "affiliation")) == [
        (ada.pk, "Analytical Engines")
    ]


@pytest.mark.parametrize("line", ["#{pk} Olga", "#{pk}"])
def test_hash_id_of_another_editions_person_is_refused(chair_client, edition, outsider, line):
    before = Person.objects.count()
    response = chair_client.post(
        _url("chair-item-create", edition),
        {"kind": "talk", "title": "Stolen", "speakers": line.format(pk=outsider.pk)},
    )
    assert response.status_code == 200
    assert (
        f"#{outsider.pk} is not a person you can pick in this edition; use “Find person”"
        in _main(response)
    )
    assert not Item.objects.filter(title="Stolen").exists()
    assert Person.objects.count() == before


def test_hash_id_refusals_for_session_chairs_and_bad_ids(chair_client, edition, room, outsider):
    url = _url("chair-session-create", edition)
    data = {"kind": "panel", "room": room.pk, "day": "2030-12-13"}
    data |= {"start_time": "11:00", "end_time": "12:00"}
    stolen = chair_client.post(url, {**data, "chair": f"#{outsider.pk} Olga"})
    assert f"#{outsider.pk} is not a person you can pick" in _main(stolen)
    bad = chair_client.post(url, {**data, "chair": "#12a Olga"})
    assert "“#12a” is not a person id: write #&lt;number&gt; Name." in _main(bad)
    assert not Session.objects.exists()
    mine = PersonFactory(name="Mo Derator")
    _speaks(edition, mine)
    ok = chair_client.post(url, {**data, "chair": f"#{mine.pk} whatever"})
    assert ok.status_code == 302
    assert Session.objects.get().chair_id == mine.pk


def test_api_speaker_ids_go_through_the_same_check(chair_client, edition, room, outsider):
    before = Item.objects.count()
    response = chair_client.post(
        reverse("api:program:chair-item-create", kwargs={"edition": edition.slug}),
        {"kind": "talk", "title": "Via API", "speakers": [{"person": outsider.pk}]},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["speakers"]) == (400, ["No such person."])
    assert Item.objects.count() == before
    chaired = chair_client.post(
        reverse("api:program:chair-session-create", kwargs={"edition": edition.slug}),
        {
            "kind": "panel",
            "room": room.pk,
            "start": "2030-12-13T11:00:00-08:00",
            "end": "2030-12-13T12:00:00-08:00",
            "chair": outsider.pk,
        },
        content_type="application/json",
    )
    assert (chaired.status_code, chaired.json()["chair"]) == (400, ["No such person."])
    assert not Session.objects.exists()
    people = chair_client.get(
        reverse("api:program:chair-person-list", kwargs={"edition": edition.slug}),
        {"q": "olga.secret@example.org"},
    ).json()
    assert people == []


def test_find_person_without_javascript(chair_client, edition, outsider):
    ada = PersonFactory(name="Ada Lovelace", email="ada@example.org", affiliation="Engines")
    _speaks(edition, ada)
    fresh = PersonFactory(name="Ada Newcomer", email="new@example.org")  # linked to nothing
    body = _main(chair_client.get(_url("chair-item-create", edition), {"find": "Ada"}))
    assert f"<code>#{ada.pk} Ada Lovelace</code> <small>(Engines)</small>" in body
    assert f"<code>#{fresh.pk} Ada Newcomer</code>" in body
    assert '<label for="find-q">Name, e-mail or ORCID iD</label>' in body
    nobody = _main(chair_client.get(_url("chair-item-create", edition), {"find": "Olga"}))
    assert "Nobody you can pick matches “Olga”." in nobody and "Outsider" not in nobody
    by_mail = _main(chair_client.get(_url("chair-item-create", edition), {"find": "olga.secret"}))
    assert "Outsider" not in by_mail


def test_find_person_json_has_no_emails_and_no_outsiders(chair_client, edition, outsider):
    ada = PersonFactory(name="Ada Lovelace", email="ada@example.org")
    _speaks(edition, ada)
    PersonFactory(name="Ada Newcomer", email="new-secret@example.org")
    url = _url("chair-people-search", edition)
    data = chair_client.get(url, {"q": "ada"}).json()
    assert [r["name"] for r in data["results"]] == ["Ada Lovelace", "Ada Newcomer"]
    assert data["results"][0]["line"] == f"#{ada.pk} Ada Lovelace"
    assert "@" not in str(data)
    assert chair_client.get(url, {"q": "olga.secret@example.org"}).json() == {"results": []}
    assert chair_client.get(url, {"q": "Olga"}).json() == {"results": []}


def test_merge_page_hides_the_email_of_a_profile_not_in_the_edition(chair_client, edition):
    mine = PersonFactory(name="Ada Lovelace", email="ada@example.org")
    _speaks(edition, mine)
    loose = PersonFactory(name="A. Lovelace", email="loose-secret@example.org")  # no links
    response = chair_client.get(
        _url("chair-people-merge", edition), {"people": [mine.pk, loose.pk]}
    )
    body = _main(response)
    assert "ada@example.org" in body and "A. Lovelace" in body
    assert "loose-secret" not in body
    assert "E-mail hidden: not in this edition" in body
