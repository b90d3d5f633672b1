"""Reads of the review process: committee, conflicts, bids, assignments, reviews, scores.

Reviewer-facing selectors hand out only what double-blind review allows: no author rows are
prefetched, and other reviewers appear as numbers, never by name.
"""

from __future__ import annotations

import statistics

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from emc2.enums import RoleKind
from papers.enums import REVIEWABLE
from papers.models import (
    DEFAULT_FORM,
    Bid,
    DiscussionPost,
    MetaReview,
    Paper,
    PCInvitation,
    Review,
    ReviewAssignment,
    ReviewAudience,
    ReviewerProfile,
    ReviewField,
    ReviewStatus,
    ReviewVersion,
)
from papers.selectors.conflicts import (  # noqa: F401 (re-exported: access, services)
    conflicted_pairs,
    conflicted_paper_ids,
    is_public_mail_domain,
)

User = get_user_model()

# --- committee ---------------------------------------------------------------------------


def pc_member_users(*, edition) -> QuerySet:
    """Users holding the pc_member role in ``edition``, by name."""
    return (
        User.objects.filter(person__roles__edition=edition, person__roles__kind=RoleKind.PC_MEMBER)
        .select_related("person")
        .distinct()
        .order_by("person__name", "email")
    )


def pc_invitation_list(*, edition) -> QuerySet[PCInvitation]:
    return PCInvitation.objects.filter(edition=edition).select_related("user").order_by("email")


def pc_invitation_is_for(*, invitation: PCInvitation, user) -> bool:
    """Whether the account has verified the invitation's address (only then may it accept)."""
    from allauth.account.models import EmailAddress

    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


def reviewer_profile_get(*, edition, user) -> ReviewerProfile:
    profile = ReviewerProfile.objects.filter(edition=edition, user=user).first()
    return profile or ReviewerProfile(edition=edition, user=user)


# --- bidding -------------------------------------------------------------------------------


def paper_list_for_bidding(*, edition, user) -> list[Paper]:
    """Every reviewable paper the user is not conflicted with, with ``my_bid`` set.

    Authors are not loaded: the page never shows them (double-blind types hide them; for
    single-blind types the reviewer sees them on the review page once assigned).
    """
    excluded = conflicted_paper_ids(edition=edition, user=user)
    papers = list(
        Paper.objects.filter(edition=edition, status__in=REVIEWABLE)
        .exclude(pk__in=excluded)
        .select_related("submission_type")
        .prefetch_related("topics")
        .order_by("pk")
    )
    bids = dict(
        Bid.objects.filter(user=user, paper__in=[p.pk for p in papers]).values_list(
            "paper_id", "value"
        )
    )
    for paper in papers:
        paper.my_bid = bids.get(paper.pk, "")
    return papers


def bid_list_for_paper(*, paper) -> QuerySet[Bid]:
    """The bids on ``paper`` with their bidders, for the chairs (papers.access checks who)."""
    return (
        Bid.objects.filter(paper=paper)
        .select_related("user", "user__person")
        .order_by("user__email", "pk")
    )


# --- assignments and reviews ---------------------------------------------------------------


def review_fields(*, edition) -> list[ReviewField]:
    """The edition's review form, in order; the default form (unsaved) if the chairs set none."""
    fields = list(ReviewField.objects.filter(edition=edition).order_by("order", "pk"))
    return fields or [
        ReviewField(edition=edition, order=n, **spec) for n, spec in enumerate(DEFAULT_FORM)
    ]


def assignment_list_for_reviewer(*, edition, user) -> list[ReviewAssignment]:
    """The user's assignments in ``edition`` (conflicts excluded), each with ``my_review``."""
    excluded = conflicted_paper_ids(edition=edition, user=user)
    assignments = list(
        ReviewAssignment.objects.filter(
            paper__edition=edition, reviewer=user, paper__status__in=REVIEWABLE
        )
        .exclude(paper_id__in=excluded)
        .select_related("paper", "paper__submission_type")
        .order_by("paper_id")
    )
    reviews = {
        r.paper_id: r
        for r in Review.objects.filter(reviewer=user, paper__in=[a.paper_id for a in assignments])
    }
    for assignment in assignments:
        assignment.my_review = reviews.get(assignment.paper_id)
    return assignments


def assignment_get_for_reviewer(*, edition, user, paper_pk: int) -> ReviewAssignment:
    """The user's assignment for a paper; 404 when missing, withdrawn or conflicted."""
    if paper_pk in conflicted_paper_ids(edition=edition, user=user):
        raise Http404("No such assignment.")
    try:
        return ReviewAssignment.objects.select_related(
            "paper", "paper__submission_type", "paper__edition"
        ).get(
            paper__edition=edition,
            paper_id=paper_pk,
            reviewer=user,
            paper__status__in=REVIEWABLE,
        )
    except ReviewAssignment.DoesNotExist:
        raise Http404("No such assignment.") from None


