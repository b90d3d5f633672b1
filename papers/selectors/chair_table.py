"""The chairs' paper table: search, sort, scores and reviewers, in a fixed number of queries.

Search words (HotCRP-like): plain words match the title or an author (name, e-mail,
affiliation); ``title:``, ``author:``, ``status:`` (a status or decision, e.g. withdrawn,
accepted, reject, undecided), ``score:`` (``>=1.5``, ``<0``, ``2``: the mean overall score of
submitted reviews), ``reviewer:`` (an assigned reviewer's name or e-mail) and ``conflict:`` (a
PC member with a conflict, declared or automatic). Quotes keep words together.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower

from papers.enums import ACCEPTED_DECISIONS, Decision, PaperStatus
from papers.models import Review, ReviewAssignment, ReviewStatus

SORTS = {
    "id": ("pk",),
    "title": ("title_lower", "pk"),
    "status": ("status", "decision", "pk"),
    "score": ("-has_score", "-score", "pk"),
    "reviews": ("-review_count", "pk"),
}
SORT_CHOICES = [
    ("id", "Number"),
    ("title", "Title"),
    ("status", "Status"),
    ("score", "Score (best first)"),
    ("reviews", "Reviews (most first)"),
]


@dataclass
class Search:
    words: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    author: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    score: list[tuple[str, float]] = field(default_factory=list)
    reviewer: list[str] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def paper_search_parse(text: str) -> Search:
    """Split a search into its parts; unknown prefixes are plain words, bad scores errors."""
    search = Search()
    try:
        tokens = shlex.split(text or "")
    except ValueError:  # an unmatched quote: search the words as typed
        tokens = (text or "").split()
    for token in tokens:
        key, sep, value = token.partition(":")
        key = key.lower()
        if not sep or not value or key not in (
            "title", "author", "status", "score", "reviewer", "conflict",
        ):  # fmt: skip
            search.words.append(token)
        elif key == "score":
            match = re.fullmatch(r"(>=|<=|>|<|=)?(-?\d+(?:\.\d+)?)", value)
            if match is None:
                search.errors.append(f"score:{value} is not a score (e.g. score:>=1.5).")
            else:
                search.score.append((match.group(1) or "=", float(match.group(2))))
        else:
            getattr(search, key).append(value)
    return search


def _status_q(value: str) -> Q:
    value = value.lower().replace(" ", "_")
    if value in PaperStatus.values:
        return Q(status=value)
    if value in Decision.values:
        return Q(decision=value)
    if value == "accepted":
        return Q(decision__in=ACCEPTED_DECISIONS)
    if value == "undecided":
        return Q(decision="")
    return Q(pk__in=[])


def _author_q(value: str) -> Q:
    return (
        Q(authors__name__icontains=value)
        | Q(authors__email__icontains=value)
        | Q(authors__affiliation__icontains=value)
    )


def _reviewer_q(value: str) -> Q:
    return Q(assignments__reviewer__email__icontains=value) | Q(
        assignments__reviewer__person__name__icontains=value
    )


def _conflict_ids(*, edition, values: list[str]) -> set[int]:
    from papers.selectors.review import conflicted_pairs, pc_member_users

    users = pc_member_users(edition=edition)
    matched = set()
    for value in values:
        matched |= set(
            users.filter(Q(email__icontains=value) | Q(person__name__icontains=value)).values_list(
                "pk", flat=True
            )
        )
    if not matched:
        return set()
    return {pid for pid, uid in conflicted_pairs(edition=edition, user_ids=list(matched))}


def paper_table_for_chair(*, queryset, edition, search: Search, sort: str = "id"):
    """``queryset`` (paper_list_for_chair: the papers the chair may handle) searched and
    sorted, each paper with ``score`` (mean overall of submitted reviews, or None),
    ``review_count`` (submitted) and ``reviewer_list`` (assignments with reviewer)."""
    submitted = Review.objects.filter(paper=OuterRef("pk"), status=ReviewStatus.SUBMITTED)
    qs = queryset.annotate(
        score=Subquery(submitted.values("paper").annotate(mean=Avg("overall")).values("mean")[:1]),
        review_count=Coalesce(
            Subquery(submitted.values("paper").annotate(n=Count("pk")).values("n")[:1]),
            Value(0),
            output_field=IntegerField(),
        ),
    )
    condition = Q()
    for word in search.words:
        condition &= Q(title__icontains=word) | _author_q(word)
    for value in search.title:
        condition &= Q(title__icontains=value)
    for value in search.author:
        condition &= _author_q(value)
    for value in search.status:
        condition &= _status_q(value)
    for value in search.reviewer:
        condition &= _reviewer_q(value)
    if search.conflict:
        condition &= Q(pk__in=_conflict_ids(edition=edition, values=search.conflict))
    if condition:
        # Joins over authors and assignments stay in the subquery: no duplicate rows.
        qs = qs.filter(pk__in=queryset.filter(condition).values("pk"))
    for op, number in search.score:
        lookup = {"=": "score", ">=": "score__gte", "<=": "score__lte", ">": "score__gt"}.get(
            op, "score__lt"
        )
        qs = qs.filter(**{lookup: number})
    qs = qs.annotate(
        title_lower=Lower("title"),
        has_score=Case(When(score__isnull=True, then=Value(0)), default=Value(1)),
    )
    return qs.prefetch_related(
        Prefetch(
            "assignments",
            queryset=ReviewAssignment.objects.select_related(
                "reviewer", "reviewer__person"
            ).order_by("pk"),
            to_attr="reviewer_list",
        )
    ).order_by(*SORTS.get(sort, SORTS["id"]))


def pending_reviewer_ids(*, papers) -> set[int]:
    """Reviewers assigned to ``papers`` whose review is not submitted yet."""
    done = set(
        Review.objects.filter(paper__in=papers, status=ReviewStatus.SUBMITTED).values_list(
            "paper_id", "reviewer_id"
        )
    )
    return {
        reviewer_id
        for paper_id, reviewer_id in ReviewAssignment.objects.filter(paper__in=papers).values_list(
            "paper_id", "reviewer_id"
        )
        if (paper_id, reviewer_id) not in done
    }
