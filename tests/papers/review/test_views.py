"""Reviewer, committee and chair pages of reviewing."""

import pytest
import time_machine
from django.urls import reverse

from emc2.enums import RoleKind
from emc2.models import Role
from papers.models import Bid, PCInvitation, Review, ReviewAssignment, ReviewStatus
from papers.services import pc_invitation_token, pc_invite, review_save
from tests.factories.emc2 import UserFactory, user_with_role
from tests.papers.review.conftest import AFTER, BEFORE, GOOD_REVIEW, SOLO, submit_paper

pytestmark = pytest.mark.django_db


def url(name, rw, *args):
    return reverse(f"papers:{name}", args=[rw.edition.slug, *args])


def _submit(rw, user):
    with time_machine.travel(BEFORE, tick=False):
        review_save(
            assignment=ReviewAssignment.objects.get(paper=rw.paper, reviewer=user),
            submit=True,
            **GOOD_REVIEW,
        )


# --- bidding -------------------------------------------------------------------------------


def test_bid_by_htmx_saves_and_returns_the_buttons(rw, client):
    client.force_login(rw.idle)
    response = client.post(
        url("reviewer-bid", rw, rw.paper.pk), {"value": "eager"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert Bid.objects.get(user=rw.idle, paper=rw.paper).value == "eager"
    html = response.content.decode()
    assert html.strip().startswith(f'<div class="bid-buttons" id="bid-{rw.paper.pk}"')
    assert 'class="bid-button chosen" aria-pressed="true"' in html


def test_conflicted_member_neither_sees_nor_bids(rw, client):
    client.force_login(rw.conflicted)
    page = client.get(url("reviewer-bids", rw)).content.decode()
    assert rw.paper.title not in page
    assert client.post(url("reviewer-bid", rw, rw.paper.pk), {"value": "eager"}).status_code == 404
    assert Bid.objects.count() == 0


def test_declare_conflict_hides_the_paper(rw, client):
    client.force_login(rw.idle)
    assert rw.paper.title in client.get(url("reviewer-bids", rw)).content.decode()
    client.post(url("reviewer-conflict", rw, rw.paper.pk), {"reason": "Former student"})
    assert rw.paper.title not in client.get(url("reviewer-bids", rw)).content.decode()


@pytest.mark.parametrize("n", [1, 5])
def test_bidding_page_query_count(rw, client, n, django_assert_max_num_queries):
    for i in range(n - 1):
        submit_paper(rw.edition, rw.author, title=f"Paper number {i}")
    client.force_login(rw.idle)
    with django_assert_max_num_queries(16):
        response = client.get(url("reviewer-bids", rw))
    assert response.content.decode().count('class="bid-paper"') == n


@pytest.mark.parametrize("n", [1, 5])
def test_reviewer_home_query_count(rw, client, n, django_assert_max_num_queries):
    for i in range(n - 1):
        paper = submit_paper(rw.edition, rw.author, title=f"Paper number {i}")
        ReviewAssignment.objects.create(paper=paper, reviewer=rw.reviewer)
    client.force_login(rw.reviewer)
    with django_assert_max_num_queries(15):
        response = client.get(url("reviewer-home", rw))
    assert response.content.decode().count("/review/papers/") == n


# --- the review page -----------------------------------------------------------------------


def test_other_reviews_hidden_until_own_review_is_submitted(rw, client):
    theirs = {**GOOD_REVIEW, "texts": {**GOOD_REVIEW["texts"], "weaknesses": "Theirs only."}}
    with time_machine.travel(BEFORE, tick=False):
        review_save(
            assignment=ReviewAssignment.objects.get(paper=rw.paper, reviewer=rw.second),
            submit=True,
            **theirs,
        )
    client.force_login(rw.reviewer)
    page = client.get(url("reviewer-paper", rw, rw.paper.pk)).content.decode()
    assert "once you submit your own review" in page
    assert "Theirs only." not in page

    _submit(rw, rw.reviewer)
    page = client.get(url("reviewer-paper", rw, rw.paper.pk)).content.decode()
    assert page.count("Theirs only.") == 1
    assert "Reviewer 2" in page
    assert rw.second.email not in page


def test_review_form_post_saves_draft_then_submits(rw, client):
    data = {**GOOD_REVIEW["scores"], **GOOD_REVIEW["texts"]}
    with time_machine.travel(BEFORE, tick=False):
        client.force_login(rw.reviewer)
        client.post(url("reviewer-paper", rw, rw.paper.pk), {**data, "draft": ""})
        assert Review.objects.get(reviewer=rw.reviewer).status == ReviewStatus.DRAFT
        client.post(url("reviewer-paper", rw, rw.paper.pk), {**data, "submit": ""})
    assert Review.objects.get(reviewer=rw.reviewer).status == ReviewStatus.SUBMITTED


def test_review_form_after_deadline_shows_the_error(rw, client):
    data = {**GOOD_REVIEW["scores"], **GOOD_REVIEW["texts"], "submit": ""}
    with time_machine.travel(AFTER, tick=False):
        client.force_login(rw.reviewer)
        response = client.post(url("reviewer-paper", rw, rw.paper.pk), data)
    assert response.status_code == 400
    assert "review deadline passed" in response.content.decode()
    assert Review.objects.count() == 0


def test_conflicted_reviewer_gets_404_everywhere(rw, client):
    ReviewAssignment.objects.create(paper=rw.paper, reviewer=rw.conflicted)
    client.force_login(rw.conflicted)
    for name in ("reviewer-paper", "reviewer-pdf"):
        assert client.get(url(name, rw, rw.paper.pk)).status_code == 404
    assert rw.paper.title not in client.get(url("reviewer-home", rw)).content.decode()
    api = f"/api/editions/{rw.edition.slug}/review/papers/{rw.paper.pk}/"
    assert client.get(api).status_code == 404


def test_unassigned_member_gets_404(rw, client):
    client.force_login(rw.idle)
    assert client.get(url("reviewer-paper", rw, rw.paper.pk)).status_code == 404


def test_pdf_is_the_anonymized_copy_with_a_safe_name(rw, client):
    client.force_login(rw.reviewer)
    response = client.get(url("reviewer-pdf", rw, rw.paper.pk))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{rw.edition.slug}-{rw.paper.pk}.pdf"'
    )
    data = b"".join(response.streaming_content)
    assert data == rw.paper.files.get().anonymized.open("rb").read()


def test_discussion_needs_own_review(rw, client):
    client.force_login(rw.reviewer)
    client.post(url("reviewer-discuss", rw, rw.paper.pk), {"body": "Early"})
    assert rw.paper.discussion_posts.count() == 0
    _submit(rw, rw.reviewer)
    client.post(url("reviewer-discuss", rw, rw.paper.pk), {"body": "After"})
    assert list(rw.paper.discussion_posts.values_list("body", flat=True)) == ["After"]


# --- committee -----------------------------------------------------------------------------


def test_invitation_page_accept_needs_login_then_gives_role(rw, client):
    [invitation] = pc_invite(edition=rw.edition, invitees=[("join@x.org", "Jo")], by=rw.chair)
    link = reverse(
        "papers:public-pc-invitation", args=[rw.edition.slug, pc_invitation_token(invitation)]
    )
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    user = UserFactory(email="join@x.org")
    client.force_login(user)
    response = client.post(link, {"answer": "accept"})
    assert response["Location"] == url("reviewer-profile", rw)
    assert (
        Role.objects.filter(edition=rw.edition, kind=RoleKind.PC_MEMBER, person__user=user).count()
        == 1
    )


def test_invitation_to_an_unpublished_edition_works_for_the_invitee(rw, client):
    rw.edition.published = False
    rw.edition.save()
    [invitation] = pc_invite(edition=rw.edition, invitees=[("early@x.org", "Em")], by=rw.chair)
    link = reverse(
        "papers:public-pc-invitation", args=[rw.edition.slug, pc_invitation_token(invitation)]
    )
    assert client.get(link).status_code == 200
    user = UserFactory(email="early@x.org")
    client.force_login(user)
    response = client.post(link, {"answer": "accept"})
    assert response["Location"] == url("reviewer-profile", rw)
    assert client.get(response["Location"]).status_code == 200
    # Without the token the unpublished edition stays hidden from strangers.
    client.force_login(UserFactory(email="nosy@x.org"))
    assert client.get(reverse("edition", args=[rw.edition.slug])).status_code == 404


def test_invitation_page_decline_without_account(rw, client):
    [invitation] = pc_invite(edition=rw.edition, invitees=[("no@x.org", "")], by=rw.chair)
    link = reverse(
        "papers:public-pc-invitation", args=[rw.edition.slug, pc_invitation_token(invitation)]
    )
    client.post(link, {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_chair_invites_a_pasted_list(rw, client, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(rw.chair)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("chair-committee", rw), {"emails": "A <a@x.org>\nb@x.org"})
    assert sorted(PCInvitation.objects.values_list("email", flat=True)) == ["a@x.org", "b@x.org"]
    assert sorted(m.to[0] for m in mailoutbox) == ["a@x.org", "b@x.org"]
    page = client.get(url("chair-committee", rw)).content.decode()
    assert page.count("Re-send") == 2


# --- chair ---------------------------------------------------------------------------------


def test_dashboard_shows_scores_and_disagreement(rw, client):
    _submit(rw, rw.reviewer)
    low = {**GOOD_REVIEW, "scores": {**GOOD_REVIEW["scores"], "overall": -2}}
    with time_machine.travel(BEFORE, tick=False):
        review_save(
            assignment=ReviewAssignment.objects.get(paper=rw.paper, reviewer=rw.second),
            submit=True,
            **low,
        )
    client.force_login(rw.chair)
    page = client.get(url("chair-review-dashboard", rw)).content.decode()
    assert "<td>2 / 2</td>" in page
    assert "<strong>disagreement</strong>" in page


@pytest.mark.parametrize("n", [1, 5])
def test_dashboard_query_count(rw, client, n, django_assert_max_num_queries):
    for i in range(n - 1):
        paper = submit_paper(rw.edition, rw.author, title=f"Paper number {i}")
        ReviewAssignment.objects.create(paper=paper, reviewer=rw.reviewer)
    client.force_login(rw.chair)
    # 9 of them, whatever the rows: the chair's own conflicts (papers.access), once a request.
    with django_assert_max_num_queries(20):
        response = client.get(url("chair-review-dashboard", rw))
    assert response.content.decode().count("/review/chair/papers/") == n


def test_chair_runs_edits_and_commits_a_proposal(
    rw, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(rw.chair)
    response = client.post(
        url("chair-assignment", rw),
        {
            "reviewers_per_paper": 3,
            "min_load": 0,
            "weight_bid": 1,
            "weight_topic": 1,
            "weight_text": 1,
        },
    )
    proposal_url = response["Location"]
    page = client.get(proposal_url).content.decode()
    assert "Per reviewer" in page
    proposal = rw.edition.assignment_proposals.get()
    extra = proposal.pairs.exclude(reviewer__in=[rw.reviewer, rw.second]).get()
    client.post(proposal_url, {"remove": extra.pk})
    client.post(proposal_url, {"paper": rw.paper.pk, "reviewer": rw.conflicted.pk})
    assert proposal.pairs.count() == 2  # the conflicted pair was refused
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("chair-proposal-commit", rw, proposal.pk))
    assert ReviewAssignment.objects.filter(paper=rw.paper).count() == 2
    assert mailoutbox == []  # both pairs existed already


def test_infeasible_run_shows_the_message(rw, client):
    client.force_login(rw.chair)
    response = client.post(
        url("chair-assignment", rw),
        {
            "reviewers_per_paper": 5,
            "min_load": 0,
            "weight_bid": 1,
            "weight_topic": 1,
            "weight_text": 1,
        },
    )
    assert response.status_code == 400
    assert "No feasible assignment:" in response.content.decode()


def test_chair_manual_assign_refuses_conflict(rw, client):
    client.force_login(rw.chair)
    client.post(url("chair-review-paper", rw, rw.paper.pk), {"reviewer": rw.conflicted.pk})
    client.post(url("chair-review-paper", rw, rw.paper.pk), {"reviewer": rw.idle.pk})
    assigned = set(
        ReviewAssignment.objects.filter(paper=rw.paper).values_list("reviewer_id", flat=True)
    )
    assert assigned == {rw.reviewer.pk, rw.second.pk, rw.idle.pk}


def test_chair_who_authored_the_paper_cannot_open_its_reviews(rw, client):
    chair_author = user_with_role(rw.edition, RoleKind.CHAIR, email="chair-author@example.org")
    paper = submit_paper(rw.edition, chair_author, title="The chair's own paper", coauthor=SOLO)
    client.force_login(chair_author)
    assert client.get(url("chair-review-paper", rw, paper.pk)).status_code == 404


def test_review_form_config_keeps_overall(rw, client):
    client.force_login(rw.chair)
    client.get(url("chair-review-form", rw))
    fields = list(rw.edition.review_fields.order_by("order"))
    data = {"form-TOTAL_FORMS": len(fields), "form-INITIAL_FORMS": len(fields)}
    for i, f in enumerate(fields):
        for name in (
            "key", "label", "help_text", "kind", "scale_min", "scale_max", "order", "visibility",
        ):  # fmt: skip
            data[f"form-{i}-{name}"] = getattr(f, name)
        data[f"form-{i}-id"] = f.pk
        data[f"form-{i}-scale_labels"] = "\n".join(f"{k}: {v}" for k, v in f.scale_labels.items())
    data["form-0-DELETE"] = "on"
    response = client.post(url("chair-review-form", rw), data)
    assert "overall score cannot be removed" in response.content.decode()
    data.pop("form-0-DELETE")
    data["form-1-label"] = "How sure are you?"
    client.post(url("chair-review-form", rw), data)
    assert rw.edition.review_fields.get(key="confidence").label == "How sure are you?"
    assert rw.edition.review_fields.get(key="overall").scale_labels["-3"] == "Strong reject"


def test_edition_home_links_reviewing_for_pc_members_only(rw, client):
    client.force_login(rw.idle)
    page = client.get(reverse("edition", args=[rw.edition.slug])).content.decode()
    assert page.count(url("reviewer-bids", rw)) == 1
    client.force_login(rw.author)
    page = client.get(reverse("edition", args=[rw.edition.slug])).content.decode()
    assert url("reviewer-bids", rw) not in page


def test_chair_designates_a_meta_reviewer_who_may_then_write_it(rw, client):
    assignment = ReviewAssignment.objects.get(paper=rw.paper, reviewer=rw.second)
    client.force_login(rw.chair)
    client.post(url("chair-assignment-change", rw, assignment.pk), {"action": "meta"})
    client.force_login(rw.second)
    client.post(url("reviewer-meta", rw, rw.paper.pk), {"body": "Consensus: accept."})
    client.force_login(rw.reviewer)
    client.post(url("reviewer-meta", rw, rw.paper.pk), {"body": "Not mine to write."})
    rw.paper.refresh_from_db()
    assert (rw.paper.meta_review.author, rw.paper.meta_review.body) == (
        rw.second,
        "Consensus: accept.",
    )