def review_get(*, paper, reviewer) -> Review | None:
    return Review.objects.filter(paper=paper, reviewer=reviewer).first()


def review_list_for_paper(*, paper) -> list[Review]:
    """Submitted reviews of a paper, numbered in submission order (``number``)."""
    reviews = list(
        Review.objects.filter(paper=paper, status=ReviewStatus.SUBMITTED)
        .select_related("reviewer", "reviewer__person")
        .order_by("submitted_at", "pk")
    )
    for n, review in enumerate(reviews, start=1):
        review.number = n
    return reviews


def review_display(
    *, review: Review, fields: list[ReviewField], audience: str | None, viewer=None
) -> list[dict]:
    """The answers of a review that ``audience`` may read, as rows {key, label, kind, value,
    display, visibility}.

    The one field filter of reviews: pages, API, e-mails and exports call it with the
    audience papers.access.review_audience gives. The reviewer who wrote the review
    (``viewer``) reads all of it; nobody else reads a field above their audience.
    """
    if viewer is not None and getattr(viewer, "pk", None) == review.reviewer_id:
        audience = ReviewAudience.CHAIR
    rows = []
    for f in fields:
        if not f.readable_by(audience):
            continue
        if f.is_score:
            value = review.scores.get(f.key)
            label = (f.scale_labels or {}).get(str(value), "")
            display = "" if value is None else (f"{value} ({label})" if label else str(value))
        else:
            value = review.texts.get(f.key, "")
            display = value
        rows.append(
            {
                "key": f.key,
                "label": f.label,
                "kind": f.kind,
                "value": value,
                "display": display,
                "visibility": f.visibility,
                "visibility_label": f.get_visibility_display(),
            }
        )
    return rows


def reviews_for_author(*, paper) -> list[dict]:
    """Submitted reviews of ``paper`` with only the authors' fields, never who wrote them.

    Each item: {"number": 1, "fields": [{"key", "label", "kind", "value", "display"}]}.
    """
    fields = review_fields(edition=paper.edition)
    out = []
    for n, review in enumerate(
        Review.objects.filter(paper=paper, status=ReviewStatus.SUBMITTED).order_by(
            "submitted_at", "pk"
        ),
        start=1,
    ):
        rows = review_display(review=review, fields=fields, audience=ReviewAudience.AUTHOR)
        for row in rows:
            del row["visibility"], row["visibility_label"]
        out.append({"number": n, "fields": rows})
    return out


def review_rows_for_export(
    *, edition, papers
) -> tuple[list[ReviewField], list[tuple[Review, list]]]:
    """The submitted reviews of ``papers`` (a chair's papers: papers.access.papers_for_chair)
    with every answer, for the chairs' CSV. Two queries plus the form."""
    reviews = list(
        Review.objects.filter(paper__in=papers, status=ReviewStatus.SUBMITTED)
        .select_related("paper", "reviewer", "reviewer__person")
        .order_by("paper_id", "submitted_at", "pk")
    )
    fields = review_fields(edition=edition)
    return fields, [
        (r, review_display(review=r, fields=fields, audience=ReviewAudience.CHAIR)) for r in reviews
    ]


def review_history(*, paper) -> list[dict]:
    """Every review of ``paper`` (drafts too) with each saved version, oldest first: for the
    chairs only (the views and the API reach it through papers.access.paper_for_chair).

    Each item: {"review", "versions": [{"version", "rows", "changed"}]}, where each row
    carries ``before`` (the previous version's display) and ``changed``. Three queries.
    """
    fields = review_fields(edition=paper.edition)
    reviews = (
        Review.objects.filter(paper=paper)
        .select_related("reviewer", "reviewer__person")
        .prefetch_related(
            Prefetch("versions", queryset=ReviewVersion.objects.select_related("saved_by"))
        )
        .order_by("pk")
    )
    out = []
    for review in reviews:
        versions, previous = [], {}
        for version in review.versions.all():
            rows = review_display(review=version, fields=fields, audience=ReviewAudience.CHAIR)
            for row in rows:
                row["before"] = previous.get(row["key"], "")
                row["changed"] = row["display"] != row["before"]
            previous = {row["key"]: row["display"] for row in rows}
            versions.append(
                {
                    "version": version,
                    "rows": rows,
                    "changed": [row["label"] for row in rows if row["changed"]],
                }
            )
        out.append({"review": review, "versions": versions})
    return out


def meta_review_for_authors(*, paper) -> str:
    """The meta-review's text as authors get it: "" before the decision is released, when the
    chairs do not show meta-reviews to authors, or when there is none."""
    from papers.rules import has_released_decision, meta_reviews_shown_to_authors

    if not (has_released_decision(None, paper) and meta_reviews_shown_to_authors(None, paper)):
        return ""
    meta = MetaReview.objects.filter(paper=paper).first()
    return meta.body if meta else ""


