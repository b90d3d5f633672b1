"""The chairs' assignment pages: the proposal explains itself, marks new and kept pairs,
shows loads and the fair run's cost; the bids page; the review sub-navigation."""

import re

import pytest
from django.urls import reverse

from papers.models import AssignmentProposal, ReviewerProfile
from papers.selectors import proposal_summary
from papers.services import assignment_run, bid_set
from tests.papers.review.conftest import SOLO, submit_paper


def url(name, rw, *args):
    return reverse(f"papers:{name}", args=[rw.edition.slug, *args])


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_proposal_page_marks_new_and_kept_pairs_and_explains_them(rw, client):
    ReviewerProfile.objects.create(
        edition=rw.edition, user=rw.idle, expertise="Adapters for small devices."
    )
    bid_set(paper=rw.paper, user=rw.idle, value="eager")
    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)
    client.force_login(rw.chair)

    page = text(client.get(url("chair-proposal", rw, proposal.pk)))

    idle, reviewer = rw.idle.person.name, rw.reviewer.person.name
    assert f"{idle} new affinity" in page
    assert f"{reviewer} kept affinity" in page
    assert "1 new pair, 2 kept from existing assignments" in page
    assert f"Why {idle} for #{rw.paper.pk}" in page
    assert "Bid Eager (score 1.0 × weight 1.0 = 1.0)" in page
    assert "top shared terms: adapters, devices, small" in page or (
        "top shared terms: devices, adapters, small" in page
    )
    assert "Kept: already assigned before this run." in page
    # Per reviewer: load 1, 1 new, no cap.
    assert f"{idle} 1 1 — #{rw.paper.pk}" in page


def test_fair_proposal_shows_its_cost_next_to_the_plain_optimum(rw, client):
    client.force_login(rw.chair)
    response = client.post(
        url("chair-assignment", rw),
        {
            "reviewers_per_paper": 3,
            "min_load": 0,
            "weight_bid": 1,
            "weight_topic": 1,
            "weight_text": 1,
            "fair": "on",
        },
    )
    page = text(client.get(response["Location"]))

    assert "Fair assignment next to the plain optimum" in page
    assert "Plain optimum" in page
    assert "Cost of fairness 0.000 proven optimal" in page


def test_proposal_summary_gives_the_cost_of_fairness():
    proposal = AssignmentProposal(
        objective=9.0,
        parameters={
            "fair": True,
            "plain_objective": 12.0,
            "lowest": 3.0,
            "plain_lowest": 1.0,
            "fair_proven": True,
        },
    )
    summary = proposal_summary(proposal=proposal)
    assert (summary["cost"], summary["cost_percent"], summary["lowest"]) == (3.0, "25", 3.0)
    assert proposal_summary(proposal=AssignmentProposal(objective=9.0))["cost"] is None


def test_proposal_hides_a_conflicted_chairs_paper_and_its_reviewers_load(rw, client):
    own = submit_paper(rw.edition, rw.chair, title="The chair's own paper", coauthor=SOLO)
    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)
    assert proposal.pairs.filter(paper=own).count() == 3
    client.force_login(rw.chair)

    page = text(client.get(url("chair-proposal", rw, proposal.pk)))

    assert "The chair's own paper" not in page
    assert f"#{own.pk}" not in page
    # idle reviews only the chair's paper among the new pairs: no row, no load to infer from.
    loads = {
        u.person.name: proposal.pairs.exclude(paper=own).filter(reviewer=u).count()
        for u in (rw.reviewer, rw.second, rw.idle)
    }
    for name, load in loads.items():
        if load:
            assert f"{name} {load} " in page


def test_chair_bids_page_counts_bids_and_hides_the_chairs_paper(rw, client):
    own = submit_paper(rw.edition, rw.chair, title="The chair's own paper", coauthor=SOLO)
    bid_set(paper=rw.paper, user=rw.idle, value="eager")
    bid_set(paper=rw.paper, user=rw.second, value="eager")
    bid_set(paper=own, user=rw.idle, value="pinch")
    client.force_login(rw.chair)

    page = text(client.get(url("chair-bids", rw)))

    assert f"{rw.paper.pk} {rw.paper.title} 2 0 0 0 2" in page
    assert "The chair's own paper" not in page


@pytest.mark.parametrize("papers", [1, 4])
def test_chair_bids_page_queries_do_not_grow(rw, client, papers, django_assert_max_num_queries):
    for n in range(papers):
        other = submit_paper(rw.edition, rw.author, title=f"Extra {n}")
        bid_set(paper=other, user=rw.idle, value="willing")
    client.force_login(rw.chair)
    with django_assert_max_num_queries(17):
        client.get(url("chair-bids", rw))


REVIEW_PAGES = [
    ("chair-list", ()),
    ("chair-committee", ()),
    ("chair-review-form", ()),
    ("chair-bids", ()),
    ("chair-assignment", ()),
    ("chair-review-dashboard", ()),
    ("chair-decisions", ()),
    ("chair-decision-settings", ()),
    ("chair-notifications", ()),
]
NAV = {
    "Committee": "chair-committee",
    "Review form": "chair-review-form",
    "Bids": "chair-bids",
    "Assignment": "chair-assignment",
    "Dashboard": "chair-review-dashboard",
    "Decisions": "chair-decisions",
}


@pytest.mark.parametrize(("name", "args"), REVIEW_PAGES)
def test_every_review_page_has_the_review_navigation(rw, client, name, args):
    client.force_login(rw.chair)
    html = client.get(url(name, rw, *args)).content.decode()
    nav = html[html.index('aria-label="Review"') :]
    nav = nav[: nav.index("</nav>")]
    for label, target in NAV.items():
        assert f'<a href="{url(target, rw)}">{label}</a>' in nav
    assert f'<a href="{reverse("chair-mail-log", args=[rw.edition.slug])}">Mail log</a>' in nav
    assert "Conflicts" in nav


def test_review_navigation_on_proposal_and_paper_pages(rw, client):
    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)
    client.force_login(rw.chair)
    for page in (
        url("chair-proposal", rw, proposal.pk),
        url("chair-review-paper", rw, rw.paper.pk),
    ):
        assert 'aria-label="Review"' in client.get(page).content.decode()
