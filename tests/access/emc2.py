"""Access rows of emc2's own routes: public shell, chair area, profile, API."""

from emc2.enums import RoleKind
from emc2.models import ApiToken, MailStatus, OutboxMail, Role
from emc2.services import api_token_create
from tests.access.table import (
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Route,
    everyone,
    goes_to,
    only,
    signed_in,
    tables,
)
from tests.factories.emc2 import EditionFactory, PersonFactory, RoleFactory


def build(world) -> None:
    world.author_token, _ = api_token_create(user=world.users["author"], name="t", scope="read")
    world.unpublished = EditionFactory(published=False)
    world.person = PersonFactory(name="Public Person")
    world.removable_role = RoleFactory(
        edition=world.edition, person=PersonFactory(), kind=RoleKind.ORGANIZER
    )
    world.failed_mail = OutboxMail.objects.create(
        key=f"access:failed:{world.edition.pk}",
        edition=world.edition,
        batch=f"access-run:{world.edition.pk}",
        to=["someone@example.org"],
        subject="A mail the server refused",
        body="Hello",
        status=MailStatus.FAILED,
    )
    # The chair of ``edition`` also chairs the unpublished edition (to see it).
    Role.objects.create(
        edition=world.unpublished, person=world.users["chair"].person, kind=RoleKind.CHAIR
    )


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731

CHAIR = only("chair", denied=403)
HIDDEN = everyone(NOT_FOUND, chair=OK)

STATE = tables(Role)
MAIL_STATE = tables(OutboxMail)
TOKEN_STATE = tables(ApiToken)

ROUTES = [
    Route("home", everyone(OK)),
    Route("healthz", everyone(OK)),
    Route("edition", everyone(OK), ed),
    Route("edition", HIDDEN, lambda w: {"edition": w.unpublished.slug}, note="unpublished"),
    Route("person", everyone(OK), lambda w: {"slug": w.person.slug}),
    Route("public-media", everyone(NOT_FOUND), lambda w: {"path": "nothing.png"}),
    Route("profile", signed_in(OK)),
    Route(
        "profile-token-create",
        signed_in(OK),
        method="post",
        data=lambda w: {"name": "script", "scope": "read", "expires_in": "30"},
        state=TOKEN_STATE,
        fresh_world_per_actor=True,
        note="the page shows the new secret once",
    ),
    Route(
        "profile-token-revoke",
        signed_in(NOT_FOUND, author=REDIRECT),
        lambda w: {"pk": w.author_token.pk},
        method="post",
        state=TOKEN_STATE,
        location=goes_to("profile"),
        fresh_world_per_actor=True,
        note="only the owner",
    ),
    Route("chair-home", CHAIR, ed),
    Route(
        "chair-home", {**HIDDEN, "anonymous": NOT_FOUND}, lambda w: {"edition": w.unpublished.slug}
    ),
    Route("chair-settings", CHAIR, ed),
    Route("chair-topics", CHAIR, ed),
    Route("chair-dates", CHAIR, ed),
    Route("chair-sponsors", CHAIR, ed),
    Route("chair-roles", CHAIR, ed),
    Route(
        "chair-role-remove",
        only("chair", ok=REDIRECT),
        lambda w: {"edition": w.edition.slug, "pk": w.removable_role.pk},
        method="post",
        state=STATE,
        location=goes_to("chair-roles", ed),
        fresh_world_per_actor=True,
    ),
    Route("chair-mail-log", CHAIR, ed),
    Route(
        "chair-mail-resend",
        only("chair", ok=REDIRECT),
        lambda w: {"edition": w.edition.slug, "pk": w.failed_mail.pk},
        method="post",
        state=MAIL_STATE,
        location=goes_to("chair-mail-log", ed),
        fresh_world_per_actor=True,
    ),
    Route(
        "chair-mail-resume",
        only("chair", ok=REDIRECT),
        ed,
        method="post",
        data=lambda w: {"batch": f"access-run:{w.edition.pk}"},
        state=MAIL_STATE,
        location=goes_to("chair-mail-log", ed),
        fresh_world_per_actor=True,
    ),
    Route("api:edition-list", everyone(OK)),
    Route("api:edition-detail", everyone(OK), ed),
    Route(
        "api:edition-detail",
        everyone(NOT_FOUND, chair=OK),
        lambda w: {"edition": w.unpublished.slug},
        note="unpublished",
    ),
    Route("api:schema", everyone(OK)),
    Route("api:docs", everyone(OK)),
    Route("api:redoc", everyone(OK)),
    Route("admin:index", everyone(LOGIN)),
    Route("account_login", everyone(REDIRECT, anonymous=OK)),
    Route("account_signup", everyone(REDIRECT, anonymous=OK)),
]
