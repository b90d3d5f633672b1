"""papers.access: a chair who wrote a paper is conflicted with it everywhere; the access
cache lives in the request, not on the user."""

from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from emc2.access import access_scope
from emc2.enums import RoleKind
from papers.access import (
    PaperNotFound,
    discussion_recipients,
    paper_for_chair,
    paper_for_decider,
    papers_for_chair,
)
from papers.models import PaperDecision, ReviewAssignment
from papers.services import discussion_post_add, review_save
from papers.services.review import discussion_notify
from tests.factories.emc2 import UserFactory, user_with_role
from tests.papers.review.conftest import BEFORE, GOOD_REVIEW, SOLO, submit_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(rw):
    """``rw.chair`` wrote ``own.paper``; ``rw.reviewer`` reviewed it (so it has a score)."""
    paper = submit_paper(rw.edition, rw.chair, title="The chair's own paper", coauthor=SOLO)
    assignment = ReviewAssignment.objects.create(paper=paper, reviewer=rw.reviewer)
    with time_machine.travel(BEFORE, tick=False):
        review_save(assignment=assignment, submit=True, **GOOD_REVIEW)
    return SimpleNamespace(paper=paper, assignment=assignment)


def _page(client, user, name, rw, *args):
    client.force_login(user)
    return client.get(reverse(f"papers:{name}", args=[rw.edition.slug, *args]))


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_chair_author_is_not_shown_own_paper_on_dashboard(rw, own, client):
    page = _page(client, rw.chair, "chair-review-dashboard", rw).content.decode()
    assert f"/review/chair/papers/{rw.paper.pk}/" in page
    assert f"/review/chair/papers/{own.paper.pk}/" not in page
    assert "The chair&#x27;s own paper" not in page


def test_chair_author_gets_404_on_own_review_page(rw, own, client):
    response = _page(client, rw.chair, "chair-review-paper", rw, own.paper.pk)
    assert response.status_code == 404
    assert "Zebulon" not in response.content.decode()


def test_chair_author_is_not_shown_own_paper_in_submission_list(rw, own, client):
    response = _page(client, rw.chair, "chair-list", rw)
    assert [p.pk for p in response.context["papers"]] == [rw.paper.pk]


def test_only_chair_decision_list_hides_own_paper_and_names_the_site_administrator(rw, own, client):
    UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    response = _page(client, rw.chair, "chair-decisions", rw)
    page = response.content.decode()
    assert [p.pk for p in response.context["papers"]] == [rw.paper.pk]
    assert "The chair&#x27;s own paper" not in page
    assert "You are the only chair: the site administrator decides (root@example.org)." in page


def test_decision_list_names_the_other_chair(rw, own, client):
    user_with_role(rw.edition, RoleKind.CHAIR, email="cochair@example.org")
    page = _page(client, rw.chair, "chair-decisions", rw).content.decode()
    assert "Another chair decides (cochair@example.org)." in page


def test_decision_list_says_nothing_to_a_chair_without_own_papers(rw, client):
    page = _page(client, rw.chair, "chair-decisions", rw).content.decode()
    assert 'id="decision-conflicts"' not in page


def test_chair_author_cannot_decide_own_paper_through_the_api(rw, own):
    url = reverse("api:papers:decision", args=[rw.edition.slug, own.paper.pk])
    response = _api(rw.chair).put(url, {"decision": "oral"}, format="json")
    assert response.status_code == 404
    assert PaperDecision.objects.filter(paper=own.paper).exists() is False


