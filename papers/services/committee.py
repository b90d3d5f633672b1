"""Writes of the program committee: invitations, reviewer profiles, conflicts, bids."""

from __future__ import annotations

import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from emc2.access import access_invalidate
from emc2.enums import RoleKind
from emc2.links import absolute_url
from emc2.mail import mail_queue
from emc2.models import Edition, Role
from emc2.services import person_get_or_create, person_link_user
from papers.exceptions import PapersError
from papers.models import (
    Bid,
    BidValue,
    InvitationStatus,
    Paper,
    PaperConflict,
    PCInvitation,
    ReviewerProfile,
)

logger = logging.getLogger(__name__)

INVITATION_SALT = "papers.pc-invitation"
# An invitation link works this long after it was (re-)sent.
INVITATION_MAX_AGE = 30 * 24 * 3600


def parse_invitee_list(text: str) -> list[tuple[str, str]]:
    """(email, name) pairs from pasted lines "Name <email>", "email, Name" or "email"."""
    out, seen, bad = [], set(), []
    for raw in text.replace(";", "\n").splitlines():
        line = raw.strip()
        if not line:
            continue
        name, email = "", line
        if "<" in line and line.endswith(">"):
            name, email = line[: line.index("<")].strip().strip('"'), line[line.index("<") + 1 : -1]
        elif "," in line:
            first, rest = (s.strip() for s in line.split(",", 1))
            email, name = (first, rest) if "@" in first else (rest, first)
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            bad.append(line)
            continue
        if email not in seen:
            seen.add(email)
            out.append((email, name))
    if bad:
        raise PapersError("Not an e-mail address: " + ", ".join(bad[:5]), field="emails")
    if not out:
        raise PapersError("Give at least one e-mail address.", field="emails")
    return out


