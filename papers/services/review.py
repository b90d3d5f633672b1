"""Writes of reviewing: the review form, assignment runs and commits, reviews, discussion,
meta-reviews and reminders."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from emc2.access import access_invalidate
from emc2.enums import DateKey, RoleKind
from emc2.links import absolute_url
from emc2.mail import mail_queue
from emc2.models import Edition, Role
from emc2.selectors import deadline_get
from papers.affinity import AffinityWeights, PaperInput, ReviewerInput, affinity_compute
from papers.assignment import assignment_solve, assignment_solve_fair
from papers.exceptions import DeadlinePassed, PapersError
from papers.models import (
    DEFAULT_FORM,
    OVERALL_KEY,
    AssignmentProposal,
    Bid,
    DiscussionPost,
    FieldKind,
    MetaReview,
    Paper,
    ProposedPair,
    Review,
    ReviewAssignment,
    ReviewerProfile,
    ReviewField,
    ReviewReminder,
    ReviewStatus,
    ReviewVersion,
)
from papers.selectors.decision import paper_is_decided
from papers.selectors.review import (
    conflicted_pairs,
    conflicted_paper_ids,
    late_reviewer_ids,
    paper_label,
    paper_list_for_assignment,
    pc_member_users,
    person_label,
    review_fields,
)
from papers.services.assignment import (
    BASIS_WHAT,
    assignment_basis,
    assignment_basis_now,
    pair_explanations,
)

logger = logging.getLogger(__name__)


# --- review form ---------------------------------------------------------------------------


@transaction.atomic
def review_fields_ensure(*, edition: Edition) -> list[ReviewField]:
    """The edition's form fields, creating the default form the first time."""
    if not ReviewField.objects.filter(edition=edition).exists():
        for n, spec in enumerate(DEFAULT_FORM):
            ReviewField.objects.create(edition=edition, order=n, **spec)
    return list(ReviewField.objects.filter(edition=edition).order_by("order", "pk"))


@transaction.atomic
def review_fields_save(*, edition: Edition, formset) -> list[ReviewField]:
    """Save the chairs' formset of review questions. The overall score must stay."""
    review_fields_ensure(edition=edition)
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        if obj.key == OVERALL_KEY:
            raise PapersError("The overall score cannot be removed: decisions rely on it.")
        obj.delete()
    for obj in instances:
        obj.edition = edition
        obj.save()
    return instances


REVIEW_FIELD_ATTRS = (
    "key", "label", "help_text", "kind", "scale_min", "scale_max", "scale_labels", "visibility",
    "required", "order",
)  # fmt: skip


def _review_field_write(field: ReviewField, data: dict) -> ReviewField:
    for name in REVIEW_FIELD_ATTRS:
        if name in data:
            setattr(field, name, data[name])
    if field.scale_max < field.scale_min:
        raise PapersError("The scale's maximum is below its minimum.", field="scale_max")
    if field.key == OVERALL_KEY and field.kind != FieldKind.SCORE:
        raise PapersError(
            "The overall field must stay a score: decisions rely on it.", field="kind"
        )
    try:
        with transaction.atomic():
            field.save()
    except IntegrityError:
        raise PapersError(f"The form already has a field “{field.key}”.", field="key") from None
    return field


@transaction.atomic
def review_field_create(*, edition: Edition, data: dict) -> ReviewField:
    """Add a question to the edition's review form (the default form is saved first).

    Raises PapersError (key taken, scale reversed)."""
    review_fields_ensure(edition=edition)
    return _review_field_write(ReviewField(edition=edition), data)


@transaction.atomic
def review_field_update(*, field: ReviewField, data: dict) -> ReviewField:
    """Change a question: label, visibility, order... Raises PapersError (the overall field's
    key or kind changed, key taken, scale reversed)."""
    if field.key == OVERALL_KEY and data.get("key", OVERALL_KEY) != OVERALL_KEY:
        raise PapersError("The overall field keeps its key: decisions rely on it.", field="key")
    return _review_field_write(field, data)


def review_field_delete(*, field: ReviewField) -> None:
    """Remove a question (answers already given stay in the reviews, unshown). Raises
    PapersError for the overall score."""
    if field.key == OVERALL_KEY:
        raise PapersError("The overall score cannot be removed: decisions rely on it.")
    field.delete()


# --- assignment ----------------------------------------------------------------------------


