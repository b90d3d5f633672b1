"""The signals of emc2.signals: every app answers, a failing receiver never breaks a page, and
each signal costs a fixed number of queries whatever the number of rows."""

import logging
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from emc2 import signals
from emc2.access import access_scope
from emc2.selectors import (
    edition_chair_links,
    edition_nav,
    edition_sections,
    person_sections,
    public_urls,
)
from papers.enums import Decision
from papers.models import Paper
from papers.services import decision_record, decisions_release, papers_settings_update
from program.enums import SessionKind
from program.services import release_publish
from tests.factories.challenge import ChallengeFactory
from tests.factories.emc2 import ImportantDateFactory, PersonFactory
from tests.factories.papers import AuthorFactory, PaperFactory, SubmissionTypeFactory
from tests.factories.program import ItemFactory, ItemSpeakerFactory, SessionFactory, at

BROKEN = "tests.emc2.broken_receiver"


def _explode(**kwargs):
    raise RuntimeError("this receiver is broken")


@pytest.fixture
def broken():
    """Connect a receiver that raises to the given signals, for one test."""
    connected = []

    def connect(*sigs):
        for signal in sigs:
            signal.connect(_explode, weak=False, dispatch_uid=BROKEN)
            connected.append(signal)

    yield connect
    for signal in connected:
        signal.disconnect(dispatch_uid=BROKEN)


def _logged_failures(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "django.dispatch" and r.levelno == logging.ERROR
    ]


@pytest.fixture
def program_with_speakers(edition, chair, django_capture_on_commit_callbacks):
    """A published program of ``n`` keynotes, each by ``person`` or a speaker of its own."""

    def make(n: int, person=None):
        session = SessionFactory(edition=edition, kind=SessionKind.KEYNOTE, end=at(12))
        for i in range(n):
            item = ItemFactory(
                edition=edition,
                session=session,
                title=f"Keynote {i}",
                order=i,
                start=at(9, i),
                end=at(9, i + 1),
            )
            ItemSpeakerFactory(item=item, person=person or PersonFactory())
        with django_capture_on_commit_callbacks(execute=True):
            release_publish(edition=edition, by=chair)

    return make


def _accepted_papers(edition, chair, n: int, person=None) -> list[Paper]:
    papers = []
    for i in range(n):
        paper = PaperFactory(edition=edition, title=f"Accepted paper {i}", status="submitted")
        author = AuthorFactory(paper=paper, order=0)
        if person is not None:
            author.person = person
            author.save()
        decision_record(paper=paper, by=chair, decision=Decision.ORAL)
        papers.append(paper)
    decisions_release(edition=edition, by=chair)
    papers_settings_update(
        edition=edition,
        by=chair,
        enabled_decisions=list(Decision.values),
        accepted_page_published=True,
    )
    return list(Paper.objects.filter(pk__in=[p.pk for p in papers]).order_by("pk"))


# Every app answers -------------------------------------------------------------------------


def test_each_app_adds_its_nav_entries(edition, chair):
    ChallengeFactory(edition=edition)
    labels = [label for label, _url in edition_nav(edition=edition, user=chair)]
    assert labels == ["My submissions", "Program", "Challenge"]


def test_each_app_adds_its_chair_links(edition, chair):
    labels = [label for label, _url in edition_chair_links(edition=edition, user=chair)]
    assert labels == [
        "Submissions",
        "Submission types",
        "Program committee",
        "Reviews",
        "Assignment",
        "Conflicts",
        "Decisions",
        "Notifications",
        "Schedule editor",
        "People: speakers, organizers, committee",
        "Proceedings and program booklet",
        "Model compression challenge: configuration, tracks, teams, final scores",
    ]


def test_edition_sections_come_in_their_order(edition, program_with_speakers):
    SubmissionTypeFactory(edition=edition)
    ChallengeFactory(edition=edition)
    program_with_speakers(1)
    templates = [s["template"] for s in edition_sections(edition=edition, user=AnonymousUser())]
    assert templates == [
        "papers/public/_cfp_section.html",
        "program/public/_edition_section.html",
        "challenge/partials/edition_section.html",
    ]


def test_public_urls_link_accepted_papers_to_the_program_paper_pages(edition, chair):
    papers = _accepted_papers(edition, chair, 2)
    assert public_urls(edition=edition, objs=papers) == {
        p.pk: f"/{edition.slug}/papers/{p.pk}-accepted-paper-{i}/" for i, p in enumerate(papers)
    }


def test_public_urls_are_empty_while_the_paper_pages_are_hidden(edition, chair):
    papers = _accepted_papers(edition, chair, 1)
    papers_settings_update(
        edition=edition,
        by=chair,
        enabled_decisions=list(Decision.values),
        accepted_page_published=False,
    )
    assert public_urls(edition=edition, objs=papers) == {}


