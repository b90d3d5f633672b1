"""Access rows of emc2's own routes: public shell, chair area, profile, API."""

from emc2.enums import RoleKind
from emc2.models import Role
from emc2.services import api_token_create
from tests.access.table import LOGIN, NOT_FOUND, OK, REDIRECT, Route, everyone, only, signed_in
from tests.factories.emc2 import EditionFactory, PersonFactory, RoleFactory


def build(world) -> None:
    world.author_token, _ = api_token_create(user=world.users["author"], name="t", scope="read")
    world.unpublished = EditionFactory(published=False)
    world.person = PersonFactory(name="Public Person")
    world.removable_role = RoleFactory(
        edition=world.edition, person=PersonFactory(), kind=RoleKind.ORGANIZER
    )
    # The chair of ``edition`` also chairs the unpublished edition (to see it).
    Role.objects.create(
        edition=world.unpublished, person=world.users["chair"].person, kind=RoleKind.CHAIR
    )


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731

CHAIR = only("chair", denied=403)
HIDDEN = everyone(NOT_FOUND, chair=OK)

ROUTES = [
    Route("home", everyone(OK)),
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
    ),
    Route(
        "profile-token-revoke",
        signed_in(NOT_FOUND, author=REDIRECT),
        lambda w: {"pk": w.author_token.pk},
        method="post",
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
