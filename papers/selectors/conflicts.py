"""Reads of conflicts: who may not review (or chair) which paper, and why.

A pair (paper, user) is conflicted when

- a stored ``PaperConflict`` says so and is not waived (declared by an author, the PC member
  or a chair, or stored by ``conflicts_refresh``), or
- the automatic rules below find it, unless a chair waived that pair. "Author of the paper"
  is never waived.

The automatic rules, all on facts someone proved or declared:

- author: the user is listed on the paper (linked Person or a verified address);
- co-author: the user and one of the paper's authors wrote a paper together (any paper in the
  database, all editions; matched by linked account or address, never by name);
- institutional: a verified address of the user and a verified address of an author share an
  organisation domain (below), public mail domains (``settings.PUBLIC_MAIL_DOMAINS``) never
  count; or the user's affiliation (their Person, or an institution in their reviewer profile)
  equals an author's, after normalisation (Unicode NFKC, case, punctuation, spaces);
- personal: an author's name or address among the people of the user's reviewer profile.

Organisation domain: the last two labels of the domain, or three when the second-to-last is a
generic second level under a country code (``ox.ac.uk``, ``tsinghua.edu.cn``, ``uni.co.jp``).
So ``cs.uni.edu`` and ``ee.uni.edu`` and ``uni.edu`` are one institution; ``cs.ox.ac.uk`` and
``cam.ac.uk`` are not. On the committee's side only verified addresses count (anyone can add
an address to their account); on the authors' side the address listed on the paper counts, with
the verified addresses of a linked account: the authors vouch for it, and they could declare the
conflict anyway.

The live computation runs a fixed number of queries, whatever the numbers of papers and members.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from emc2.enums import RoleKind
from papers.enums import REVIEWABLE, ConflictType, PaperStatus
from papers.models import Author, Paper, PaperConflict, ReviewerProfile

User = get_user_model()

# Second-level labels under which a country's institutions register (ox.ac.uk, uni.edu.au).
_GENERIC_SECOND_LEVEL = frozenset(
    {"ac", "co", "com", "edu", "gov", "net", "org", "or", "ne", "go", "res", "sch"}
)


def is_public_mail_domain(domain: str) -> bool:
    """A webmail or reserved domain (settings.PUBLIC_MAIL_DOMAINS), or one below it."""
    domain = domain.strip().lower().rstrip(".")
    public = {d.lower() for d in settings.PUBLIC_MAIL_DOMAINS}
    return (
        not domain
        or domain in public
        or any(domain.endswith("." + d) for d in public)
        or domain.endswith(".example")
        or domain in ("localhost", "invalid", "test")
    )


def organisation_domain(email_or_domain: str) -> str:
    """The institution's domain of an address (see the module docstring); "" if public."""
    domain = email_or_domain.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2 or is_public_mail_domain(domain):
        return ""
    keep = (
        3
        if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SECOND_LEVEL
        else 2
    )
    org = ".".join(labels[-keep:])
    return "" if is_public_mail_domain(org) else org


