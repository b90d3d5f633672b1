"""Services of the review half: invitations, conflicts, bids, assignment, reviews, reminders."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing

from emc2.enums import RoleKind
from emc2.models import Role
from papers.assignment import AssignmentInfeasible
from papers.exceptions import DeadlinePassed, PapersError
from papers.models import (
    Bid,
    InvitationStatus,
    ReviewAssignment,
    ReviewerProfile,
    ReviewReminder,
    ReviewStatus,
)
from papers.selectors import conflicted_pairs
from papers.services import (
    assignment_add,
    assignment_extend,
    assignment_run,
    bid_set,
    discussion_post_add,
    paper_conflict_declare,
    parse_invitee_list,
    pc_invitation_accept,
    pc_invitation_decline,
    pc_invitation_from_token,
    pc_invitation_resend,
    pc_invitation_revoke,
    pc_invitation_token,
    pc_invite,
    proposal_commit,
    review_reminder_schedule,
    review_reminders_send,
    review_save,
)
from papers.services.decision import decision_record
from tests.factories.emc2 import UserFactory, user_with_role
from tests.papers.review.conftest import AFTER, BEFORE, GOOD_REVIEW, submit_paper

pytestmark = pytest.mark.django_db


# --- invitations ---------------------------------------------------------------------------


def test_parse_invitee_list_reads_each_format():
    text = "Ada Lovelace <ADA@x.org>\nbob@y.org, Bob B\n  \ncarol@z.org\nada@x.org"
    assert parse_invitee_list(text) == [
        ("ada@x.org", "Ada Lovelace"),
        ("bob@y.org", "Bob B"),
        ("carol@z.org", ""),
    ]


def test_parse_invitee_list_names_bad_lines():
    with pytest.raises(PapersError, match="not-an-address"):
        parse_invitee_list("ok@x.org\nnot-an-address")


def test_invite_mails_a_link_that_accepts(
    edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = pc_invite(edition=edition, invitees=[("new@x.org", "New")], by=chair)
    assert [m.to for m in mailoutbox] == [["new@x.org"]]
    [token] = re.findall(r"/review/invitation/([^/\s]+)/", mailoutbox[0].body)

    user = UserFactory(email="new@x.org")
    pc_invitation_accept(invitation=pc_invitation_from_token(token=token), user=user)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert (
        Role.objects.filter(edition=edition, kind=RoleKind.PC_MEMBER, person__user=user).count()
        == 1
    )


def test_resend_invalidates_the_old_link(edition, chair):
    [invitation] = pc_invite(edition=edition, invitees=[("new@x.org", "")], by=chair)
    old = pc_invitation_token(invitation)
    pc_invitation_resend(invitation=invitation)
    with pytest.raises(PapersError, match="newest"):
        pc_invitation_from_token(token=old)
    assert pc_invitation_from_token(token=pc_invitation_token(invitation)) == invitation


def test_revoked_invitation_link_fails_and_role_goes(edition, chair):
    [invitation] = pc_invite(edition=edition, invitees=[("new@x.org", "")], by=chair)
    user = UserFactory(email="new@x.org")
    pc_invitation_accept(invitation=invitation, user=user)
    token = pc_invitation_token(invitation)
    pc_invitation_revoke(invitation=invitation)
    with pytest.raises(PapersError):
        pc_invitation_from_token(token=token)
    assert Role.objects.filter(edition=edition, person__user=user).count() == 0


def test_invitation_link_expires_after_30_days(edition, chair):
    with time_machine.travel(dt.datetime(2030, 1, 1, tzinfo=dt.UTC)):
        [invitation] = pc_invite(edition=edition, invitees=[("new@x.org", "")], by=chair)
        token = pc_invitation_token(invitation)
    with time_machine.travel(dt.datetime(2030, 1, 30, tzinfo=dt.UTC)):
        assert pc_invitation_from_token(token=token) == invitation
    with (
        time_machine.travel(dt.datetime(2030, 2, 1, tzinfo=dt.UTC)),
        pytest.raises(PapersError, match="expired"),
    ):
        pc_invitation_from_token(token=token)


def test_forged_token_is_refused():
    with pytest.raises(PapersError, match="not valid"):
        pc_invitation_from_token(token=signing.dumps({"i": 1, "n": 0}, salt="other"))


def test_decline_then_reinvite(edition, chair):
    [invitation] = pc_invite(edition=edition, invitees=[("new@x.org", "")], by=chair)
    pc_invitation_decline(invitation=invitation)
    assert invitation.status == InvitationStatus.DECLINED
    [again] = pc_invite(edition=edition, invitees=[("new@x.org", "")], by=chair)
    assert (again.pk, again.status) == (invitation.pk, InvitationStatus.INVITED)


# --- conflicts and bids --------------------------------------------------------------------


def test_automatic_conflicts(rw):
    by_affiliation = user_with_role(rw.edition, RoleKind.PC_MEMBER, email="a@example.org")
    by_affiliation.person.affiliation = "morrowgale  lab"
    by_affiliation.person.save()
    by_people = user_with_role(rw.edition, RoleKind.PC_MEMBER, email="p@example.org")
    ReviewerProfile.objects.create(
        edition=rw.edition, user=by_people, conflict_people="Zebulon Quillfeather"
    )
    by_institution = user_with_role(rw.edition, RoleKind.PC_MEMBER, email="i@example.org")
    ReviewerProfile.objects.create(
        edition=rw.edition, user=by_institution, conflict_institutions="morrowgale.org"
    )

    pairs = conflicted_pairs(edition=rw.edition)

    conflicted = {uid for pid, uid in pairs if pid == rw.paper.pk}
    assert conflicted == {rw.conflicted.pk, by_affiliation.pk, by_people.pk, by_institution.pk}


def test_author_on_the_committee_is_conflicted(rw):
    from emc2.services import person_link_user

    person = person_link_user(user=rw.author)
    Role.objects.create(edition=rw.edition, person=person, kind=RoleKind.PC_MEMBER)
    assert (rw.paper.pk, rw.author.pk) in conflicted_pairs(edition=rw.edition)


def test_declared_conflict_drops_the_bid(rw):
    bid_set(paper=rw.paper, user=rw.idle, value="eager")
    paper_conflict_declare(paper=rw.paper, user=rw.idle, reason="Friend")
    assert Bid.objects.filter(user=rw.idle).count() == 0
    with pytest.raises(PapersError, match="conflict"):
        bid_set(paper=rw.paper, user=rw.idle, value="eager")


def test_conflicted_member_cannot_bid(rw):
    with pytest.raises(PapersError, match="conflict"):
        bid_set(paper=rw.paper, user=rw.conflicted, value="willing")


def test_bid_set_and_clear(rw):
    bid_set(paper=rw.paper, user=rw.idle, value="pinch")
    assert Bid.objects.get(user=rw.idle).value == "pinch"
    bid_set(paper=rw.paper, user=rw.idle, value="")
    assert Bid.objects.filter(user=rw.idle).count() == 0


# --- assignment ----------------------------------------------------------------------------


def test_assignment_run_never_proposes_conflicts_and_keeps_existing(rw):
    other = submit_paper(rw.edition, rw.author, title="Second paper")
    bid_set(paper=other, user=rw.idle, value="eager")

    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)

    pairs = set(proposal.pairs.values_list("paper_id", "reviewer_id"))
    assert (rw.paper.pk, rw.conflicted.pk) not in pairs
    assert (other.pk, rw.conflicted.pk) not in pairs
    assert {(rw.paper.pk, rw.reviewer.pk), (rw.paper.pk, rw.second.pk)} <= pairs
    assert sorted(p for p, _ in pairs) == [rw.paper.pk] * 3 + [other.pk] * 3


def test_assignment_run_infeasible_names_the_paper(rw):
    with pytest.raises(AssignmentInfeasible) as info:
        assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=4)
    assert f"{rw.paper.pk}" in str(info.value)
    assert str(info.value).startswith("No feasible assignment:")


def test_commit_creates_assignments_and_mails_each_reviewer_once(
    rw, mailoutbox, django_capture_on_commit_callbacks
):
    submit_paper(rw.edition, rw.author, title="Second paper")
    proposal = assignment_run(edition=rw.edition, by=rw.chair, reviewers_per_paper=3)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        created = proposal_commit(proposal=proposal, by=rw.chair)
    assert len(created) == 4  # 6 pairs, 2 existed
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted({a.reviewer.email for a in created})
    with pytest.raises(PapersError, match="already committed"):
        proposal_commit(proposal=proposal, by=rw.chair)


def test_manual_assignment_refuses_conflicts_and_strangers(rw):
    with pytest.raises(PapersError, match="conflict"):
        assignment_add(paper=rw.paper, reviewer=rw.conflicted, by=rw.chair)
    with pytest.raises(PapersError, match="not on the program committee"):
        assignment_add(paper=rw.paper, reviewer=rw.actors["stranger"], by=rw.chair)
    with pytest.raises(PapersError, match="already assigned"):
        assignment_add(paper=rw.paper, reviewer=rw.reviewer, by=rw.chair)
    assert assignment_add(paper=rw.paper, reviewer=rw.idle, by=rw.chair).reviewer == rw.idle


# --- reviews -------------------------------------------------------------------------------


def _assignment(rw, user=None):
    return ReviewAssignment.objects.select_related("paper", "paper__edition").get(
        paper=rw.paper, reviewer=user or rw.reviewer
    )


def test_submit_one_second_before_the_deadline(rw):
    with time_machine.travel(BEFORE, tick=False):
        review = review_save(assignment=_assignment(rw), submit=True, **GOOD_REVIEW)
    assert (review.status, review.overall) == (ReviewStatus.SUBMITTED, 2)


def test_submit_one_second_after_the_deadline_is_refused(rw):
    with (
        time_machine.travel(AFTER, tick=False),
        pytest.raises(DeadlinePassed, match="deadline passed"),
    ):
        review_save(assignment=_assignment(rw), submit=True, **GOOD_REVIEW)


def test_draft_after_deadline_refused_unless_extended(rw):
    assignment = _assignment(rw)
    with time_machine.travel(AFTER, tick=False), pytest.raises(DeadlinePassed):
        review_save(assignment=assignment, **GOOD_REVIEW)
    assignment_extend(assignment=assignment, until=AFTER + dt.timedelta(days=2))
    with time_machine.travel(AFTER, tick=False):
        review = review_save(assignment=assignment, submit=True, **GOOD_REVIEW)
    assert review.is_submitted


def test_submit_requires_required_fields_and_range(rw):
    with time_machine.travel(BEFORE, tick=False):
        with pytest.raises(PapersError, match="Please answer: Reviewer confidence"):
            review_save(
                assignment=_assignment(rw),
                submit=True,
                scores={"overall": 1, "relevance": 3},
                texts=GOOD_REVIEW["texts"],
            )
        with pytest.raises(PapersError, match="between -3 and 3"):
            review_save(assignment=_assignment(rw), scores={"overall": 9}, texts={})
        draft = review_save(assignment=_assignment(rw), scores={"overall": 1}, texts={})
    assert (draft.status, draft.scores) == (ReviewStatus.DRAFT, {"overall": 1})


def test_edits_after_submission_keep_history_even_after_deadline(rw):
    with time_machine.travel(BEFORE, tick=False):
        review = review_save(assignment=_assignment(rw), submit=True, **GOOD_REVIEW)
    changed = {**GOOD_REVIEW, "scores": {**GOOD_REVIEW["scores"], "overall": -1}}
    with time_machine.travel(AFTER, tick=False):
        review = review_save(assignment=_assignment(rw), **changed)
    assert review.overall == -1
    assert review.is_submitted
    assert [v.scores["overall"] for v in review.versions.all()] == [2, -1]


def test_decided_paper_reviews_are_frozen(rw):
    with time_machine.travel(BEFORE, tick=False):
        review_save(assignment=_assignment(rw), submit=True, **GOOD_REVIEW)
    rw.paper.decision = "poster"
    rw.paper.save()
    with time_machine.travel(BEFORE, tick=False), pytest.raises(PapersError, match="decided"):
        review_save(assignment=_assignment(rw), **GOOD_REVIEW)


def test_reviews_freeze_on_an_unreleased_decision_too(rw, actors):
    with time_machine.travel(BEFORE, tick=False):
        review_save(assignment=_assignment(rw), submit=True, **GOOD_REVIEW)
    decision_record(paper=rw.paper, by=actors["chair"], decision="poster")
    rw.paper.refresh_from_db()
    assert rw.paper.decision == ""  # not released: authors see nothing yet
    with time_machine.travel(BEFORE, tick=False), pytest.raises(PapersError, match="decided"):
        review_save(assignment=_assignment(rw), **GOOD_REVIEW)


def test_discussion_mails_other_participants_not_the_poster(
    rw, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(BEFORE, tick=False):
        review_save(assignment=_assignment(rw), submit=True, **GOOD_REVIEW)
        review_save(assignment=_assignment(rw, rw.second), submit=True, **GOOD_REVIEW)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discussion_post_add(paper=rw.paper, author=rw.reviewer, body="Thoughts?")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([rw.second.email, rw.chair.email])


# --- reminders -----------------------------------------------------------------------------


def test_reminders_once_per_reviewer_per_day(rw, mailoutbox, django_capture_on_commit_callbacks):
    day = dt.date(2030, 10, 30)
    with time_machine.travel(BEFORE, tick=False):
        review_save(assignment=_assignment(rw), submit=True, **GOOD_REVIEW)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(edition=rw.edition, today=day) == 1
        assert review_reminders_send(edition=rw.edition, today=day) == 0
    assert [m.to for m in mailoutbox] == [[rw.second.email]]
    assert review_reminders_send(edition=rw.edition, today=day + dt.timedelta(days=1)) == 1
    assert ReviewReminder.objects.filter(reviewer=rw.second).count() == 2


def test_reminder_states_the_deadline_in_its_own_zone(
    rw, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send(edition=rw.edition, today=dt.date(2030, 10, 30))
    due = [line for m in mailoutbox for line in m.body.splitlines() if "They are due" in line]
    assert due == ["They are due 2030-11-01 23:59 AoE."] * 2


def test_schedule_registers_a_one_off_beat_task(rw):
    from django_celery_beat.models import PeriodicTask

    with time_machine.travel(dt.datetime(2030, 10, 1, tzinfo=dt.UTC)):
        task = review_reminder_schedule(edition=rw.edition, days_before=3)
        review_reminder_schedule(edition=rw.edition, days_before=2)
    assert PeriodicTask.objects.filter(task="papers.review_reminders").count() == 1
    task.refresh_from_db()
    assert task.one_off is True
    assert task.clocked.clocked_time == REVIEW_DEADLINE_UTC - dt.timedelta(days=2)


REVIEW_DEADLINE_UTC = dt.datetime(2030, 11, 2, 11, 59, tzinfo=dt.UTC)