def _reviewer_inputs(*, edition, users) -> tuple[list[ReviewerInput], dict[int, int]]:
    profiles = {
        p.user_id: p
        for p in ReviewerProfile.objects.filter(edition=edition, user__in=users).prefetch_related(
            "topics"
        )
    }
    inputs, caps = [], {}
    for user in users:
        profile = profiles.get(user.pk)
        inputs.append(
            ReviewerInput(
                id=user.pk,
                expertise_text=profile.expertise if profile else "",
                topic_ids=frozenset(t.pk for t in profile.topics.all()) if profile else frozenset(),
            )
        )
        if profile and profile.max_load is not None:
            caps[user.pk] = profile.max_load
    return inputs, caps


def assignment_run(
    *,
    edition: Edition,
    by,
    reviewers_per_paper: int = 3,
    min_load: int = 0,
    max_load: int | None = None,
    weights: AffinityWeights | None = None,
    fair: bool = False,
) -> AssignmentProposal:
    """Solve the assignment for every paper under review and store it as a proposal.

    Withdrawn and decided papers are left out (paper_list_for_assignment). Existing
    assignments are kept (fixed pairs, marked ``kept``); conflicts are never proposed. Each
    pair stores why it was chosen (papers.services.assignment.pair_explanations). ``fair``:
    maximize the lowest paper's total affinity first, then the total; the plain optimum's
    objective is stored next to it (``parameters["plain_objective"]``). The proposal records
    digests of the papers, committee and assignments it was computed from; proposal_commit
    refuses it once they changed.

    The affinities and the solver run outside any transaction (they take seconds and must
    hold no lock); only the writes run inside one, after re-reading under lock what the
    solution relied on. Raises papers.assignment.AssignmentInfeasible (a DomainError) with a
    message naming papers ("#12 'Title'") and people, or PapersError (nothing to assign;
    papers, committee or conflicts changed meanwhile).
    """
    weights = weights or AffinityWeights()
    papers = list(paper_list_for_assignment(edition=edition))
    users = list(pc_member_users(edition=edition))
    if not papers:
        raise PapersError("There are no papers under review left to assign.")
    if not users:
        raise PapersError("The program committee has no members yet.")
    reviewers, caps = _reviewer_inputs(edition=edition, users=users)
    user_ids = {u.pk for u in users}
    bids = {
        (paper_id, user_id): value
        for paper_id, user_id, value in Bid.objects.filter(
            paper__in=papers, user_id__in=user_ids
        ).values_list("paper_id", "user_id", "value")
    }
    conflicts = conflicted_pairs(edition=edition, user_ids=list(user_ids))
    paper_inputs = [
        PaperInput(
            id=p.pk,
            text=f"{p.title}\n{p.abstract}",
            topic_ids=frozenset(t.pk for t in p.topics.all()),
        )
        for p in papers
    ]
    matrix = affinity_compute(
        papers=paper_inputs, reviewers=reviewers, bids=bids, conflicts=conflicts, weights=weights
    )
    fixed = list(
        ReviewAssignment.objects.filter(paper__in=papers, reviewer_id__in=user_ids).values_list(
            "paper_id", "reviewer_id"
        )
    )
    names = {u.pk: person_label(u) for u in users}
    problem = {
        "affinity": matrix,
        "reviewers_per_paper": reviewers_per_paper,
        "min_load": min_load,
        "max_load": max_load,
        "max_load_by_reviewer": caps,
        "fixed": fixed,
        "paper_labels": {p.pk: paper_label(p) for p in papers},
        "reviewer_labels": names,
    }
    extra = {}
    floor = None
    if fair:
        outcome = assignment_solve_fair(**problem)
        result, floor = outcome.fair, outcome.floor
        plain_lowest = min(sum(a for _r, a in v) for v in outcome.plain.by_paper.values())
        extra = {
            "fair": True,
            "plain_objective": outcome.plain.objective,
            "plain_lowest": round(plain_lowest, 6),
            "lowest": round(outcome.floor, 6),
            "lowest_bound": round(outcome.min_paper_bound, 6),
            "fair_method": outcome.method,
            "fair_proven": outcome.proven,
        }
    else:
        result = assignment_solve(**problem)
        lowest = min(sum(a for _r, a in v) for v in result.by_paper.values())
        extra = {"fair": False, "lowest": round(lowest, 6)}
    chosen = [(p, r) for p, r, _a in result.assignments]
    profiles = {r.id: r for r in reviewers}
    explanations = pair_explanations(
        matrix=matrix,
        weights=weights,
        chosen=chosen,
        paper_texts=[p.text for p in paper_inputs],
        reviewer_texts=[r.expertise_text for r in reviewers],
        paper_topics={p.pk: {t.pk: t.name for t in p.topics.all()} for p in papers},
        reviewer_topics={uid: r.topic_ids for uid, r in profiles.items()},
        bids=bids,
        kept=set(fixed),
        min_load=min_load,
        max_loads={uid: caps.get(uid, max_load) for uid in user_ids},
        reviewer_names=names,
        floor=floor,
    )
    kept = set(fixed)
    with transaction.atomic():
        _assignment_inputs_recheck(
            edition=edition,
            paper_ids={p.pk for p in papers},
            user_ids=user_ids,
            conflicts=conflicts,
            pairs=set(chosen),
        )
        proposal = AssignmentProposal.objects.create(
            edition=edition,
            created_by=by,
            objective=float(result.objective),
            parameters={
                "reviewers_per_paper": reviewers_per_paper,
                "min_load": min_load,
                "max_load": max_load,
                "weights": {"bid": weights.bid, "topic": weights.topic, "text": weights.text},
                "solve_seconds": round(result.solve_seconds, 3),
                **extra,
                "basis": assignment_basis(
                    paper_ids=[p.pk for p in papers], user_ids=user_ids, assigned=fixed
                ),
            },
        )
        ProposedPair.objects.bulk_create(
            ProposedPair(
                proposal=proposal,
                paper_id=p,
                reviewer_id=r,
                affinity=float(a),
                kept=(p, r) in kept,
                explanation=explanations[(p, r)],
            )
            for p, r, a in result.assignments
        )
    return proposal