def institution_key(text: str) -> str:
    """An affiliation as compared: NFKC, case-folded, punctuation and extra spaces dropped."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _email(text: str) -> str:
    return text.strip().lower()


def committee_user_ids(*, edition) -> list[int]:
    """PC members and chairs of the edition: whoever a conflict can be about."""
    return list(
        User.objects.filter(
            person__roles__edition=edition,
            person__roles__kind__in=[RoleKind.PC_MEMBER, RoleKind.CHAIR],
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@dataclass
class _Member:
    user_id: int
    emails: set[str] = field(default_factory=set)  # verified
    domains: set[str] = field(default_factory=set)
    affiliations: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    coauthor_users: set[int] = field(default_factory=set)
    coauthor_emails: set[str] = field(default_factory=set)


@dataclass
class _Author:
    user_id: int | None
    email: str
    name: str
    affiliation: str
    domains: set[str]


def _verified_by_user(user_ids) -> dict[int, set[str]]:
    from allauth.account.models import EmailAddress

    out: dict[int, set[str]] = {}
    for uid, email in EmailAddress.objects.filter(
        user_id__in=list(user_ids), verified=True
    ).values_list("user_id", "email"):
        out.setdefault(uid, set()).add(_email(email))
    return out


def _members(*, edition, user_ids) -> dict[int, _Member]:
    from emc2.models import Person

    members = {uid: _Member(user_id=uid) for uid in user_ids}
    if not members:
        return members
    for uid, emails in _verified_by_user(members).items():
        members[uid].emails = emails
    for uid, affiliation in Person.objects.filter(user_id__in=members).values_list(
        "user_id", "affiliation"
    ):
        if institution_key(affiliation):
            members[uid].affiliations.add(institution_key(affiliation))
    for profile in ReviewerProfile.objects.filter(edition=edition, user_id__in=members):
        member = members[profile.user_id]
        for line in profile.institution_lines:
            if "." in line and " " not in line:
                if organisation_domain(line.lstrip("@")):
                    member.domains.add(organisation_domain(line.lstrip("@")))
            else:
                member.affiliations.add(institution_key(line))
        member.people.update(
            _email(p) if "@" in p else institution_key(p) for p in profile.people_lines
        )
    for member in members.values():
        member.domains.update(d for d in map(organisation_domain, member.emails) if d)
    # Co-authors, every edition: the other authors of every paper the member is listed on.
    email_owner = {e: m.user_id for m in members.values() for e in m.emails}
    own = Author.objects.filter(
        Q(person__user_id__in=list(members)) | Q(email__in=list(email_owner))
    ).values_list("paper_id", "person__user_id", "email")
    papers_of: dict[int, set[int]] = {}
    for paper_id, uid, email in own:
        owner = uid if uid in members else email_owner.get(_email(email))
        if owner is not None:
            papers_of.setdefault(paper_id, set()).add(owner)
    for paper_id, uid, email in Author.objects.filter(paper_id__in=list(papers_of)).values_list(
        "paper_id", "person__user_id", "email"
    ):
        for owner in papers_of[paper_id]:
            member = members[owner]
            if uid == owner or _email(email) in member.emails:
                continue
            if uid is not None:
                member.coauthor_users.add(uid)
            member.coauthor_emails.add(_email(email))
    return members


def _authors_by_paper(papers_qs) -> dict[int, list[_Author]]:
    rows = list(
        Author.objects.filter(paper__in=papers_qs).values_list(
            "paper_id", "person__user_id", "email", "name", "affiliation"
        )
    )
    linked = _verified_by_user({r[1] for r in rows if r[1] is not None})
    out: dict[int, list[_Author]] = {}
    for paper_id, uid, email, name, affiliation in rows:
        addresses = linked.get(uid, set()) | {_email(email)}
        out.setdefault(paper_id, []).append(
            _Author(
                user_id=uid,
                email=_email(email),
                name=name,
                affiliation=institution_key(affiliation),
                domains={d for d in map(organisation_domain, addresses) if d},
            )
        )
    return out


def _why(member: _Member, authors: list[_Author]) -> tuple[str, str] | None:
    """(type, reason) of the strongest automatic conflict, or None."""
    best: tuple[int, str, str] | None = None
    for a in authors:
        if a.user_id == member.user_id or (a.email and a.email in member.emails):
            return ConflictType.AUTHOR, "Listed as an author of the paper."
        shared = a.domains & member.domains
        if (a.user_id is not None and a.user_id in member.coauthor_users) or (
            a.email and a.email in member.coauthor_emails
        ):
            found = (1, ConflictType.COAUTHOR, f"Co-authored a paper with {a.name}.")
        elif shared:
            found = (
                2,
                ConflictType.INSTITUTIONAL,
                f"Same e-mail domain as {a.name}: {min(shared)}.",
            )
        elif a.affiliation and a.affiliation in member.affiliations:
            found = (3, ConflictType.INSTITUTIONAL, f"Same institution as {a.name}.")
        elif (a.email and a.email in member.people) or institution_key(a.name) in member.people:
            found = (
                4,
                ConflictType.PERSONAL,
                f"{a.name} is among the people in the reviewer profile.",
            )
        else:
            continue
        if best is None or found[0] < best[0]:
            best = found
    return (best[1], best[2]) if best else None


def conflicts_compute(*, edition, user_ids, papers_qs) -> dict[tuple[int, int], tuple[str, str]]:
    """The automatic conflicts {(paper_id, user_id): (type, reason)} of these papers and users."""
    members = _members(edition=edition, user_ids=user_ids)
    authors = _authors_by_paper(papers_qs)
    out = {}
    for paper_id, paper_authors in authors.items():
        for uid, member in members.items():
            why = _why(member, paper_authors)
            if why is not None:
                out[(paper_id, uid)] = why
    return out


def _stored(*, papers_qs, user_ids) -> dict[tuple[int, int], PaperConflict]:
    return {
        (c.paper_id, c.user_id): c
        for c in PaperConflict.objects.filter(paper__in=papers_qs, user_id__in=list(user_ids))
    }


def _effective(*, edition, user_ids, papers_qs) -> set[tuple[int, int]]:
    computed = conflicts_compute(edition=edition, user_ids=user_ids, papers_qs=papers_qs)
    stored = _stored(papers_qs=papers_qs, user_ids=user_ids)
    pairs = {pair for pair, c in stored.items() if not c.waived}
    for pair, (kind, _reason) in computed.items():
        row = stored.get(pair)
        if row is None or not row.waived or kind == ConflictType.AUTHOR:
            pairs.add(pair)
    return pairs


def conflicted_pairs(*, edition, user_ids=None) -> set[tuple[int, int]]:
    """Every (paper_id, user_id) conflict of the edition's reviewable papers and PC members
    (or ``user_ids``): stored and not waived, or automatic and not waived."""
    if user_ids is None:
        user_ids = committee_user_ids(edition=edition)
    papers = Paper.objects.filter(edition=edition, status__in=REVIEWABLE)
    return _effective(edition=edition, user_ids=list(user_ids), papers_qs=papers)


def _conflicted_paper_ids(*, edition, user) -> set[int]:
    papers = Paper.objects.filter(edition=edition).exclude(status=PaperStatus.DRAFT)
    return {pid for pid, _ in _effective(edition=edition, user_ids=[user.pk], papers_qs=papers)}


def conflicted_paper_ids(*, edition, user) -> set[int]:
    """The papers of ``edition`` the user is conflicted with (once per request, emc2.access)."""
    if not user.is_authenticated:
        return set()
    from emc2.access import access_cached

    return access_cached(
        user=user,
        key=("papers.conflicts", edition.pk),
        compute=lambda: _conflicted_paper_ids(edition=edition, user=user),
    )


def conflict_list_for_chair(
    *, edition, user, paper_id: int | None = None, member=None, kind: str = "", source: str = ""
) -> QuerySet[PaperConflict]:
    """Stored conflicts of the edition, filtered; never of a paper the chair may not handle."""
    from papers.access import chair_conflicted_ids

    qs = (
        PaperConflict.objects.filter(paper__edition=edition)
        .exclude(paper_id__in=chair_conflicted_ids(user=user, edition=edition))
        .select_related("paper", "user__person", "declared_by__person", "waived_by__person")
        .order_by("paper_id", "user__person__name", "user_id")
    )
    if paper_id is not None:
        qs = qs.filter(paper_id=paper_id)
    if member is not None:
        qs = qs.filter(user=member)
    if kind:
        qs = qs.filter(kind=kind)
    if source:
        qs = qs.filter(source=source)
    return qs


def conflict_log_for_chair(*, edition, user, limit: int = 50):
    from papers.access import chair_conflicted_ids
    from papers.models import ConflictLogEntry

    return (
        ConflictLogEntry.objects.filter(paper__edition=edition)
        .exclude(paper_id__in=chair_conflicted_ids(user=user, edition=edition))
        .select_related("user__person", "by__person")[:limit]
    )


def conflict_list_for_author(*, paper) -> QuerySet[PaperConflict]:
    """The conflicts the paper's authors declared (the only ones they see)."""
    from papers.enums import ConflictSource

    return (
        PaperConflict.objects.filter(paper=paper, source=ConflictSource.AUTHOR)
        .select_related("user__person")
        .order_by("user__person__name", "user_id")
    )


