"""The assignment API for chairs: run (with explanations), read, commit; same rules as the
pages (conflicted chairs see nothing of their paper, stale proposals are refused)."""

import pytest

from emc2.services import api_token_create
from papers.models import ReviewAssignment, ReviewerProfile
from papers.services import bid_set, paper_withdraw
from tests.papers.review.conftest import SOLO, submit_paper


def api(rw, tail=""):
    return f"/api/editions/{rw.edition.slug}/review/{tail}"


@pytest.fixture
def token_headers(rw):
    _token, key = api_token_create(user=rw.chair, name="script", scope="write")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_run_returns_pairs_with_explanations_kept_flags_and_loads(rw, client, token_headers):
    ReviewerProfile.objects.create(edition=rw.edition, user=rw.idle, expertise="Tiny adapters.")
    bid_set(paper=rw.paper, user=rw.idle, value="willing")

    response = client.post(
        api(rw, "assignment/run/"),
        {"reviewers_per_paper": 3, "fair": True},
        content_type="application/json",
        **token_headers,
    )

    assert response.status_code == 201
    data = response.json()
    pairs = {p["reviewer"]: p for p in data["pairs"]}
    assert {uid: p["kept"] for uid, p in pairs.items()} == {
        rw.reviewer.pk: True,
        rw.second.pk: True,
        rw.idle.pk: False,
    }
    why = pairs[rw.idle.pk]["explanation"]
    assert (why["bid"], why["bid_label"]) == ("willing", "Willing")
    assert set(why["terms"]) == {"adapters", "tiny"}
    assert pairs[rw.idle.pk]["reviewer_name"] == rw.idle.person.name
    assert data["summary"]["fair"] is True
    assert data["summary"]["cost"] == pytest.approx(0.0, abs=1e-9)
    assert {row["reviewer"]: (row["load"], row["new"]) for row in data["loads"]} == {
        rw.reviewer.pk: (1, 0),
        rw.second.pk: (1, 0),
        rw.idle.pk: (1, 1),
    }
    again = client.get(api(rw, f"assignment/{data['id']}/"), **token_headers).json()
    assert again == data


def test_conflicted_chair_sees_no_pair_of_their_paper_in_the_api(rw, client, token_headers):
    own = submit_paper(rw.edition, rw.chair, title="The chair's own paper", coauthor=SOLO)

    data = client.post(
        api(rw, "assignment/run/"),
        {"reviewers_per_paper": 3},
        content_type="application/json",
        **token_headers,
    ).json()

    assert {p["paper"] for p in data["pairs"]} == {rw.paper.pk}
    assert "own paper" not in str(data)
    assert sum(row["load"] for row in data["loads"]) == 3
    assert ReviewAssignment.objects.filter(paper=own).count() == 0


def test_commit_of_a_stale_proposal_is_a_json_400_and_writes_nothing(rw, client, token_headers):
    other = submit_paper(rw.edition, rw.author, title="Second paper")
    data = client.post(
        api(rw, "assignment/run/"),
        {"reviewers_per_paper": 3},
        content_type="application/json",
        **token_headers,
    ).json()
    paper_withdraw(paper=other, by=rw.author)

    response = client.post(api(rw, f"assignment/{data['id']}/commit/"), **token_headers)

    assert response.status_code == 400
    assert response.json()["detail"].startswith("This proposal is out of date: the papers")
    assert ReviewAssignment.objects.filter(paper=other).count() == 0


@pytest.mark.parametrize(
    "body",
    [{"reviewers_per_paper": "many"}, {"fair": "perhaps"}, {"max_load": -1}],
    ids=["not-a-number", "not-a-boolean", "negative"],
)
def test_run_with_bad_input_is_a_json_400(rw, client, token_headers, body):
    response = client.post(
        api(rw, "assignment/run/"), body, content_type="application/json", **token_headers
    )
    assert response.status_code == 400
    assert list(response.json()) == list(body)