def _assignment_inputs_recheck(
    *,
    edition: Edition,
    paper_ids: set[int],
    user_ids: set[int],
    conflicts: set[tuple[int, int]],
    pairs: set[tuple[int, int]],
) -> None:
    """Under lock, the papers, committee and conflicts the solver saw are still the same."""
    # Lock the reviewable papers in pk order (docs/locking.md): a withdrawal waits until the
    # proposal is stored, and one that committed during the solve is seen here.
    locked = set(
        paper_list_for_assignment(edition=edition)
        .select_for_update(no_key=True, of=("self",))
        .values_list("pk", flat=True)
    )
    members = set(pc_member_users(edition=edition).values_list("pk", flat=True))
    if locked != paper_ids or members != user_ids:
        raise PapersError(
            "Papers or committee members changed while the assignment was computed; run it again."
        )
    if pairs & (conflicted_pairs(edition=edition, user_ids=list(user_ids)) - conflicts):
        raise PapersError(
            "A conflict was declared while the assignment was computed; run it again."
        )


def _check_pair(*, paper: Paper, reviewer) -> None:
    # Read fresh: the caller's object may predate a withdrawal or a decision.
    current = Paper.objects.get(pk=paper.pk)
    if current.is_withdrawn or paper_is_decided(paper=current):
        raise PapersError(
            f"{paper_label(paper)} is {'withdrawn' if current.is_withdrawn else 'decided'}; "
            "it gets no new reviewers.",
            field="paper",
        )
    if not Role.objects.filter(
        edition_id=paper.edition_id, kind=RoleKind.PC_MEMBER, person__user=reviewer
    ).exists():
        raise PapersError(f"{reviewer} is not on the program committee.", field="reviewer")
    if paper.pk in conflicted_paper_ids(edition=paper.edition, user=reviewer):
        raise PapersError(f"{reviewer} has a conflict with paper #{paper.pk}.", field="reviewer")


def _proposal_lock_open(proposal: AssignmentProposal) -> AssignmentProposal:
    # Lock the proposal: a commit running at the same time holds it, so a pair changed after
    # the commit is refused here instead of silently missing from the assignments.
    locked = AssignmentProposal.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=proposal.pk
    )
    if locked.committed_at:
        raise PapersError("This proposal is already committed.")
    return locked


@transaction.atomic
def proposal_pair_add(*, proposal: AssignmentProposal, paper: Paper, reviewer) -> ProposedPair:
    """Add a pair to an uncommitted proposal. Raises PapersError (committed, not on the
    committee, conflicted)."""
    proposal = _proposal_lock_open(proposal)
    _check_pair(paper=paper, reviewer=reviewer)
    pair, _ = ProposedPair.objects.get_or_create(proposal=proposal, paper=paper, reviewer=reviewer)
    return pair


