"""Permissions of papers. Views, the API and templates ask for these same names.

Deadlines are not part of these rules: services enforce them and name the deadline in the
error, so the author learns why (and the rule stays true when a chair extends a date).
"""

import rules

from emc2.access import access_cached
from emc2.rules import is_chair, is_decider, is_superuser
from papers.enums import REVIEWABLE, PaperStatus


def _paper_of(obj):
    from papers.models import Paper

    if isinstance(obj, Paper):
        return obj
    return getattr(obj, "paper", None)


def _verified_emails(user) -> set[str]:
    from allauth.account.models import EmailAddress

    return {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def verified_emails(user) -> set[str]:
    """The user's verified addresses (lower case), once per request (emc2.access)."""
    return access_cached(user=user, key="papers.emails", compute=lambda: _verified_emails(user))


def authored_papers(user):
    """A queryset of every paper (all editions) the user is an author of."""
    from django.db.models import Q

    from papers.models import Author, Paper

    if not user.is_authenticated:
        return Paper.objects.none()
    # Author e-mails are stored in lower case (papers.services normalizes them).
    mine = Author.objects.filter(Q(person__user=user) | Q(email__in=verified_emails(user)))
    return Paper.objects.filter(pk__in=mine.values("paper_id"))


@rules.predicate
def is_paper_author(user, obj) -> bool:
    """Listed as an author, through a linked Person or a verified e-mail address."""
    paper = _paper_of(obj)
    if paper is None or not user.is_authenticated:
        return False
    # Per paper, so a paper created earlier in the same request is seen.
    cache = access_cached(user=user, key="papers.authored", compute=dict)
    if paper.pk not in cache:
        cache[paper.pk] = authored_papers(user).filter(pk=paper.pk).exists()
    return cache[paper.pk]


@rules.predicate
def is_not_withdrawn(user, obj) -> bool:
    paper = _paper_of(obj)
    return paper is not None and paper.status != PaperStatus.WITHDRAWN


@rules.predicate
def is_withdrawn(user, obj) -> bool:
    paper = _paper_of(obj)
    return paper is not None and paper.status == PaperStatus.WITHDRAWN


is_edition_chair = is_chair | is_superuser

# On an Edition.
rules.add_perm("papers.add_paper", rules.is_authenticated)
rules.add_perm("papers.view_submissions", is_edition_chair)
rules.add_perm("papers.change_submissiontype", is_edition_chair)
# On a Paper.
rules.add_perm("papers.view_paper", is_paper_author | is_edition_chair)
rules.add_perm("papers.change_paper", is_paper_author & is_not_withdrawn)
rules.add_perm("papers.withdraw_paper", is_paper_author & is_not_withdrawn)


# --- decisions ---
def _released(obj) -> bool:
    from emc2.rules import edition_of
    from papers.selectors.decision import decisions_released

    edition = edition_of(obj)
    return edition is not None and decisions_released(edition=edition)


@rules.predicate
def has_released_decision(user, obj) -> bool:
    paper = _paper_of(obj)
    return paper is not None and bool(paper.decision) and _released(paper)


@rules.predicate
def is_accepted_paper(user, obj) -> bool:
    from papers.enums import ACCEPTED_DECISIONS

    paper = _paper_of(obj)
    return paper is not None and paper.decision in ACCEPTED_DECISIONS and _released(paper)


@rules.predicate
def accepted_page_is_published(user, obj) -> bool:
    from emc2.rules import edition_of
    from papers.selectors.decision import papers_settings_get

    edition = edition_of(obj)
    return edition is not None and papers_settings_get(edition=edition).accepted_page_published


# On an Edition.
rules.add_perm("papers.notify_authors", is_edition_chair)
rules.add_perm("papers.view_accepted_papers", accepted_page_is_published | is_edition_chair)
# On a Paper.
rules.add_perm("papers.upload_camera_ready", is_paper_author & is_not_withdrawn & is_accepted_paper)
# papers.decide_paper and papers.view_decision: below, they need the conflict predicates.


# --- review ---
from emc2.rules import edition_of  # noqa: E402
from emc2.rules import is_pc_member as _is_pc_member  # noqa: E402


@rules.predicate
def is_conflicted(user, obj) -> bool:
    """Declared or automatic conflict with the paper (see papers.selectors.conflicted_pairs)."""
    paper = _paper_of(obj)
    if paper is None or not user.is_authenticated:
        return False
    from papers.selectors import conflicted_paper_ids

    return paper.pk in conflicted_paper_ids(edition=paper.edition, user=user)


@rules.predicate
def is_reviewable(user, obj) -> bool:
    paper = _paper_of(obj)
    return paper is not None and paper.status in REVIEWABLE


def _assignments_of(user) -> dict:
    from papers.models import ReviewAssignment, ReviewStatus

    return {
        "assigned": set(
            ReviewAssignment.objects.filter(reviewer=user).values_list("paper_id", flat=True)
        ),
        "submitted": set(
            user.reviews.filter(status=ReviewStatus.SUBMITTED).values_list("paper_id", flat=True)
        ),
    }


def _assignment_cache(user) -> dict:
    return access_cached(user=user, key="papers.assignments", compute=lambda: _assignments_of(user))


@rules.predicate
def is_assigned_reviewer(user, obj) -> bool:
    paper = _paper_of(obj)
    if paper is None or not user.is_authenticated:
        return False
    return paper.pk in _assignment_cache(user)["assigned"]


@rules.predicate
def has_submitted_review(user, obj) -> bool:
    paper = _paper_of(obj)
    if paper is None or not user.is_authenticated:
        return False
    return paper.pk in _assignment_cache(user)["submitted"]


@rules.predicate
def is_meta_reviewer(user, obj) -> bool:
    paper = _paper_of(obj)
    if paper is None or not user.is_authenticated:
        return False
    from papers.models import ReviewAssignment

    return ReviewAssignment.objects.filter(
        paper_id=paper.pk, reviewer=user, is_meta_reviewer=True
    ).exists()


@rules.predicate
def is_paper_pc_member(user, obj) -> bool:
    """PC member of the paper's edition."""
    edition = edition_of(_paper_of(obj) or obj)
    return edition is not None and _is_pc_member(user, edition)


is_pc_member = _is_pc_member
# A chair who wrote a paper, or is conflicted with it, is no chair of it: they see its reviews
# no more than any other author and cannot decide it (papers.access). On an Edition both
# predicates are false, so this is ``is_edition_chair`` there.
chair_not_author = is_edition_chair & ~is_paper_author & ~is_conflicted
# The designated decider (a role a chair gives, e.g. to a general chair) decides the papers the
# chairs cannot, under the same conflict rules; it has no other chair powers.
decider_not_author = is_decider & ~is_paper_author & ~is_conflicted
reviewer_of = is_assigned_reviewer & ~is_conflicted & is_reviewable

# On an Edition.
rules.add_perm("papers.manage_reviews", is_edition_chair)
rules.add_perm("papers.view_pc_area", is_pc_member)
# On a Paper.
rules.add_perm("papers.bid_paper", is_paper_pc_member & ~is_conflicted & is_reviewable)
rules.add_perm("papers.review_paper", reviewer_of)
rules.add_perm(
    "papers.view_reviews", (reviewer_of & has_submitted_review) | (chair_not_author & is_reviewable)
)
rules.add_perm(
    "papers.discuss_paper",
    (reviewer_of & has_submitted_review) | (chair_not_author & is_reviewable),
)
rules.add_perm(
    "papers.meta_review_paper",
    (reviewer_of & is_meta_reviewer) | (chair_not_author & is_reviewable),
)


@rules.predicate
def meta_reviews_shown_to_authors(user, obj) -> bool:
    from papers.selectors.decision import papers_settings_get

    edition = edition_of(_paper_of(obj) or obj)
    return edition is not None and papers_settings_get(edition=edition).meta_reviews_to_authors


# Chairs; the meta-reviewer and reviewers who submitted theirs; authors only after the release
# of the decision, and only when the chairs show meta-reviews to authors.
rules.add_perm(
    "papers.view_meta_review",
    (chair_not_author & ~is_withdrawn)
    | (reviewer_of & (is_meta_reviewer | has_submitted_review))
    | (is_paper_author & has_released_decision & meta_reviews_shown_to_authors),
)
rules.add_perm("papers.assign_paper", chair_not_author & is_reviewable)
rules.add_perm("papers.manage_paper", chair_not_author)
rules.add_perm("papers.restore_paper", chair_not_author & is_withdrawn)
# On an Edition: the decision pages; on a Paper: deciding that paper.
rules.add_perm("papers.decide_paper", chair_not_author | decider_not_author)
rules.add_perm(
    "papers.view_decision",
    (is_paper_author & has_released_decision) | chair_not_author | decider_not_author,
)
