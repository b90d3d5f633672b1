"""Who may reach which paper: every view, API view, role list and mail recipient list asks here.

Each ``<thing>_for_<audience>`` returns the object (or queryset) the user may act on as that
audience, or raises ``PaperNotFound``: the same answer whether the object is missing, belongs
to another edition, or is forbidden, so an id never tells a stranger that it exists.
The checks are the permissions of ``papers.rules``; what they read about the user is cached
once per request (``emc2.access``).

A chair who is an author of a paper (or otherwise conflicted with it) is no chair of that
paper: it is left out of every chair list, its scores, reviews and discussion are hidden from
them and they cannot decide it. Another chair does; with one chair, a superuser.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from emc2.enums import RoleKind
from papers.enums import PaperStatus
from papers.models import (
    AssignmentProposal,
    MetaReview,
    Paper,
    Review,
    ReviewAssignment,
    ReviewAudience,
    ReviewStatus,
)
from papers.selectors.review import REVIEWABLE, conflicted_paper_ids

DECIDABLE = (PaperStatus.SUBMITTED, PaperStatus.UNDER_REVIEW)


class PaperNotFound(Http404):
    """No such paper (or assignment, proposal) for this user: missing or forbidden alike."""


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise PaperNotFound("No such paper.") from None


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PaperNotFound("No such paper.")


def _papers(*, edition) -> QuerySet[Paper]:
    return Paper.objects.filter(edition=edition).select_related("edition", "submission_type")


# --- authors (and chairs looking at the author's page) -------------------------------------


def paper_for_viewer(*, user, edition, pk: int) -> Paper:
    """A paper its authors and the edition's chairs may look at (``papers.view_paper``)."""
    from papers.selectors import paper_get

    try:
        paper = paper_get(edition=edition, pk=pk)
    except Http404:
        raise PaperNotFound("No such submission.") from None
    _require(user, "papers.view_paper", paper)
    return paper


def paper_for_author(*, user, edition, pk: int) -> Paper:
    """A paper the user is an author of; chairs who are not authors get ``PaperNotFound``."""
    from papers.rules import is_paper_author

    paper = paper_for_viewer(user=user, edition=edition, pk=pk)
    if not is_paper_author(user, paper):
        raise PaperNotFound("No such submission.")
    return paper


def papers_for_author(*, user) -> QuerySet[Paper]:
    """Every paper the user is an author of, across editions."""
    from papers.selectors import paper_list_for_user

    return paper_list_for_user(user=user)


# --- chairs --------------------------------------------------------------------------------


def chair_conflicted_ids(*, user, edition) -> set[int]:
    """Papers of ``edition`` the chair may not handle: they wrote them or are conflicted."""
    from papers.rules import authored_papers

    if not user.is_authenticated:
        return set()
    # conflicted_paper_ids leaves drafts out; a chair's own draft is theirs, not the chair's.
    authored = authored_papers(user).filter(edition=edition)
    return set(conflicted_paper_ids(edition=edition, user=user)) | set(
        authored.values_list("pk", flat=True)
    )


def papers_for_chair(*, user, edition) -> QuerySet[Paper]:
    """The edition's papers the user may handle as chair (none unless they chair it)."""
    if not user.has_perm("papers.view_submissions", edition):
        return Paper.objects.none()
    return _papers(edition=edition).exclude(pk__in=chair_conflicted_ids(user=user, edition=edition))


def paper_for_chair(*, user, edition, pk: int, reviewable: bool = False) -> Paper:
    """A paper of ``edition`` the user chairs and is not conflicted with.

    ``reviewable``: only a submitted paper under review (the review pages).
    """
    qs = _papers(edition=edition)
    if reviewable:
        qs = qs.filter(status__in=REVIEWABLE)
    paper = _get(qs, pk=pk)
    _require(user, "papers.manage_paper", paper)
    return paper


def papers_for_decider(*, user, edition) -> QuerySet[Paper]:
    """The decidable papers the user may decide: not withdrawn, not drafts, not their own."""
    if not user.has_perm("papers.decide_paper", edition):
        return Paper.objects.none()
    # Chairs and designated deciders alike: never the papers they wrote or are conflicted with.
    hidden = chair_conflicted_ids(user=user, edition=edition)
    return _papers(edition=edition).filter(status__in=DECIDABLE).exclude(pk__in=hidden)


def paper_for_decider(*, user, edition, pk: int) -> Paper:
    paper = _get(_papers(edition=edition).filter(status__in=DECIDABLE), pk=pk)
    _require(user, "papers.decide_paper", paper)
    return paper


def decision_hidden_count(*, user, edition) -> int:
    """How many decidable papers the chair may not decide (they wrote or are conflicted)."""
    if not user.has_perm("papers.decide_paper", edition):
        return 0
    return (
        Paper.objects.filter(edition=edition, status__in=DECIDABLE)
        .filter(pk__in=chair_conflicted_ids(user=user, edition=edition))
        .count()
    )


def other_deciders(*, user, edition) -> list:
    """Who decides the papers ``user`` may not: the other chairs, else the edition's designated
    deciders (RoleKind.DECIDER), else the superusers.

    Each user has ``decider_kind`` set ("chair", "decider" or "admin"), so the page can say who.
    """
    User = get_user_model()

    def holders(kind):
        return list(
            User.objects.filter(person__roles__edition=edition, person__roles__kind=kind)
            .exclude(pk=user.pk)
            .distinct()
            .order_by("email")
        )

    found = holders(RoleKind.CHAIR)
    kind = "chair"
    if not found:
        found, kind = holders(RoleKind.DECIDER), "decider"
    if not found:
        found = list(
            User.objects.filter(is_superuser=True, is_active=True)
            .exclude(pk=user.pk)
            .order_by("email")
        )
        kind = "admin"
    for other in found:
        other.decider_kind = kind
    return found