@transaction.atomic
def proposal_pair_remove(*, proposal: AssignmentProposal, pair_id: int) -> None:
    """Drop a pair from an uncommitted proposal. Raises PapersError (committed)."""
    proposal = _proposal_lock_open(proposal)
    ProposedPair.objects.filter(proposal=proposal, pk=pair_id).delete()


@transaction.atomic
def proposal_commit(*, proposal: AssignmentProposal, by) -> list[ReviewAssignment]:
    """Turn the proposal into assignments (new pairs only); reviewers are mailed on commit.

    Refuses (PapersError, nothing written) a proposal already committed, or gone stale: the
    papers to assign, the committee or the assignments differ from what it was computed from,
    or one of its pairs is now for a withdrawn or decided paper, a reviewer off the committee,
    or a conflicted pair.
    """
    # Lock order (docs/locking.md): proposal, then its papers in pk order. A second commit
    # waits for the first and finds it committed; a withdrawal or decision recorded meanwhile
    # holds its paper, so the checks below see it.
    proposal = AssignmentProposal.objects.select_for_update(no_key=True, of=("self",)).get(
        pk=proposal.pk
    )
    if proposal.committed_at:
        raise PapersError("This proposal is already committed.")
    pairs = list(
        proposal.pairs.select_related("paper", "reviewer", "reviewer__person").order_by(
            "paper_id", "pk"
        )
    )
    paper_ids = sorted({pair.paper_id for pair in pairs})
    list(
        Paper.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk__in=paper_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    edition = proposal.edition
    basis = proposal.parameters.get("basis")
    if basis:
        now = assignment_basis_now(edition=edition)
        changed = [BASIS_WHAT[key] for key in BASIS_WHAT if basis.get(key) != now[key]]
        if changed:
            raise PapersError(
                "This proposal is out of date: " + "; ".join(changed) + " changed since it was "
                "computed. Run the assignment again."
            )
    assignable = set(
        paper_list_for_assignment(edition=edition)
        .filter(pk__in=paper_ids)
        .values_list("pk", flat=True)
    )
    members = set(pc_member_users(edition=edition).values_list("pk", flat=True))
    conflicts = conflicted_pairs(edition=edition)
    for pair in pairs:
        if pair.paper_id not in assignable:
            raise PapersError(
                f"This proposal is out of date: {paper_label(pair.paper)} is withdrawn or "
                "decided now. Run the assignment again."
            )
        if pair.reviewer_id not in members:
            raise PapersError(
                f"This proposal is out of date: {person_label(pair.reviewer)} is no longer on "
                "the program committee. Run the assignment again."
            )
        if (pair.paper_id, pair.reviewer_id) in conflicts:
            raise PapersError(
                f"{person_label(pair.reviewer)} has a conflict with {paper_label(pair.paper)}."
            )
    created = []
    for pair in pairs:
        assignment, new = ReviewAssignment.objects.get_or_create(
            paper_id=pair.paper_id,
            reviewer_id=pair.reviewer_id,
            defaults={"affinity": pair.affinity, "assigned_by": by},
        )
        if new:
            created.append(assignment)
    proposal.committed_at = timezone.now()
    proposal.save(update_fields=["committed_at"])
    _notify_assigned(created)
    return created


def _notify_assigned(assignments: list[ReviewAssignment]) -> None:
    from papers.tasks import review_assignment_notify_task

    by_reviewer: dict[int, list[int]] = {}
    for a in assignments:
        by_reviewer.setdefault(a.reviewer_id, []).append(a.pk)
    for ids in by_reviewer.values():
        transaction.on_commit(
            lambda ids=ids: review_assignment_notify_task.delay(assignment_ids=ids)
        )


@transaction.atomic
def assignment_add(*, paper: Paper, reviewer, by, meta: bool = False) -> ReviewAssignment:
    """Assign one reviewer by hand (checks committee and conflicts); mails the reviewer."""
    _check_pair(paper=paper, reviewer=reviewer)
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                paper=paper, reviewer=reviewer, assigned_by=by, is_meta_reviewer=meta
            )
    except IntegrityError:
        raise PapersError(f"{reviewer} is already assigned to this paper.") from None
    _notify_assigned([assignment])
    return assignment


