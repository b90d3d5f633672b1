"""Access rows of conflicts (author, PC member, chair pages and API) and the PC invitation API.

``world.conflict``: ``world.member`` (a PC member) is conflicted with ``world.paper``, declared
by its author. ``world.chair_conflict``: the same member with the chair's own paper, which the
chair may not handle.
"""

from emc2.enums import RoleKind
from papers.enums import ConflictSource, ConflictType
from papers.models import ConflictLogEntry, PaperConflict, PCInvitation
from tests.access.table import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    Route,
    api_only,
    everyone,
    goes_to,
    only,
    tables,
)
from tests.factories.emc2 import user_with_role


def build(world) -> None:
    world.member = user_with_role(world.edition, RoleKind.PC_MEMBER)
    world.conflict = PaperConflict.objects.create(
        paper=world.paper,
        user=world.member,
        kind=ConflictType.ADVISOR,
        source=ConflictSource.AUTHOR,
        declared_by=world.users["author"],
    )
    world.chair_conflict = PaperConflict.objects.create(
        paper=world.chair_paper, user=world.member, source=ConflictSource.AUTHOR
    )
    world.api_invitation = PCInvitation.objects.create(
        edition=world.edition, email="invited-by-api@example.org"
    )


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
pk = lambda w: {"edition": w.edition.slug, "pk": w.paper.pk}  # noqa: E731
conflict = lambda w: {"edition": w.edition.slug, "pk": w.conflict.pk}  # noqa: E731
invitation = lambda w: {"edition": w.edition.slug, "pk": w.api_invitation.pk}  # noqa: E731

STATE = tables(PaperConflict, ConflictLogEntry, PCInvitation)
CONFLICTS = goes_to("papers:chair-conflicts", ed)

# The author's conflict page: a chair sees the paper but is no author (403); everybody else
# learns nothing about the id (404).
AUTHOR_ONLY = {**everyone(NOT_FOUND), "anonymous": LOGIN, "author": OK, "chair": FORBIDDEN}
API_AUTHOR_ONLY = {**AUTHOR_ONLY, "anonymous": UNAUTHORIZED}
CHAIR = only("chair")
API_CHAIR = api_only("chair")
API_PC = api_only("pc_member")


def post(name, expect, kwargs, data=None, note="", location=None, method="post"):
    return Route(
        name,
        expect,
        kwargs,
        method=method,
        data=data,
        fresh_world_per_actor=True,
        note=note,
        state=STATE,
        location=location,
    )


ROUTES = [
    Route("papers:author-conflicts", AUTHOR_ONLY, pk),
    post(
        "papers:author-conflicts",
        {**AUTHOR_ONLY, "author": REDIRECT},
        pk,
        lambda w: {"action": "declare", "member": w.users["pc_member"].pk, "kind": "personal"},
        location=goes_to("papers:author-conflicts", pk),
    ),
    Route("papers:chair-conflicts", CHAIR, ed),
    post(
        "papers:chair-conflicts",
        {**CHAIR, "chair": REDIRECT},
        ed,
        lambda w: {
            "action": "add",
            "paper": w.paper.pk,
            "member": w.users["pc_member"].pk,
            "kind": "institutional",
            "reason": "Same lab last year",
        },
        location=CONFLICTS,
    ),
    post(
        "papers:chair-conflict-waive",
        {**CHAIR, "chair": REDIRECT},
        conflict,
        lambda w: {"reason": "Only met once at a conference"},
        location=CONFLICTS,
    ),
    post(
        "papers:chair-conflict-waive",
        {**CHAIR, "chair": NOT_FOUND},
        lambda w: {"edition": w.edition.slug, "pk": w.chair_conflict.pk},
        lambda w: {"reason": "Mine"},
        note="chair's own paper",
    ),
    Route("api:papers:submission-conflicts", API_AUTHOR_ONLY, pk),
    post(
        "api:papers:submission-conflicts",
        {**API_AUTHOR_ONLY, "author": 201},
        pk,
        lambda w: {"member": w.users["pc_member"].pk, "kind": "advisor"},
    ),
    post(
        "api:papers:submission-conflict",
        {**API_AUTHOR_ONLY, "author": 204},
        lambda w: {**pk(w), "member": w.member.pk},
        method="delete",
    ),
    Route("api:papers:review-conflicts", API_PC, ed),
    post(
        "api:papers:review-conflicts",
        {**API_PC, "pc_member": 201},
        ed,
        lambda w: {"paper": w.paper.pk},
    ),
    Route("api:papers:conflict-list", API_CHAIR, ed),
    post(
        "api:papers:conflict-list",
        {**API_CHAIR, "chair": 201},
        ed,
        lambda w: {
            "paper": w.paper.pk,
            "member": w.users["pc_member"].pk,
            "kind": "other",
            "reason": "Asked by the member",
        },
    ),
    post("api:papers:conflict-waive", API_CHAIR, conflict, lambda w: {"reason": "Checked"}),
    post(
        "api:papers:conflict-waive",
        {**API_CHAIR, "chair": NOT_FOUND},
        lambda w: {"edition": w.edition.slug, "pk": w.chair_conflict.pk},
        lambda w: {"reason": "Mine"},
        note="chair's own paper",
    ),
    Route("api:papers:invitation-list", API_CHAIR, ed),
    post(
        "api:papers:invitation-list",
        {**API_CHAIR, "chair": 201},
        ed,
        lambda w: {"invitees": "New Member <new-api@example.org>"},
    ),
    post("api:papers:invitation-resend", API_CHAIR, invitation),
    post("api:papers:invitation-revoke", API_CHAIR, invitation),
    Route("api:papers:conflict-list", API_CHAIR, ed, auth="token", note="token"),
]