def review_scores(*, edition) -> dict[int, dict]:
    """Per reviewable paper: {"count" (submitted), "assigned", "mean_overall", "spread"}.

    ``spread`` is max - min of the overall scores (0 with one review, None with none).
    """
    papers = Paper.objects.filter(edition=edition, status__in=REVIEWABLE)
    out = {
        pk: {"count": 0, "assigned": n, "mean_overall": None, "spread": None}
        for pk, n in papers.annotate(n=Count("assignments")).values_list("pk", "n")
    }
    overall: dict[int, list[int]] = {}
    for paper_id, score in Review.objects.filter(
        paper__in=papers, status=ReviewStatus.SUBMITTED
    ).values_list("paper_id", "overall"):
        out[paper_id]["count"] += 1
        if score is not None:
            overall.setdefault(paper_id, []).append(score)
    for paper_id, scores in overall.items():
        out[paper_id]["mean_overall"] = round(statistics.fmean(scores), 2)
        out[paper_id]["spread"] = max(scores) - min(scores)
    return out


def review_dashboard(*, edition, user=None) -> dict:
    """The chair's view: papers with scores and reviewers, and missing reviews per reviewer.

    With ``user``, the papers they wrote or are conflicted with are left out (papers.access).
    """
    scores = review_scores(edition=edition)
    papers_qs = Paper.objects.filter(edition=edition, status__in=REVIEWABLE)
    if user is not None:
        from papers.access import chair_conflicted_ids

        papers_qs = papers_qs.exclude(pk__in=chair_conflicted_ids(user=user, edition=edition))
    papers = list(
        papers_qs.prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.select_related("reviewer", "reviewer__person"),
            )
        ).order_by("pk")
    )
    submitted = set(
        Review.objects.filter(paper__in=papers, status=ReviewStatus.SUBMITTED).values_list(
            "paper_id", "reviewer_id"
        )
    )
    missing: dict[int, dict] = {}
    for paper in papers:
        paper.scores = scores.get(paper.pk)
        spread = paper.scores["spread"]
        paper.disagreement = spread is not None and spread >= DISAGREEMENT_SPREAD
        for a in paper.assignments.all():
            if (paper.pk, a.reviewer_id) not in submitted:
                row = missing.setdefault(a.reviewer_id, {"reviewer": a.reviewer, "papers": []})
                row["papers"].append(paper)
    return {
        "papers": papers,
        "missing": sorted(missing.values(), key=lambda r: r["reviewer"].email),
    }


# Overall scores this far apart (e.g. -1 and +2 on -3..+3) flag a paper for discussion.
DISAGREEMENT_SPREAD = 3


def late_reviewer_ids(*, edition) -> set[int]:
    """Reviewers with at least one assigned, not submitted review of a reviewable paper."""
    done = Review.objects.filter(paper__edition=edition, status=ReviewStatus.SUBMITTED).values_list(
        "paper_id", "reviewer_id"
    )
    done_set = set(done)
    return {
        reviewer_id
        for paper_id, reviewer_id in ReviewAssignment.objects.filter(
            paper__edition=edition, paper__status__in=REVIEWABLE
        ).values_list("paper_id", "reviewer_id")
        if (paper_id, reviewer_id) not in done_set
    }


def discussion_posts(*, paper) -> QuerySet[DiscussionPost]:
    return (
        DiscussionPost.objects.filter(paper=paper)
        .select_related("author")
        .order_by("created", "pk")
    )


def paper_reviewer_numbers(*, paper) -> dict[int, int]:
    """user id -> "Reviewer N" number for a paper's assigned reviewers (assignment order)."""
    ids = (
        ReviewAssignment.objects.filter(paper=paper)
        .order_by("pk")
        .values_list("reviewer_id", flat=True)
    )
    return {uid: n for n, uid in enumerate(ids, start=1)}


def paper_list_for_assignment(*, edition) -> QuerySet[Paper]:
    """The papers the solver assigns: under review, neither withdrawn nor decided.

    Decided means a decision recorded, released or not (``paper_is_decided``): its reviews
    are closed, so new reviewers would have nothing to do.
    """
    from papers.models import PaperDecision

    return (
        Paper.objects.filter(edition=edition, status__in=REVIEWABLE, decision="")
        .exclude(pk__in=PaperDecision.objects.values("paper_id"))
        .prefetch_related("topics")
        .order_by("pk")
    )


def paper_label(paper: Paper) -> str:
    """How messages to chairs name a paper: number and title, e.g. "#12 'Tiny nets'"."""
    return f"#{paper.pk} '{paper.title}'"


def person_label(user) -> str:
    """How messages to chairs name a PC member: their name, else their e-mail address."""
    person = getattr(user, "person", None)
    return (person.name if person and person.name else "") or user.email


def chair_paper_get(*, edition, pk: int) -> Paper:
    try:
        return Paper.objects.select_related("edition", "submission_type").get(
            edition=edition, pk=pk, status__in=REVIEWABLE
        )
    except Paper.DoesNotExist:
        raise Http404("No such paper.") from None
