"""Writes of the shared domain: editions, people, roles."""

import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from emc2.enums import RoleKind
from emc2.exceptions import Emc2Error
from emc2.links import slug_for
from emc2.models import ApiToken, Edition, Person, Role


def _unique_person_slug(name: str) -> str:
    base = slug_for(name, max_length=200, default="person")
    slug, n = base, 2
    while Person.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def person_get_or_create(*, name: str, email: str = "", affiliation: str = "", **extra) -> Person:
    """Find a person by e-mail (if given) or by exact name and affiliation, else create one."""
    email = (email or "").strip().lower()
    person = None
    if email:
        person = Person.objects.filter(email__iexact=email).first()
    if person is None and name:
        person = Person.objects.filter(name=name, affiliation=affiliation).first()
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
    """Save a person's edited profile (fields already set on the instance).

    Sends ``emc2.signals.person_changed`` (papers' automatic conflicts follow affiliations).
    """
    from emc2 import signals

    person.full_clean()
    person.save()
    signals.person_changed.send(sender=Person, person=person)
    return person


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
) -> Role:
    if kind not in RoleKind.values:
        raise Emc2Error("Unknown role.", field="kind")
    person = person_get_or_create(name=name, email=email, affiliation=affiliation)
    role, created = Role.objects.get_or_create(
        edition=edition, person=person, kind=kind, defaults={"title": title}
    )
    if not created:
        raise Emc2Error(f"{person.name} already has this role in this edition.")
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
