"""Writes of the shared domain: editions, people, roles."""

import secrets
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from emc2 import signals
from emc2.enums import RoleKind
from emc2.exceptions import Emc2Error
from emc2.links import slug_for
from emc2.models import ApiToken, Edition, Person, Role, Series


def _unique_person_slug(name: str) -> str:
    base = slug_for(name, max_length=200, default="person")
    slug, n = base, 2
    while Person.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def person_get_or_create(*, name: str, email: str = "", affiliation: str = "", **extra) -> Person:
    """Find a person by e-mail (if given), else by exact name, else create one.

    A name that several people share picks the one with this affiliation; a name only one
    person has picks that person whatever the affiliation: an affiliation that changed never
    makes a second person (it belongs to the appearance, see program.ItemSpeaker).
    """
    email = (email or "").strip().lower()
    person = None
    if email:
        person = Person.objects.filter(email__iexact=email).first()
    if person is None and name:
        same_name = list(Person.objects.filter(name=name).order_by("pk")[:20])
        person = next((p for p in same_name if p.affiliation == affiliation), None)
        if person is None and len(same_name) == 1 and not (email and same_name[0].email):
            person = same_name[0]
    if person is None:
        person = Person.objects.create(
            name=name,
            email=email,
            affiliation=affiliation,
            slug=_unique_person_slug(name),
            **extra,
        )
    return person


@transaction.atomic
def person_link_user(*, user) -> Person:
    """Link an account to its Person, matched by verified e-mail; create one if none exists.

    Called when an e-mail address is confirmed. Never steals a Person linked to someone else.
    """
    existing = Person.objects.select_for_update().filter(user=user).first()
    if existing:
        return existing
    person = (
        Person.objects.select_for_update()
        .filter(email__iexact=user.email, user__isnull=True)
        .first()
    )
    if person is None:
        name = user.get_full_name() or user.email.split("@")[0]
        person = Person.objects.create(
            name=name, email=user.email.lower(), slug=_unique_person_slug(name)
        )
    person.user = user
    person.save(update_fields=["user"])
    return person


def person_update_profile(*, person: Person) -> Person:
    """Save a person's edited profile (fields already set on the instance)."""
    person.full_clean()
    person.save()
    return person


# Settings an edition copied from an earlier one takes over, unless given.
EDITION_COPIED_FIELDS = ("time_zone", "deadline_time_zone", "objective", "cfp_text")
EDITION_FIELDS = {
    "number", "title", "slug", "conference", "city", "venue", "room", "start_date", "end_date",
    "time_zone", "deadline_time_zone", "objective", "cfp_text", "published",
}  # fmt: skip


@transaction.atomic
def edition_create(
    *,
    series: Series,
    copy_from: Edition | None = None,
    chairs: list[dict] | None = None,
    **fields,
) -> Edition:
    """Create an edition, optionally copying an earlier one's settings and topics; each app
    copies its own configuration through ``signals.edition_copied`` (program: rooms; papers:
    review form, submission types, decisions). ``chairs``: ``{"name", "email"}`` dicts made
    chairs of the new edition. Raises Emc2Error for invalid fields (duplicate slug or number).
    """
    unknown = set(fields) - EDITION_FIELDS
    if unknown:
        raise Emc2Error(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if copy_from is not None:
        for name in EDITION_COPIED_FIELDS:
            fields.setdefault(name, getattr(copy_from, name))
    edition = Edition(series=series, **fields)
    try:
        edition.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Emc2Error(messages[0], field=None if field == "__all__" else field) from None
    edition.save()
    if copy_from is not None:
        rows_copy_to_edition(rows=copy_from.topics.all(), edition=edition)
        signals.edition_copied.send(sender=Edition, source=copy_from, edition=edition)
    for chair in chairs or []:
        # An account's own person first, so that the role reaches that account.
        person = Person.objects.filter(user__email__iexact=chair["email"]).first()
        role_add(
            edition=edition, kind=RoleKind.CHAIR, person=person, name=chair["name"],
            email=chair["email"],
        )  # fmt: skip
    return edition


def rows_copy_to_edition(*, rows, edition: Edition) -> list:
    """Copies of ``rows`` (per-edition configuration rows: topics, rooms, review fields) in
    ``edition``. For ``edition_copied`` receivers; rows must have no other unique links."""
    copies = []
    for row in rows:
        row.pk = None
        row.id = None
        row._state.adding = True
        row.edition = edition
        copies.append(row)
    return type(copies[0]).objects.bulk_create(copies) if copies else []


def edition_update(*, edition: Edition, **fields) -> Edition:
    for name, value in fields.items():
        setattr(edition, name, value)
    edition.full_clean()
    edition.save()
    return edition


@transaction.atomic
def edition_children_save(*, edition: Edition, formset):
    """Save a chair's formset of an edition's rows (topics, dates, sponsors) in one go."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for obj in instances:
        obj.edition = edition
        obj.save()
    return instances


@transaction.atomic
def role_add(
    *,
    edition: Edition,
    kind: str,
    name: str,
    email: str = "",
    affiliation: str = "",
    title: str = "",
    person: Person | None = None,
    order: int | None = None,
) -> Role:
    """Give someone a role (an existing ``person``, or found/created from name and e-mail).
    New roles go last in their kind's order unless ``order`` is given."""
    if kind not in RoleKind.values:
        raise Emc2Error("Unknown role.", field="kind")
    if person is None:
        if not name.strip():
            raise Emc2Error("Give a person or a name.", field="name")
        person = person_get_or_create(name=name.strip(), email=email, affiliation=affiliation)
    if order is None:
        order = Role.objects.filter(edition=edition, kind=kind).count()
    role, created = Role.objects.get_or_create(
        edition=edition, person=person, kind=kind, defaults={"title": title, "order": order}
    )
    if not created:
        raise Emc2Error(f"{person.name} already has this role in this edition.")
    return role


def role_update(*, role: Role, **fields) -> Role:
    """Change a role's public title or its place in the list."""
    unknown = set(fields) - {"title", "order"}
    if unknown:
        raise Emc2Error(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(role, name, value)
    role.save(update_fields=list(fields) or None)
    return role


def role_remove(*, role: Role, by) -> None:
    """Remove a role. A chair cannot remove the last chair of an edition."""
    if (
        role.kind == RoleKind.CHAIR
        and Role.objects.filter(edition=role.edition, kind=RoleKind.CHAIR).count() == 1
    ):
        raise Emc2Error("An edition needs at least one chair.")
    role.delete()


def api_token_create(
    *, user, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a personal API token; returns it with its secret, which is never stored.

    Raises Emc2Error for an unknown scope or an expiry in the past.
    """
    if scope not in ApiToken.Scope.values:
        raise Emc2Error("Unknown scope.", field="scope")
    if expires_at is not None and expires_at <= timezone.now():
        raise Emc2Error("The expiry must be in the future.", field="expires_at")
    key = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or "API token",
        scope=scope,
        expires_at=expires_at,
        key_hash=ApiToken.hash_key(key),
        hint=key[: len(ApiToken.PREFIX) + 4],
    )
    return token, key


def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a token at once. Only its owner may; anyone else gets "not found"."""
    if token.user_id != by.pk:
        raise Emc2Error("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record that a token was used, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