@transaction.atomic
def assignments_add_bulk(*, papers: list[Paper], reviewer, by) -> list[ReviewAssignment]:
    """Assign one reviewer to several papers, all or none; papers they already have are
    skipped. Raises PapersError naming every paper refused (decided, withdrawn, conflicted)
    or the reviewer off the committee. Mails the reviewer once, on commit."""
    if not papers:
        raise PapersError("Select at least one paper.", field="papers")
    have = set(
        ReviewAssignment.objects.filter(paper__in=papers, reviewer=reviewer).values_list(
            "paper_id", flat=True
        )
    )
    refused, created = [], []
    for paper in sorted(papers, key=lambda p: p.pk):
        if paper.pk in have:
            continue
        try:
            _check_pair(paper=paper, reviewer=reviewer)
        except PapersError as exc:
            if exc.field == "reviewer" and "committee" in exc.message:
                raise
            refused.append(paper_label(paper))
            continue
        created.append(
            ReviewAssignment.objects.create(paper=paper, reviewer=reviewer, assigned_by=by)
        )
    if refused:
        raise PapersError(
            f"{person_label(reviewer)} cannot review " + ", ".join(refused) + " (decided, "
            "withdrawn or conflicted); nothing was assigned.",
            field="papers",
        )
    _notify_assigned(created)
    return created


@transaction.atomic
def assignment_remove(*, assignment: ReviewAssignment) -> None:
    """Unassign a reviewer who has not submitted a review. Raises PapersError otherwise."""
    # Lock the assignment (FOR UPDATE, not no_key: the row is deleted). review_save holds it
    # while it submits, so the check below sees a review submitted at the same moment.
    locked = (
        ReviewAssignment.objects.select_for_update(of=("self",)).filter(pk=assignment.pk).first()
    )
    if locked is None:
        return
    if Review.objects.filter(
        paper_id=locked.paper_id,
        reviewer_id=locked.reviewer_id,
        status=ReviewStatus.SUBMITTED,
    ).exists():
        raise PapersError("This reviewer already submitted a review; it cannot be unassigned.")
    locked.delete()


def assignment_extend(*, assignment: ReviewAssignment, until: dt.datetime) -> ReviewAssignment:
    """A chair gives one reviewer more time for one paper."""
    assignment.deadline_extended_to = until
    assignment.save(update_fields=["deadline_extended_to"])
    return assignment


def assignment_set_meta(*, assignment: ReviewAssignment, meta: bool) -> ReviewAssignment:
    """Designate (or stop designating) the assigned reviewer as the paper's meta-reviewer."""
    assignment.is_meta_reviewer = meta
    assignment.save(update_fields=["is_meta_reviewer"])
    access_invalidate()
    return assignment


def assignment_notify(*, assignments: list[ReviewAssignment]) -> int:
    """Queue one mail to a reviewer about their new assignments; skips those already notified.

    The mail and ``notified_at`` commit together; the outbox key (the assignments' ids) makes
    a retried task find the mail it queued before.
    """
    pending = [a for a in assignments if a.notified_at is None]
    if not pending:
        return 0
    reviewer = pending[0].reviewer
    edition = pending[0].paper.edition
    body = render_to_string(
        "papers/email/review_assigned.txt",
        {
            "reviewer": reviewer,
            "edition": edition,
            "assignments": pending,
            "url": absolute_url(reverse("papers:reviewer-home", args=[edition.slug])),
            "deadline": deadline_get(edition=edition, key=DateKey.REVIEW),
        },
    )
    ids = sorted(a.pk for a in pending)
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:32]
    with transaction.atomic():
        mail_queue(
            key=f"review-assigned:{reviewer.pk}:{digest}",
            to=[reviewer.email],
            subject=f"[{edition.slug}] Papers assigned to you for review",
            body=body,
            edition=edition,
            guard_perm="papers.view_paper",
            guard_objects=[a.paper for a in pending],
        )
        ReviewAssignment.objects.filter(pk__in=ids).update(notified_at=timezone.now())
    return 1


# --- reviews -------------------------------------------------------------------------------


def review_deadline_for(*, assignment: ReviewAssignment) -> dt.datetime | None:
    """The instant this reviewer's review of this paper is due (extension honoured)."""
    if assignment.deadline_extended_to:
        return assignment.deadline_extended_to
    deadline = deadline_get(edition=assignment.paper.edition, key=DateKey.REVIEW)
    return deadline.effective_at if deadline else None


