"""The chairs' paper table: sort, search, bulk actions, CSV of reviews, and the chair-conflict
rule (a chair never sees a paper they wrote or are conflicted with)."""

import csv
import io
import re

import pytest
import time_machine
from django.urls import reverse

from papers.models import PaperDecision, Review, ReviewAssignment, ReviewReminder
from papers.services import paper_withdraw, review_save
from papers.services.decision import papers_settings_update
from tests.papers.review.conftest import BEFORE, GOOD_REVIEW, SOLO, submit_paper


def url(name, rw, *args):
    return reverse(f"papers:{name}", args=[rw.edition.slug, *args])


def listed(client, rw, **params):
    """Paper numbers in table order."""
    html = client.get(url("chair-list", rw), params).content.decode()
    return [int(n) for n in re.findall(r'name="papers" value="(\d+)"', html)]


def _review(rw, user, paper, overall):
    assignment = ReviewAssignment.objects.get_or_create(paper=paper, reviewer=user)[0]
    answers = {**GOOD_REVIEW, "scores": {**GOOD_REVIEW["scores"], "overall": overall}}
    with time_machine.travel(BEFORE, tick=False):
        review_save(assignment=assignment, submit=True, **answers)


@pytest.fixture
def table(rw):
    """rw.paper (2 reviews: 2 and 0), 'Binary weights' (1 review: 3), 'Adaptive pruning'
    (none, withdrawn), and the chair's own paper."""
    _review(rw, rw.reviewer, rw.paper, 2)
    _review(rw, rw.second, rw.paper, 0)
    rw.binary = submit_paper(rw.edition, rw.author, title="Binary weights")
    _review(rw, rw.idle, rw.binary, 3)
    rw.adaptive = submit_paper(rw.edition, rw.author, title="Adaptive pruning")
    paper_withdraw(paper=rw.adaptive, by=rw.author)
    rw.own = submit_paper(rw.edition, rw.chair, title="The chair's own paper", coauthor=SOLO)
    return rw


def test_sorts_by_title_score_reviews_and_status(table, client):
    client.force_login(table.chair)
    p, b, a = table.paper.pk, table.binary.pk, table.adaptive.pk

    assert listed(client, table) == [p, b, a]
    assert listed(client, table, sort="title") == [a, b, p]
    assert listed(client, table, sort="score") == [b, p, a]  # 3, 1.0, none last
    assert listed(client, table, sort="reviews") == [p, b, a]
    assert listed(client, table, sort="status") == [p, b, a]  # submitted before withdrawn


# One world for every search (the table fixture takes seconds to build).
SEARCHES = [
    ("binary", ["binary"]),
    ("title:adaptive", ["adaptive"]),
    ("Quillfeather", ["paper", "binary", "adaptive"]),  # an author
    ("author:morrowgale.org", ["paper", "binary", "adaptive"]),
    ("status:withdrawn", ["adaptive"]),
    ("score:>=1.5", ["binary"]),
    ("score:<2", ["paper"]),
    ("score:1", ["paper"]),
    ('reviewer:"second@example.org"', ["paper"]),
    ("conflict:colleague@morrowgale.org", ["paper", "binary"]),  # withdrawn: not in review
    ("chair's own", []),
    ("binary status:withdrawn", []),
]


def test_search(table, client):
    client.force_login(table.chair)
    found = {q: listed(client, table, q=q) for q, _expected in SEARCHES}
    assert found == {q: [getattr(table, name).pk for name in names] for q, names in SEARCHES}


def test_bad_score_search_says_why(table, client):
    client.force_login(table.chair)
    html = client.get(url("chair-list", table), {"q": "score:high"}).content.decode()
    assert "score:high is not a score (e.g. score:&gt;=1.5)." in html


