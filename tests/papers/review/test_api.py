"""Review API: same rules as the web, JSON errors, no author data."""

import pytest
import time_machine

from papers.models import Bid, ReviewAssignment
from tests.papers.review.conftest import AFTER, BEFORE, GOOD_REVIEW

pytestmark = pytest.mark.django_db


def api(rw, tail=""):
    return f"/api/editions/{rw.edition.slug}/review/{tail}"


def test_assignments_list_has_no_authors(rw, client):
    client.force_login(rw.reviewer)
    data = client.get(api(rw, "assignments/")).json()
    assert [a["paper"]["id"] for a in data] == [rw.paper.pk]
    assert data[0]["review_status"] == "not_started"
    assert "authors" not in data[0]["paper"]
    assert "Quillfeather" not in str(data)


def test_bid_through_api(rw, client):
    client.force_login(rw.idle)
    response = client.post(
        api(rw, "bids/"),
        {"paper": rw.paper.pk, "value": "willing"},
        content_type="application/json",
    )
    assert response.json() == {"paper": rw.paper.pk, "value": "willing"}
    assert Bid.objects.get(user=rw.idle).value == "willing"
    assert client.get(api(rw, "bids/")).json()[0]["bid"] == "willing"


def test_conflicted_bid_is_404(rw, client):
    client.force_login(rw.conflicted)
    response = client.post(
        api(rw, "bids/"), {"paper": rw.paper.pk, "value": "eager"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert client.get(api(rw, "bids/")).json() == []


def test_review_create_update_and_deadline(rw, client):
    body = {**GOOD_REVIEW, "submit": True}
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(rw.reviewer)
        response = client.put(
            api(rw, f"papers/{rw.paper.pk}/review/"), body, content_type="application/json"
        )
    assert response.json()["status"] == "submitted"
    with time_machine.travel(AFTER, tick=False):
        client.force_login(rw.second)
        late = client.put(
            api(rw, f"papers/{rw.paper.pk}/review/"), body, content_type="application/json"
        )
    assert late.status_code == 400
    assert "review deadline passed" in late.json()["detail"]


def test_reviews_and_discussion_open_after_own_review(rw, client):
    client.force_login(rw.reviewer)
    assert client.get(api(rw, f"papers/{rw.paper.pk}/")).json()["reviews"] is None
    assert client.get(api(rw, f"papers/{rw.paper.pk}/discussion/")).status_code == 404
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(rw.reviewer)
        client.put(
            api(rw, f"papers/{rw.paper.pk}/review/"),
            {**GOOD_REVIEW, "submit": True},
            content_type="application/json",
        )
    client.force_login(rw.reviewer)
    detail = client.get(api(rw, f"papers/{rw.paper.pk}/")).json()
    assert [(r["reviewer_number"], r["mine"]) for r in detail["reviews"]] == [(1, True)]
    post = client.post(
        api(rw, f"papers/{rw.paper.pk}/discussion/"),
        {"body": "Hi"},
        content_type="application/json",
    )
    assert post.status_code == 201
    assert [p["who"] for p in client.get(api(rw, f"papers/{rw.paper.pk}/discussion/")).json()] == [
        "You"
    ]


def test_chair_runs_and_commits_through_api(rw, client):
    client.force_login(rw.chair)
    proposal = client.post(
        api(rw, "assignment/run/"), {"reviewers_per_paper": 3}, content_type="application/json"
    ).json()
    assert len(proposal["pairs"]) == 3
    assert rw.conflicted.pk not in {p["reviewer"] for p in proposal["pairs"]}
    done = client.post(api(rw, f"assignment/{proposal['id']}/commit/")).json()
    assert done == {"created": 1}
    assert ReviewAssignment.objects.filter(paper=rw.paper).count() == 3


def test_infeasible_run_is_a_json_400(rw, client):
    client.force_login(rw.chair)
    response = client.post(
        api(rw, "assignment/run/"), {"reviewers_per_paper": 9}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("No feasible assignment:")


def test_reviewer_api_links_the_reviewers_copy_and_serves_nothing_else(rw, client):
    from papers.enums import FileKind
    from papers.selectors import current_version

    client.force_login(rw.reviewer)
    files = client.get(api(rw, f"papers/{rw.paper.pk}/")).json()["files"]
    assert files["pdf"].endswith(f"/review/papers/{rw.paper.pk}/pdf/")
    response = client.get(files["pdf"])
    version = current_version(paper=rw.paper, kind=FileKind.PAPER)
    body = b"".join(response.streaming_content)
    # The rebuilt copy, never the authors' upload.
    assert body == version.anonymized.open("rb").read() != version.file.open("rb").read()
    # Held back (a name found in it): neither linked nor served.
    version.blind_findings = "page 1 header names Quillfeather"
    version.save(update_fields=["blind_findings"])
    assert client.get(api(rw, f"papers/{rw.paper.pk}/")).json()["files"]["pdf"] is None
    assert client.get(api(rw, f"papers/{rw.paper.pk}/pdf/")).status_code == 404
    # Another PC member, not assigned: no file.
    version.blind_findings = ""
    version.save(update_fields=["blind_findings"])
    client.force_login(rw.idle)
    assert client.get(api(rw, f"papers/{rw.paper.pk}/pdf/")).status_code == 404