def assignment_for_chair(*, user, edition, pk: int) -> ReviewAssignment:
    """An assignment of a paper the user may handle as chair."""
    assignment = _get(
        ReviewAssignment.objects.select_related("paper", "paper__edition"),
        paper__edition=edition,
        pk=pk,
    )
    _require(user, "papers.manage_paper", assignment.paper)
    return assignment


def proposal_for_chair(*, user, edition, pk: int) -> AssignmentProposal:
    if not user.has_perm("papers.manage_reviews", edition):
        raise PaperNotFound("No such proposal.")
    return _get(AssignmentProposal.objects.all(), edition=edition, pk=pk)


# --- reviewers -----------------------------------------------------------------------------


def paper_for_reviewer(*, user, edition, pk: int) -> Paper:
    """A reviewable paper the PC member may bid on or declare a conflict with."""
    paper = _get(_papers(edition=edition).filter(status__in=REVIEWABLE), pk=pk)
    _require(user, "papers.bid_paper", paper)
    return paper


def assignment_for_reviewer(*, user, edition, pk: int) -> ReviewAssignment:
    """The user's assignment for paper ``pk``: missing, withdrawn or conflicted alike."""
    from papers.selectors import assignment_get_for_reviewer

    try:
        assignment = assignment_get_for_reviewer(edition=edition, user=user, paper_pk=pk)
    except Http404:
        raise PaperNotFound("No such assignment.") from None
    _require(user, "papers.review_paper", assignment.paper)
    return assignment


# --- what of a paper's reviews a user reads -----------------------------------------------


def review_audience(*, user, paper: Paper) -> str | None:
    """As whom ``user`` reads the reviews of ``paper``: a ReviewAudience, or None (nothing).

    A chair of the paper (not its author, not conflicted) reads every field; a reviewer of it
    who submitted their own review reads the authors' and PC fields; an author reads the
    authors' fields once the decision is released. Every page, API view, e-mail and export
    that shows reviews passes this to papers.selectors.review_display.
    """
    if user.has_perm("papers.manage_paper", paper) and user.has_perm("papers.view_reviews", paper):
        return ReviewAudience.CHAIR
    if user.has_perm("papers.view_reviews", paper):
        return ReviewAudience.PC
    if user.has_perm("papers.view_decision", paper):
        return ReviewAudience.AUTHOR
    return None


def meta_review_for_user(*, user, paper: Paper) -> MetaReview | None:
    """The paper's meta-review if ``user`` may read it (``papers.view_meta_review``)."""
    if not user.has_perm("papers.view_meta_review", paper):
        return None
    return MetaReview.objects.filter(paper=paper).first()


def paper_for_meta_review(*, user, edition, pk: int) -> Paper:
    """A paper of ``edition`` whose meta-review the user may read or write; else 404."""
    paper = _get(_papers(edition=edition).exclude(status=PaperStatus.DRAFT), pk=pk)
    if not (
        user.has_perm("papers.view_meta_review", paper)
        or user.has_perm("papers.meta_review_paper", paper)
    ):
        raise PaperNotFound("No such paper.")
    return paper


# --- mail recipients -----------------------------------------------------------------------


def discussion_recipients(*, paper: Paper, exclude=None) -> list:
    """Who is mailed a discussion post: everyone who may read the discussion but the poster.

    Reviewers who submitted their review and chairs; never an author or a conflicted user
    (a chair who co-wrote the paper included).
    """
    User = get_user_model()
    reviewer_ids = Review.objects.filter(paper=paper, status=ReviewStatus.SUBMITTED).values(
        "reviewer_id"
    )
    candidates = User.objects.filter(is_active=True).filter(
        pk__in=reviewer_ids
    ) | User.objects.filter(
        is_active=True,
        person__roles__edition_id=paper.edition_id,
        person__roles__kind=RoleKind.CHAIR,
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return [
        u for u in candidates.distinct().order_by("pk") if u.has_perm("papers.discuss_paper", paper)
    ]


def reminder_recipient_ids(*, edition, late_ids: set[int]) -> set[int]:
    """The late reviewers who still owe a review they may write (no conflict since)."""
    from papers.selectors.review import conflicted_pairs

    owed = set(
        ReviewAssignment.objects.filter(
            paper__edition=edition, paper__status__in=REVIEWABLE, reviewer_id__in=late_ids
        ).values_list("paper_id", "reviewer_id")
    )
    submitted = set(
        Review.objects.filter(
            paper__edition=edition, status=ReviewStatus.SUBMITTED, reviewer_id__in=late_ids
        ).values_list("paper_id", "reviewer_id")
    )
    conflicted = conflicted_pairs(edition=edition, user_ids=list(late_ids))
    return {uid for pid, uid in owed - submitted - conflicted}


# --- conflicts -----------------------------------------------------------------------------


def conflict_for_chair(*, user, edition, pk: int):
    """A stored conflict of a paper the user may handle as chair."""
    from papers.models import PaperConflict

    conflict = _get(
        PaperConflict.objects.select_related("paper", "paper__edition", "user"),
        paper__edition=edition,
        pk=pk,
    )
    _require(user, "papers.manage_paper", conflict.paper)
    return conflict