def test_conflicted_chair_never_sees_their_paper_in_list_search_or_csv(table, client):
    client.force_login(table.chair)
    html = client.get(url("chair-list", table), {"q": "own paper"}).content.decode()
    assert "The chair&#x27;s own paper" not in html
    assert table.own.pk not in listed(client, table)
    ReviewAssignment.objects.create(paper=table.own, reviewer=table.idle)
    _review(table, table.idle, table.own, 1)

    body = client.get(url("chair-export-reviews", table)).content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(body)))
    assert {row[0] for row in rows[1:]} == {str(table.paper.pk), str(table.binary.pk)}
    assert "own paper" not in body


def test_reviews_csv_has_every_field_and_reviewer(table, client):
    client.force_login(table.chair)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(url("chair-export-reviews", table)).content.decode("utf-8-sig"))
        )
    )
    assert [(r["paper_id"], r["reviewer_email"], r["overall_score"]) for r in rows] == [
        (str(table.paper.pk), table.reviewer.email, "2"),
        (str(table.paper.pk), table.second.email, "0"),
        (str(table.binary.pk), table.idle.email, "3"),
    ]
    assert rows[0]["summary"] == "Prunes adapters."
    assert rows[0]["overall"].startswith("2 (")  # the form's field, with its label
    assert rows[0]["reviewer"] == table.reviewer.person.name


def test_reviews_csv_is_for_chairs_only(table, client):
    client.force_login(table.reviewer)
    response = client.get(url("chair-export-reviews", table))
    assert response.status_code == 403
    assert b"Prunes adapters" not in response.content


@pytest.mark.parametrize("extra", [1, 4])
def test_table_queries_do_not_grow(rw, client, extra, django_assert_max_num_queries):
    for n in range(extra):
        paper = submit_paper(rw.edition, rw.author, title=f"Extra {n}")
        ReviewAssignment.objects.create(paper=paper, reviewer=rw.idle)
    client.force_login(rw.chair)
    with django_assert_max_num_queries(30):
        html = client.get(url("chair-list", rw), {"sort": "score"}).content.decode()
    assert html.count('name="papers"') == 1 + extra


def test_bulk_decision_on_the_selection(table, client):
    papers_settings_update(
        edition=table.edition,
        by=table.chair,
        enabled_decisions=["poster", "reject"],
        accepted_page_published=False,
    )
    client.force_login(table.chair)
    client.post(
        url("chair-bulk", table),
        {"papers": [table.paper.pk, table.binary.pk], "action": "decide:poster"},
    )
    assert dict(PaperDecision.objects.values_list("paper_id", "decision")) == {
        table.paper.pk: "poster",
        table.binary.pk: "poster",
    }


def test_bulk_cannot_reach_the_chairs_own_paper(table, client):
    papers_settings_update(
        edition=table.edition,
        by=table.chair,
        enabled_decisions=["reject"],
        accepted_page_published=False,
    )
    client.force_login(table.chair)
    response = client.post(
        url("chair-bulk", table), {"papers": [table.own.pk], "action": "decide:reject"}, follow=True
    )
    assert PaperDecision.objects.count() == 0
    assert f"Select a valid choice. {table.own.pk} is not one of the available choices." in (
        response.content.decode()
    )


def test_bulk_assign_refuses_the_conflicted_paper_and_assigns_nothing(table, client):
    client.force_login(table.chair)
    response = client.post(
        url("chair-bulk", table),
        {
            "papers": [table.paper.pk, table.binary.pk],
            "action": "assign",
            "reviewer": table.conflicted.pk,
        },
        follow=True,
    )
    assert ReviewAssignment.objects.filter(reviewer=table.conflicted).count() == 0
    assert "cannot review #" in response.content.decode()


def test_bulk_assign_and_remind(table, client, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(table.chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("chair-bulk", table),
            {"papers": [table.binary.pk], "action": "assign", "reviewer": table.second.pk},
        )
    assert ReviewAssignment.objects.filter(paper=table.binary, reviewer=table.second).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("chair-bulk", table), {"papers": [table.binary.pk], "action": "remind"})
    assert list(ReviewReminder.objects.values_list("reviewer_id", flat=True)) == [table.second.pk]
    assert Review.objects.filter(paper=table.binary, reviewer=table.second).count() == 0