def test_chair_author_cannot_decide_own_paper_in_bulk(rw, own):
    url = reverse("api:papers:decision-list", args=[rw.edition.slug])
    response = _api(rw.chair).post(
        url, {"papers": [rw.paper.pk, own.paper.pk], "decision": "oral"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["papers"] == [
        f"These papers cannot be decided (withdrawn, a draft, or not in this edition): "
        f"#{own.paper.pk}"
    ]
    assert PaperDecision.objects.count() == 0


def test_chair_author_is_not_shown_own_paper_or_score_in_the_api(rw, own):
    url = reverse("api:papers:decision-list", args=[rw.edition.slug])
    rows = _api(rw.chair).get(url).json()
    assert [r["paper"] for r in rows] == [rw.paper.pk]
    url = reverse("api:papers:submission-list", args=[rw.edition.slug])
    assert [r["id"] for r in _api(rw.chair).get(url).json()["results"]] == [rw.paper.pk]


def test_chair_author_cannot_preview_own_notification(rw, own):
    url = reverse("api:papers:notification-preview", args=[rw.edition.slug])
    response = _api(rw.chair).get(url, {"paper": own.paper.pk, "decision": "oral"})
    assert response.status_code == 404
    assert "Prunes adapters" not in response.content.decode()


def test_superuser_decides_the_only_chairs_paper(rw, own):
    root = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    url = reverse("api:papers:decision", args=[rw.edition.slug, own.paper.pk])
    response = _api(root).put(url, {"decision": "oral"}, format="json")
    assert response.status_code == 200
    assert PaperDecision.objects.get(paper=own.paper).decision == "oral"


def test_designated_decider_decides_the_only_chairs_paper(rw, own, client):
    decider = user_with_role(rw.edition, RoleKind.DECIDER, email="general@example.org")
    UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    page = _page(client, rw.chair, "chair-decisions", rw).content.decode()
    assert "You are the only chair: the designated decider decides (general@example.org)." in page
    response = _page(client, decider, "chair-decisions", rw)
    assert sorted(p.pk for p in response.context["papers"]) == sorted([rw.paper.pk, own.paper.pk])
    url = reverse("api:papers:decision", args=[rw.edition.slug, own.paper.pk])
    response = _api(decider).put(url, {"decision": "oral"}, format="json")
    assert response.status_code == 200
    assert PaperDecision.objects.get(paper=own.paper).decided_by == decider


def test_designated_decider_has_no_other_chair_powers(rw, own, client):
    decider = user_with_role(rw.edition, RoleKind.DECIDER, email="general@example.org")
    assert _page(client, decider, "chair-review-dashboard", rw).status_code == 403
    assert _page(client, decider, "chair-review-paper", rw, own.paper.pk).status_code == 403


def test_designated_decider_cannot_decide_a_paper_they_wrote(rw, own):
    decider = user_with_role(rw.edition, RoleKind.DECIDER, email="general@example.org")
    mine = submit_paper(rw.edition, decider, title="The decider's paper")
    assert paper_for_decider(user=decider, edition=rw.edition, pk=own.paper.pk) == own.paper
    with pytest.raises(PaperNotFound):
        paper_for_decider(user=decider, edition=rw.edition, pk=mine.pk)


def test_other_chair_decides_the_chairs_paper(rw, own):
    cochair = user_with_role(rw.edition, RoleKind.CHAIR, email="cochair@example.org")
    assert paper_for_decider(user=cochair, edition=rw.edition, pk=own.paper.pk) == own.paper
    with pytest.raises(PaperNotFound):
        paper_for_decider(user=rw.chair, edition=rw.edition, pk=own.paper.pk)


def test_discussion_mail_skips_the_chair_who_wrote_the_paper(
    rw, own, mailoutbox, django_capture_on_commit_callbacks
):
    cochair = user_with_role(rw.edition, RoleKind.CHAIR, email="cochair@example.org")
    assert [u.email for u in discussion_recipients(paper=own.paper)] == [
        rw.reviewer.email,
        cochair.email,
    ]
    post = discussion_post_add(paper=own.paper, author=rw.reviewer, body="Thoughts?")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert discussion_notify(post=post) == 1
    assert [m.to for m in mailoutbox] == [[cochair.email]]


def test_chair_access_functions_refuse_other_editions_ids(rw, own, other_edition):
    other = submit_paper(other_edition, rw.author, title="Elsewhere")
    with pytest.raises(PaperNotFound):
        paper_for_chair(user=rw.chair, edition=rw.edition, pk=other.pk)
    # Missing and forbidden are the same error.
    with pytest.raises(PaperNotFound):
        paper_for_chair(user=rw.chair, edition=rw.edition, pk=own.paper.pk)
    with pytest.raises(PaperNotFound):
        paper_for_chair(user=rw.chair, edition=rw.edition, pk=999999)
    assert list(papers_for_chair(user=rw.reviewer, edition=rw.edition)) == []


# --- the request-scoped cache --------------------------------------------------------------


def test_permission_checks_leave_no_private_attributes_on_the_user(rw, own):
    before = set(vars(rw.chair))
    rw.chair.has_perm("papers.decide_paper", own.paper)
    rw.chair.has_perm("papers.view_reviews", rw.paper)
    rw.chair.has_perm("emc2.change_edition", rw.edition)
    assert set(vars(rw.chair)) - before == set()


def test_outside_a_request_a_new_role_counts_at_once(rw):
    stranger = rw.actors["stranger"]
    assert stranger.has_perm("papers.manage_reviews", rw.edition) is False
    from tests.factories.emc2 import RoleFactory

    RoleFactory(edition=rw.edition, kind=RoleKind.CHAIR, person__user=stranger)
    assert stranger.has_perm("papers.manage_reviews", rw.edition) is True


def test_inside_a_scope_roles_are_read_once(rw):
    with access_scope(), CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert rw.chair.has_perm("emc2.change_edition", rw.edition)
    assert len(queries) == 1


def test_reminders_skip_a_review_the_reviewer_is_now_conflicted_with(
    rw, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime as dt

    from papers.services import paper_conflict_declare, review_reminders_send

    paper_conflict_declare(paper=rw.paper, user=rw.second, reason="Former student")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(edition=rw.edition, today=dt.date(2030, 10, 30)) == 1
    assert [m.to for m in mailoutbox] == [[rw.reviewer.email]]