def review_closed_reason(*, assignment: ReviewAssignment, review, now=None) -> str:
    """Why this reviewer can no longer save their review of this paper ("" while they can):
    the rules ``review_save`` enforces, for pages to say before the form is filled in."""
    now = now or timezone.now()
    if paper_is_decided(paper=assignment.paper):
        return "The paper is decided; reviews can no longer change."
    due = review_deadline_for(assignment=assignment)
    if not (review is not None and review.is_submitted) and due is not None and now > due:
        return (
            f"The review deadline passed on {due:%Y-%m-%d %H:%M} UTC; ask the chairs for an "
            "extension."
        )
    return ""


def _clean_answers(*, fields, scores: dict, texts: dict, submit: bool) -> tuple[dict, dict]:
    clean_scores, clean_texts, missing = {}, {}, []
    for f in fields:
        if f.is_score:
            value = scores.get(f.key)
            if value in (None, ""):
                if f.required and submit:
                    missing.append(f.label)
                continue
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise PapersError(f"{f.label}: not a number.", field=f.key) from None
            if not f.scale_min <= value <= f.scale_max:
                raise PapersError(
                    f"{f.label}: must be between {f.scale_min} and {f.scale_max}.", field=f.key
                )
            clean_scores[f.key] = value
        else:
            value = (texts.get(f.key) or "").strip()
            if not value and f.required and submit:
                missing.append(f.label)
            if value:
                clean_texts[f.key] = value
    if missing:
        raise PapersError("Please answer: " + ", ".join(missing) + ".")
    return clean_scores, clean_texts


@transaction.atomic
def review_save(
    *,
    assignment: ReviewAssignment,
    scores: dict,
    texts: dict,
    submit: bool = False,
    now: dt.datetime | None = None,
    by=None,
) -> Review:
    """Save a draft, submit it, or edit a submitted review.

    Every save that changes the answers or the status writes a ReviewVersion (``by``, the
    reviewer unless given, the time, the answers): the history chairs read.

    Drafts and submission close at the review deadline (or the reviewer's extension); a
    submitted review stays editable until the paper is decided. Raises DeadlinePassed or
    PapersError.
    """
    now = now or timezone.now()
    # Lock order (docs/locking.md): paper, assignment, review; every check reads after them.
    # The paper: a decision being recorded holds it, so the review waits and sees it.
    paper = (
        Paper.objects.select_for_update(no_key=True, of=("self",))
        .select_related("edition")
        .get(pk=assignment.paper_id)
    )
    # The assignment: an unassignment holds it; the review of a removed reviewer is refused.
    # It also stands for the review row while there is none yet (against a double submit).
    locked = (
        ReviewAssignment.objects.select_for_update(no_key=True, of=("self",))
        .filter(pk=assignment.pk)
        .first()
    )
    if locked is None:
        raise PapersError("You are no longer assigned to this paper.")
    locked.paper, locked.reviewer = paper, assignment.reviewer
    assignment = locked
    if paper_is_decided(paper=paper):
        raise PapersError("The paper is decided; reviews can no longer change.")
    review = (
        Review.objects.select_for_update(no_key=True, of=("self",))
        .filter(paper=paper, reviewer_id=assignment.reviewer_id)
        .first()
    )
    was_submitted = review is not None and review.is_submitted
    due = review_deadline_for(assignment=assignment)
    if not was_submitted and due is not None and now > due:
        raise DeadlinePassed(
            f"The review deadline passed on {due:%Y-%m-%d %H:%M} UTC; ask the chairs for an "
            "extension."
        )
    fields = review_fields(edition=paper.edition)
    clean_scores, clean_texts = _clean_answers(
        fields=fields, scores=scores, texts=texts, submit=submit or was_submitted
    )
    if review is None:
        review = Review(paper=paper, reviewer=assignment.reviewer)
    before = (review.pk, review.status, review.scores, review.texts)
    review.scores, review.texts = clean_scores, clean_texts
    review.overall = clean_scores.get(OVERALL_KEY)
    if submit and not was_submitted:
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = now
    review.save()
    if before != (review.pk, review.status, review.scores, review.texts):
        ReviewVersion.objects.create(
            review=review,
            scores=review.scores,
            texts=review.texts,
            status=review.status,
            saved_by=by or assignment.reviewer,
        )
    access_invalidate()
    return review


# --- discussion and meta-review ------------------------------------------------------------