def test_public_urls_of_nothing_ask_no_app(edition, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert public_urls(edition=edition, objs=[]) == {}


# A failing receiver is logged and left out -------------------------------------------------


def test_failing_nav_and_section_receivers_do_not_break_the_edition_page(
    client, edition, broken, caplog
):
    SubmissionTypeFactory(edition=edition, name="Short paper")
    broken(signals.edition_nav, signals.edition_sections)
    response = client.get(reverse("edition", args=[edition.slug]))
    assert response.status_code == 200
    assert ("Program", reverse("program:public-program", args=[edition.slug])) in response.context[
        "edition_nav"
    ]
    assert "Short paper" in response.content.decode()
    assert (
        _logged_failures(caplog)
        == ["Error calling _explode in Signal.send_robust() (this receiver is broken)"] * 2
    )


def test_failing_person_section_receiver_does_not_break_the_person_page(
    client, edition, broken, caplog, program_with_speakers
):
    person = PersonFactory(name="Ada Speaker")
    program_with_speakers(1, person=person)
    broken(signals.person_sections)
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Keynote 0" in response.content.decode()
    assert len(_logged_failures(caplog)) == 1


def test_failing_chair_links_receiver_does_not_break_the_chair_home(
    chair_client, edition, broken, caplog
):
    broken(signals.edition_chair_links)
    response = chair_client.get(reverse("chair-home", args=[edition.slug]))
    assert response.status_code == 200
    assert ("Schedule editor", reverse("program:chair-editor", args=[edition.slug])) in (
        response.context["chair_links"]
    )
    assert len(_logged_failures(caplog)) == 1


def test_failing_public_urls_receiver_does_not_break_the_accepted_papers_page(
    client, edition, chair, broken, caplog
):
    (paper,) = _accepted_papers(edition, chair, 1)
    broken(signals.public_urls)
    response = client.get(reverse("papers:public-accepted", args=[edition.slug]))
    assert response.status_code == 200
    page = f"/{edition.slug}/papers/{paper.pk}-accepted-paper-0/"
    assert f'<a href="{page}">Accepted paper 0</a>' in response.content.decode()
    assert len(_logged_failures(caplog)) == 1


# Query cost per signal: fixed, whatever the number of rows -----------------------------------


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(
    ("selector", "entries"), [(edition_nav, 3), (edition_chair_links, 12)], ids=["nav", "chair"]
)
def test_link_signals_query_count(
    selector, entries, rows, edition, chair, django_assert_max_num_queries
):
    ChallengeFactory(edition=edition)
    for _ in range(rows):
        SubmissionTypeFactory(edition=edition)
    # The challenge's one lookup; papers asks a cached flag and the role checks are cached.
    # A request has its access cache (emc2.access.AccessCacheMiddleware); so does this call.
    with access_scope(), django_assert_max_num_queries(1):
        assert len(selector(edition=edition, user=chair)) == entries


@pytest.mark.parametrize("rows", [1, 3])
def test_edition_sections_query_count(
    rows, edition, program_with_speakers, django_assert_max_num_queries
):
    ChallengeFactory(edition=edition)
    for i in range(rows):
        SubmissionTypeFactory(edition=edition)
        ImportantDateFactory(edition=edition, name=f"Date {i}")
    program_with_speakers(rows)
    # A request has its access cache (emc2.access.AccessCacheMiddleware); so does this call.
    with access_scope(), django_assert_max_num_queries(4):
        assert len(edition_sections(edition=edition, user=AnonymousUser())) == 3


@pytest.mark.parametrize("rows", [1, 3])
def test_person_sections_query_count(
    rows, edition, chair, program_with_speakers, django_assert_max_num_queries
):
    person = PersonFactory(name="Ada Speaker")
    program_with_speakers(rows, person=person)
    _accepted_papers(edition, chair, rows, person=person)
    # A request has its access cache (emc2.access.AccessCacheMiddleware); so does this call.
    with access_scope(), django_assert_max_num_queries(8):
        (section,) = person_sections(person=person, user=AnonymousUser())
    assert (len(section["talks"]), len(section["papers"])) == (rows, rows)


@pytest.mark.parametrize("rows", [1, 3])
def test_public_urls_query_count(rows, edition, chair, django_assert_max_num_queries):
    papers = _accepted_papers(edition, chair, rows)
    # A request has its access cache (emc2.access.AccessCacheMiddleware); so does this call.
    with access_scope(), django_assert_max_num_queries(2):
        assert len(public_urls(edition=edition, objs=papers)) == rows


# The apps' dependencies point one way ------------------------------------------------------

APP_IMPORTS = re.compile(r"^\s*(?:from|import)\s+(papers|program|challenge)\b", re.M)


@pytest.mark.parametrize(
    ("app", "allowed"),
    [("emc2", set()), ("papers", {"papers"}), ("challenge", {"challenge"})],
)
def test_app_imports_no_app_that_builds_on_it(app, allowed):
    """emc2 names no app, and papers does not import program (program links its paper pages
    through emc2.signals.public_urls)."""
    root = Path(__file__).resolve().parents[2] / app
    found = {
        (path.relative_to(root.parent).as_posix(), name)
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        for name in APP_IMPORTS.findall(path.read_text())
        if name not in allowed
    }
    assert found == set()