def conflict_list_for_reviewer(*, edition, user) -> QuerySet[PaperConflict]:
    """The user's own stored conflicts in the edition (papers by number and title only)."""
    return (
        PaperConflict.objects.filter(paper__edition=edition, user=user)
        .exclude(paper__status=PaperStatus.DRAFT)
        .select_related("paper")
        .order_by("paper_id")
    )


def conflict_committee_for_authors(*, edition) -> list:
    """PC members and chairs an author may declare a conflict with: names and affiliations only."""
    return list(
        User.objects.filter(pk__in=committee_user_ids(edition=edition))
        .select_related("person")
        .order_by("person__name", "pk")
    )


def assignment_list_conflicted(*, edition, user) -> list:
    """Assignments of reviewable papers whose pair is conflicted now (declared after the
    assignment), leaving out the papers the chair ``user`` may not handle."""
    from papers.access import chair_conflicted_ids
    from papers.models import ReviewAssignment

    assigned = ReviewAssignment.objects.filter(
        paper__edition=edition, paper__status__in=REVIEWABLE
    ).exclude(paper_id__in=chair_conflicted_ids(user=user, edition=edition))
    reviewer_ids = set(assigned.values_list("reviewer_id", flat=True))
    pairs = (
        conflicted_pairs(edition=edition, user_ids=list(reviewer_ids)) if reviewer_ids else set()
    )
    if not pairs:
        return []
    return [
        a
        for a in assigned.select_related("paper", "reviewer__person").order_by("paper_id", "pk")
        if (a.paper_id, a.reviewer_id) in pairs
    ]