def discussion_post_add(*, paper: Paper, author, body: str) -> DiscussionPost:
    """Add a post; mails the paper's other reviewers who may read it and the chairs."""
    body = body.strip()
    if not body:
        raise PapersError("Write something first.", field="body")
    post = DiscussionPost.objects.create(paper=paper, author=author, body=body)
    from papers.tasks import discussion_notify_task

    transaction.on_commit(lambda: discussion_notify_task.delay(post_id=post.pk))
    return post


def discussion_notify(*, post: DiscussionPost) -> int:
    """Mail the participants (papers.access.discussion_recipients) but the poster."""
    from papers.access import discussion_recipients

    paper = post.paper
    emails = {u.email for u in discussion_recipients(paper=paper, exclude=post.author)}
    url = absolute_url(reverse("papers:reviewer-paper", args=[paper.edition.slug, paper.pk]))
    body = render_to_string(
        "papers/email/review_discussion.txt", {"paper": paper, "post": post, "url": url}
    )
    for email in sorted(emails):
        mail_queue(
            key=f"discussion:{post.pk}:{email.lower()}",
            to=[email],
            subject=f"[{paper.edition.slug}] Discussion of paper #{paper.pk}",
            body=body,
            edition=paper.edition,
            guard_perm="papers.view_paper",
            guard_objects=[paper],
        )
    return len(emails)


def meta_review_save(*, paper: Paper, author, body: str) -> MetaReview:
    if paper_is_decided(paper=paper):
        raise PapersError("The paper is decided; the meta-review can no longer change.")
    meta, _ = MetaReview.objects.update_or_create(
        paper=paper, defaults={"author": author, "body": body.strip()}
    )
    return meta


# --- reminders -----------------------------------------------------------------------------


def review_reminders_send(
    *, edition: Edition, reviewer_ids: set[int] | None = None, today: dt.date | None = None
) -> int:
    """Mail each late reviewer (or those of ``reviewer_ids``) once per day at most.

    The ReviewReminder row (unique per edition, reviewer and day) and the outbox mail commit
    together: a retried task or a second click the same day sends nothing twice. The day's
    mails form one outbox batch (``review-reminders:<edition>:<day>``), resumable from the
    mail log if a worker dies.
    """
    today = today or timezone.now().date()
    from papers.access import reminder_recipient_ids

    late = reminder_recipient_ids(edition=edition, late_ids=late_reviewer_ids(edition=edition))
    if reviewer_ids is not None:
        late &= set(reviewer_ids)
    deadline = deadline_get(edition=edition, key=DateKey.REVIEW)
    url = absolute_url(reverse("papers:reviewer-home", args=[edition.slug]))
    from django.contrib.auth import get_user_model

    sent = 0
    for user in get_user_model().objects.filter(pk__in=late).order_by("pk"):
        body = render_to_string(
            "papers/email/review_reminder.txt",
            {"reviewer": user, "edition": edition, "deadline": deadline, "url": url},
        )
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(edition=edition, reviewer=user, day=today)
                mail_queue(
                    key=f"review-reminder:{edition.pk}:{user.pk}:{today.isoformat()}",
                    to=[user.email],
                    subject=f"[{edition.slug}] Reminder: reviews due",
                    body=body,
                    edition=edition,
                    batch=f"review-reminders:{edition.pk}:{today.isoformat()}",
                )
        except IntegrityError:
            continue
        sent += 1
    return sent


def review_reminder_schedule(*, edition: Edition, days_before: int):
    """Register (or move) a one-off django-celery-beat task N days before the review deadline."""
    from django_celery_beat.models import ClockedSchedule, PeriodicTask

    deadline = deadline_get(edition=edition, key=DateKey.REVIEW)
    if deadline is None:
        raise PapersError("Set the review deadline (key “review”) first.")
    if days_before < 0:
        raise PapersError("Days before must be 0 or more.", field="days_before")
    at = deadline.effective_at - dt.timedelta(days=days_before)
    if at <= timezone.now():
        raise PapersError("That moment has already passed.", field="days_before")
    clocked, _ = ClockedSchedule.objects.get_or_create(clocked_time=at)
    task, _ = PeriodicTask.objects.update_or_create(
        name=f"papers: review reminder {edition.slug}",
        defaults={
            "task": "papers.review_reminders",
            "clocked": clocked,
            "one_off": True,
            "enabled": True,
            "kwargs": json.dumps({"edition_id": edition.pk}),
        },
    )
    return task
