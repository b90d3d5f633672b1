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