def pc_invitation_token(invitation: PCInvitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def pc_invitation_from_token(*, token: str) -> PCInvitation:
    """The invitation a link names; PapersError if expired, tampered with or superseded."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise PapersError(
            "This invitation link has expired; ask the chairs for a new one."
        ) from None
    except signing.BadSignature:
        raise PapersError("This invitation link is not valid.") from None
    invitation = PCInvitation.objects.select_related("edition").filter(pk=data.get("i")).first()
    # Revoking bumps the nonce too: say "withdrawn" rather than "use the newest link".
    if invitation is not None and invitation.status == InvitationStatus.REVOKED:
        raise PapersError("This invitation was withdrawn by the chairs.")
    if invitation is None or invitation.nonce != data.get("n"):
        raise PapersError("This invitation link is no longer valid; use the newest one.")
    return invitation


def _queue_send(invitation: PCInvitation) -> None:
    from papers.tasks import pc_invitation_send_task

    pk, nonce = invitation.pk, invitation.nonce
    transaction.on_commit(lambda: pc_invitation_send_task.delay(invitation_id=pk, nonce=nonce))


@transaction.atomic
def pc_invite(*, edition: Edition, invitees: list[tuple[str, str]], by) -> list[PCInvitation]:
    """Invite each (email, name); re-invites declined or revoked ones, skips pending/accepted.

    Side effect: one invitation e-mail per new or renewed invitation (Celery, on commit).
    """
    out = []
    for email, name in invitees:
        invitation, created = PCInvitation.objects.select_for_update().get_or_create(
            edition=edition, email=email, defaults={"name": name, "invited_by": by}
        )
        if not created:
            if invitation.status in (InvitationStatus.INVITED, InvitationStatus.ACCEPTED):
                continue
            invitation.status = InvitationStatus.INVITED
            invitation.responded_at = None
            invitation.nonce += 1
            invitation.name = name or invitation.name
        invitation.sent_at = timezone.now()
        invitation.save()
        _queue_send(invitation)
        out.append(invitation)
    return out


def pc_invitation_resend(*, invitation: PCInvitation) -> PCInvitation:
    """A new link (older ones stop working) and a new mail. Only pending invitations.

    Side effect: the invitation e-mail, outbox key with the new nonce (Celery, on commit).
    No lock: saving only nonce and sent_at cannot re-open an invitation answered meanwhile,
    and the task sends nothing unless it is still pending.
    """
    if invitation.status != InvitationStatus.INVITED:
        raise PapersError("Only pending invitations can be sent again.")
    invitation.nonce += 1
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["nonce", "sent_at"])
    _queue_send(invitation)
    return invitation


@transaction.atomic
def pc_invitation_revoke(*, invitation: PCInvitation) -> PCInvitation:
    """Withdraw an invitation; an accepted one also loses the PC role it gave."""
    invitation = PCInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == InvitationStatus.ACCEPTED and invitation.user_id:
        Role.objects.filter(
            edition=invitation.edition, kind=RoleKind.PC_MEMBER, person__user=invitation.user
        ).delete()
    invitation.status = InvitationStatus.REVOKED
    invitation.nonce += 1
    invitation.save(update_fields=["status", "nonce"])
    return invitation


def pc_invitation_send(*, invitation: PCInvitation) -> None:
    """Queue the invitation e-mail with a fresh signed link (one mail per invitation nonce)."""
    token = pc_invitation_token(invitation)
    url = absolute_url(
        reverse("papers:public-pc-invitation", args=[invitation.edition.slug, token])
    )
    body = render_to_string(
        "papers/email/review_invitation.txt",
        {"invitation": invitation, "edition": invitation.edition, "url": url},
    )
    subject = f"[{invitation.edition.slug}] Invitation to the program committee"
    mail_queue(
        key=f"pc-invitation:{invitation.pk}:{invitation.nonce}",
        to=[invitation.email],
        subject=subject,
        body=body,
        edition=invitation.edition,
    )


@transaction.atomic
def pc_invitation_accept(*, invitation: PCInvitation, user) -> Role:
    """Accept with the signed-in account: links its Person and gives it the PC role.

    The invitation is for its address: the account must have verified it (PapersError if not,
    and nothing is written). Also PapersError if revoked or accepted by another account.
    """
    from papers.selectors import pc_invitation_is_for

    invitation = PCInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == InvitationStatus.REVOKED:
        raise PapersError("This invitation was withdrawn by the chairs.")
    if not pc_invitation_is_for(invitation=invitation, user=user):
        raise PapersError(
            f"This invitation is for {invitation.email}, and the account you are signed in "
            "with has not verified that address. Sign in with that address to accept."
        )
    if invitation.status == InvitationStatus.ACCEPTED and invitation.user_id not in (None, user.pk):
        raise PapersError("This invitation was already accepted with another account.")
    person = person_link_user(user=user)
    if invitation.name and person.name == user.email.split("@")[0]:
        person.name = invitation.name
        person.save(update_fields=["name"])
    role, _ = Role.objects.get_or_create(
        edition=invitation.edition, person=person, kind=RoleKind.PC_MEMBER
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.user = user
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "user", "responded_at"])
    _conflicts_for_member(edition=invitation.edition, user=user)
    return role


def pc_invitation_decline(*, invitation: PCInvitation) -> PCInvitation:
    if invitation.status == InvitationStatus.ACCEPTED:
        raise PapersError("You already accepted; ask the chairs to remove you.")
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


def pc_member_add(*, edition: Edition, name: str, email: str, affiliation: str = "") -> Role:
    """Add a PC member directly (demo, chairs' own colleagues): no invitation round."""
    person = person_get_or_create(name=name, email=email, affiliation=affiliation)
    role, _ = Role.objects.get_or_create(edition=edition, person=person, kind=RoleKind.PC_MEMBER)
    if person.user_id:
        _conflicts_for_member(edition=edition, user=person.user)
    return role


def _conflicts_for_member(*, edition: Edition, user) -> None:
    from papers.services.conflicts import conflicts_refresh_on_commit

    conflicts_refresh_on_commit(edition_id=edition.pk, users=[user.pk])
    access_invalidate()


@transaction.atomic
def reviewer_profile_save(
    *,
    edition: Edition,
    user,
    expertise: str,
    topics,
    conflict_institutions: str = "",
    conflict_people: str = "",
    max_load: int | None = None,
) -> ReviewerProfile:
    profile, _ = ReviewerProfile.objects.update_or_create(
        edition=edition,
        user=user,
        defaults={
            "expertise": expertise,
            "conflict_institutions": conflict_institutions,
            "conflict_people": conflict_people,
            "max_load": max_load,
        },
    )
    profile.topics.set([t for t in topics if t.edition_id == edition.pk])
    access_invalidate()
    return profile


def paper_conflict_declare(
    *, paper: Paper, user, reason: str = "", kind: str = "other"
) -> PaperConflict:
    """A PC member declares their own conflict (papers.services.conflict_declare)."""
    from papers.enums import ConflictSource
    from papers.services.conflicts import conflict_declare

    return conflict_declare(
        paper=paper, user=user, by=user, source=ConflictSource.REVIEWER, kind=kind, reason=reason
    )


def bid_set(*, paper: Paper, user, value: str) -> Bid | None:
    """Set (or with ``value=""`` clear) the user's bid. Conflicted users cannot bid."""
    from papers.selectors import REVIEWABLE, conflicted_paper_ids

    if value and value not in BidValue.values:
        raise PapersError("Unknown bid.", field="value")
    if paper.status not in REVIEWABLE:
        raise PapersError("This paper is not open for bids.")
    if paper.pk in conflicted_paper_ids(edition=paper.edition, user=user):
        raise PapersError("You have a conflict with this paper.")
    if not value:
        Bid.objects.filter(paper=paper, user=user).delete()
        return None
    bid, _ = Bid.objects.update_or_create(paper=paper, user=user, defaults={"value": value})
    return bid
