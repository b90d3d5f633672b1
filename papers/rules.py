"""Permissions of papers. Views, the API and templates ask for these same names.

Deadlines are not part of these rules: services enforce them and name the deadline in the
error, so the author learns why (and the rule stays true when a chair extends a date).
"""

import rules

from emc2.rules import is_chair, is_superuser
from papers.enums import PaperStatus


def _paper_of(obj):
    from papers.models import Paper

    if isinstance(obj, Paper):
        return obj
    return getattr(obj, "paper", None)


def verified_emails(user) -> set[str]:
    """The user's verified addresses (lower case), cached on the user object."""
    cache = getattr(user, "_papers_emails", None)
    if cache is None:
        from allauth.account.models import EmailAddress

        cache = {
            e.lower()
            for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
        user._papers_emails = cache
    return cache


@rules.predicate
def is_paper_author(user, obj) -> bool:
    """Listed as an author, through a linked Person or a verified e-mail address."""
    paper = _paper_of(obj)
    if paper is None or not user.is_authenticated:
        return False
    cache = getattr(user, "_papers_authored", None)
    if cache is None:
        cache = user._papers_authored = {}
    if paper.pk not in cache:
        from django.db.models import Q

        from papers.models import Author

        # Author e-mails are stored in lower case (papers.services normalizes them).
        cache[paper.pk] = (
            Author.objects.filter(paper_id=paper.pk)
            .filter(Q(person__user=user) | Q(email__in=verified_emails(user)))
            .exists()
        )
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
rules.add_perm("papers.restore_paper", is_edition_chair & is_withdrawn)


# --- decisions (issue 5) ---
def _released(obj) -> bool:
    from emc2.rules import edition_of
    from papers.selectors.decision import decisions_released

    edition = edition_of(obj)
    return edition is not None and decisions_released(edition=edition)


@rules.predicate
def decisions_are_released(user, obj) -> bool:
    return _released(obj)


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
rules.add_perm("papers.decide_paper", is_edition_chair)
rules.add_perm("papers.notify_authors", is_edition_chair)
rules.add_perm("papers.view_accepted_papers", accepted_page_is_published | is_edition_chair)
# On a Paper.
rules.add_perm("papers.view_decision", (is_paper_author & has_released_decision) | is_edition_chair)
rules.add_perm("papers.upload_camera_ready", is_paper_author & is_not_withdrawn & is_accepted_paper)
