"""Items from accepted papers (through papers.selectors) and the withdrawal receiver."""

import pytest
from django.urls import reverse

from papers.models import Author, Paper, SubmissionType
from papers.signals import paper_withdrawn
from program.enums import ItemKind
from program.models import Item
from program.services import item_move, items_create_from_papers, release_publish
from tests.factories.emc2 import PersonFactory

pytestmark = pytest.mark.django_db


def _paper(edition, title, decision, authors=(("Ana Author", "Uni A"),), status="submitted"):
    stype, _ = SubmissionType.objects.get_or_create(edition=edition, name="Full paper")
    paper = Paper.objects.create(
        edition=edition,
        title=title,
        abstract=f"Abstract of {title}.",
        submission_type=stype,
        status=status,
        decision=decision,
    )
    for i, (name, affiliation) in enumerate(authors):
        Author.objects.create(
            paper=paper,
            order=i,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            affiliation=affiliation,
        )
    return paper


@pytest.fixture
def decided(edition):
    return {
        "oral": _paper(edition, "Oral paper", "oral", (("Ana Author", "Uni A"), ("Bo B", "Lab"))),
        "lightning": _paper(edition, "Lightning paper", "lightning"),
        "poster": _paper(edition, "Poster paper", "poster"),
        "reject": _paper(edition, "Rejected paper", "reject"),
    }


def test_items_from_papers_maps_decisions_to_kinds(edition, decided):
    created = items_create_from_papers(edition=edition)
    kinds = {item.paper.title: item.kind for item in created}
    assert kinds == {
        "Oral paper": ItemKind.TALK,
        "Lightning paper": ItemKind.TALK,
        "Poster paper": ItemKind.POSTER,
    }


def test_items_from_papers_keeps_author_order_and_affiliations(edition, decided):
    items_create_from_papers(edition=edition)
    item = Item.objects.get(paper=decided["oral"])
    rows = [(s.person.name, s.role, s.role_line) for s in item.speakers.all()]
    assert rows == [("Ana Author", "author", "Uni A"), ("Bo B", "author", "Lab")]
    assert (item.session, item.abstract) == (None, "Abstract of Oral paper.")


def test_items_from_papers_is_idempotent(edition, decided):
    items_create_from_papers(edition=edition)
    again = items_create_from_papers(edition=edition)
    assert (again, Item.objects.filter(edition=edition).count()) == ([], 3)


def test_items_from_papers_uses_linked_person(edition):
    person = PersonFactory(name="Linked Person")
    paper = _paper(edition, "Linked", "oral", (("Linked Person", "X"),))
    paper.authors.update(person=person)
    (item,) = items_create_from_papers(edition=edition)
    assert [s.person for s in item.speakers.all()] == [person]


def test_editor_side_list_shows_papers_without_items(chair_client, edition, decided):
    url = reverse("program:chair-editor", args=[edition.slug])
    before = [p.title for p in chair_client.get(url).context["papers_waiting"]]
    chair_client.post(reverse("program:chair-items-from-papers", args=[edition.slug]))
    response = chair_client.get(url)
    assert before == ["Lightning paper", "Oral paper", "Poster paper"]
    assert response.context["papers_waiting"] == []
    assert sorted(i.title for i in response.context["unscheduled"]) == before


def test_talk_page_names_the_paper(client, edition, session, decided):
    items_create_from_papers(edition=edition)
    item = Item.objects.get(paper=decided["oral"])
    item_move(item=item, session=session)
    release_publish(edition=edition)
    response = client.get(reverse("program:public-item", args=[edition.slug, item.pk]))
    assert response.context["item"]["paper"] == {"id": decided["oral"].pk, "title": "Oral paper"}
    paper_url = reverse(
        "program:public-paper", args=[edition.slug, decided["oral"].pk, "oral-paper"]
    )
    assert f'<a href="{paper_url}">Oral paper</a>' in response.content.decode()


def test_withdrawn_paper_leaves_the_schedule(edition, session, decided):
    items_create_from_papers(edition=edition)
    item = Item.objects.get(paper=decided["oral"])
    item_move(item=item, session=session)
    paper_withdrawn.send(sender=Paper, paper=decided["oral"])
    item.refresh_from_db()
    assert item.session is None


def test_person_page_lists_accepted_papers_not_yet_in_a_program(client, edition, session):
    person = PersonFactory(name="Ana Author")
    presented = _paper(edition, "Presented paper", "oral", (("Ana Author", "Uni A"),))
    waiting = _paper(edition, "Waiting paper", "poster", (("Ana Author", "Uni A"),))
    rejected = _paper(edition, "Rejected paper", "reject", (("Ana Author", "Uni A"),))
    for paper in (presented, waiting, rejected):
        paper.authors.update(person=person)
    items_create_from_papers(edition=edition)
    item_move(item=Item.objects.get(paper=presented), session=session)
    release_publish(edition=edition)
    response = client.get(reverse("person", args=[person.slug]))
    (section,) = [s for s in response.context["sections"] if "talks" in s]
    assert [t["title"] for t in section["talks"]] == ["Presented paper"]
    assert [p["title"] for p in section["papers"]] == ["Waiting paper"]
    page = reverse("program:public-paper", args=[edition.slug, waiting.pk, "waiting-paper"])
    assert section["papers"][0]["url"] == page
    assert f'<a href="{page}">Waiting paper</a>' in response.content.decode()


def test_api_items_from_papers_is_idempotent(chair_client, edition, decided):
    url = reverse("api:program:chair-items-from-papers", args=[edition.slug])
    first = chair_client.post(url)
    second = chair_client.post(url)
    assert sorted(i["title"] for i in first.json()) == [
        "Lightning paper",
        "Oral paper",
        "Poster paper",
    ]
    assert (second.status_code, second.json()) == (201, [])
