"""Writes of conflicts: declared by authors, PC members and chairs; waived by chairs; the stored
automatic ones kept current by ``conflicts_refresh``.

Every change writes a ``ConflictLogEntry`` (who, what, when, why) and drops the request's
access cache (a new conflict hides the paper at once). A declared conflict also drops the
member's bid on the paper. An assignment of a now-conflicted pair stays, flagged on the chair's
assignment page; the access layer already treats the pair as no access (no pages, API, mails or
reminders for it).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from emc2.access import access_invalidate
from emc2.enums import DateKey
from emc2.models import Edition
from papers.enums import ConflictSource, ConflictType, PaperStatus
from papers.exceptions import PapersError
from papers.models import Bid, ConflictLogEntry, Paper, PaperConflict
from papers.services.submission import _require_open

logger = logging.getLogger(__name__)

_DECLARABLE = {k for k, _ in ConflictType.choices} - {ConflictType.AUTHOR}
Action = ConflictLogEntry.Action


def _log(*, conflict: PaperConflict, action: str, by, reason: str = "") -> None:
    ConflictLogEntry.objects.create(
        paper_id=conflict.paper_id,
        user_id=conflict.user_id,
        action=action,
        kind=conflict.kind,
        source=conflict.source,
        reason=reason[:200],
        by=by,
    )


def _require_member(*, edition: Edition, user) -> None:
    from papers.selectors import committee_user_ids

    if user is None or user.pk not in committee_user_ids(edition=edition):
        raise PapersError("Not a member of this edition's program committee.", field="member")


def _is_author_of(*, paper: Paper, user) -> bool:
    from papers.selectors import conflicts_compute

    found = conflicts_compute(
        edition=paper.edition, user_ids=[user.pk], papers_qs=Paper.objects.filter(pk=paper.pk)
    )
    return found.get((paper.pk, user.pk), ("", ""))[0] == ConflictType.AUTHOR


@transaction.atomic
def conflict_declare(
    *, paper: Paper, user, by, source: str, kind: str = ConflictType.OTHER, reason: str = ""
) -> PaperConflict:
    """Declare (or change the type of) the conflict of ``user`` with ``paper``.

    ``source``: AUTHOR (an author of the paper, until the submission deadline), REVIEWER (the
    member themself) or CHAIR (which also lifts a waiver). The caller has checked that ``by``
    may speak for that source (papers.access). Drops the member's bid. Raises PapersError
    (DeadlinePassed for authors; not a committee member; unknown type).
    """
    if kind not in _DECLARABLE:
        raise PapersError("Unknown conflict type.", field="kind")
    if source not in (ConflictSource.AUTHOR, ConflictSource.REVIEWER, ConflictSource.CHAIR):
        raise PapersError("Unknown source.", field="source")
    if source == ConflictSource.AUTHOR:
        _require_open(
            edition=paper.edition, key=DateKey.SUBMISSION, action="changing declared conflicts"
        )
        if paper.status == PaperStatus.WITHDRAWN:
            raise PapersError("This submission is withdrawn.")
    _require_member(edition=paper.edition, user=user)
    conflict = PaperConflict.objects.select_for_update().filter(paper=paper, user=user).first()
    if conflict is None:
        conflict = PaperConflict(paper=paper, user=user)
    elif conflict.source == ConflictSource.CHAIR and source != ConflictSource.CHAIR:
        # A chair's entry stays the chair's: authors and members cannot rewrite it.
        return conflict
    was_waived = conflict.waived
    conflict.kind, conflict.source, conflict.declared_by = kind, source, by
    conflict.reason = reason[:200]
    conflict.created = timezone.now()
    if source == ConflictSource.CHAIR and conflict.waived:
        conflict.waived, conflict.waived_reason = False, ""
        conflict.waived_by, conflict.waived_at = None, None
    conflict.save()
    _log(conflict=conflict, action=Action.DECLARE, by=by, reason=reason)
    if was_waived and not conflict.waived:
        _log(conflict=conflict, action=Action.RESTORE, by=by, reason=reason)
    Bid.objects.filter(paper=paper, user=user).delete()
    access_invalidate()
    return conflict


@transaction.atomic
def conflict_remove(*, paper: Paper, user, by) -> None:
    """An author takes back a conflict the authors declared, until the submission deadline.

    Only entries of source AUTHOR; PapersError otherwise (and after the deadline).
    """
    _require_open(
        edition=paper.edition, key=DateKey.SUBMISSION, action="changing declared conflicts"
    )
    conflict = (
        PaperConflict.objects.select_for_update()
        .filter(paper=paper, user=user, source=ConflictSource.AUTHOR)
        .first()
    )
    if conflict is None:
        raise PapersError("No conflict declared by the authors with this member.", field="member")
    _log(conflict=conflict, action=Action.REMOVE, by=by)
    conflict.delete()
    # The automatic rules may still find the pair: store them again.
    conflicts_refresh(edition=paper.edition, papers=[paper.pk], users=[user.pk])
    access_invalidate()


@transaction.atomic
def conflict_waive(*, paper: Paper, user, by, reason: str) -> PaperConflict:
    """A chair waives a conflict (stored, or found automatically): the member may review.

    Raises PapersError without a reason, when there is no conflict, or when the member is an
    author of the paper (never waived).
    """
    from papers.selectors import conflicts_compute

    if not reason.strip():
        raise PapersError("Say why the conflict is waived.", field="reason")
    computed = conflicts_compute(
        edition=paper.edition, user_ids=[user.pk], papers_qs=Paper.objects.filter(pk=paper.pk)
    ).get((paper.pk, user.pk))
    if computed and computed[0] == ConflictType.AUTHOR:
        raise PapersError("An author of the paper cannot be cleared to review it.")
    conflict = PaperConflict.objects.select_for_update().filter(paper=paper, user=user).first()
    if conflict is None:
        if computed is None:
            raise PapersError("There is no conflict to waive.")
        conflict = PaperConflict(
            paper=paper,
            user=user,
            kind=computed[0],
            reason=computed[1][:200],
            source=ConflictSource.AUTOMATIC,
        )
    if conflict.waived:
        raise PapersError("This conflict is already waived.")
    conflict.waived, conflict.waived_reason = True, reason.strip()[:200]
    conflict.waived_by, conflict.waived_at = by, timezone.now()
    conflict.save()
    _log(conflict=conflict, action=Action.WAIVE, by=by, reason=reason.strip())
    access_invalidate()
    return conflict


def conflicts_refresh(*, edition: Edition, papers=None, users=None) -> int:
    """Store the automatic conflicts of the edition's submitted papers (or the ``papers`` ids)
    and committee (or the ``users`` ids) as rows of source AUTOMATIC. Idempotent.

    New pairs are created, changed types and reasons updated, automatic rows the rules no
    longer find deleted (waived ones stay: they hold the chair's decision). Declared rows are
    never touched. Returns how many rows changed.
    """
    from papers.selectors import committee_user_ids, conflicts_compute

    committee = set(committee_user_ids(edition=edition))
    user_ids = sorted(committee if users is None else committee & set(users))
    papers_qs = Paper.objects.filter(edition=edition).exclude(status=PaperStatus.DRAFT)
    if papers is not None:
        papers_qs = papers_qs.filter(pk__in=list(papers))
    # Computed outside the transaction (no locks while reading every author).
    computed = conflicts_compute(edition=edition, user_ids=user_ids, papers_qs=papers_qs)
    changed = 0
    with transaction.atomic():
        stored = {
            (c.paper_id, c.user_id): c
            for c in PaperConflict.objects.select_for_update().filter(
                paper__in=papers_qs, user_id__in=user_ids
            )
        }
        for pair, (kind, reason) in computed.items():
            row = stored.get(pair)
            if row is None:
                PaperConflict.objects.create(
                    paper_id=pair[0],
                    user_id=pair[1],
                    kind=kind,
                    reason=reason[:200],
                    source=ConflictSource.AUTOMATIC,
                )
                changed += 1
            elif row.source == ConflictSource.AUTOMATIC and (row.kind, row.reason) != (
                kind,
                reason[:200],
            ):
                row.kind, row.reason = kind, reason[:200]
                row.save(update_fields=["kind", "reason"])
                changed += 1
        stale = [
            c.pk
            for pair, c in stored.items()
            if c.source == ConflictSource.AUTOMATIC and not c.waived and pair not in computed
        ]
        if stale:
            PaperConflict.objects.filter(pk__in=stale).delete()
            changed += len(stale)
    if changed:
        access_invalidate()
    return changed


def conflicts_refresh_on_commit(*, edition_id: int, papers=None, users=None) -> None:
    """Queue ``conflicts_refresh`` (Celery) after the current transaction commits."""
    from papers.tasks import conflicts_refresh_task

    papers = list(papers) if papers is not None else None
    users = list(users) if users is not None else None
    transaction.on_commit(
        lambda: conflicts_refresh_task.delay(edition_id=edition_id, papers=papers, users=users)
    )


def conflicts_refresh_user(*, user) -> None:
    """After a change to the user (address verified, affiliation): every edition they sit on."""
    from emc2.enums import RoleKind
    from emc2.models import Role

    for edition_id in (
        Role.objects.filter(person__user=user, kind__in=[RoleKind.PC_MEMBER, RoleKind.CHAIR])
        .values_list("edition_id", flat=True)
        .distinct()
    ):
        conflicts_refresh_on_commit(edition_id=edition_id, users=[user.pk])
