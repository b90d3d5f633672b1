"""Writes of the shared domain: editions, people, roles."""

import secrets
from datetime import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from emc2 import signals
from emc2.access import access_invalidate
from emc2.enums import RoleKind, SponsorTier
from emc2.exceptions import Emc2Error
from emc2.links import absolute_url, slug_for
from emc2.mail import mail_queue
from emc2.models import ApiToken, Edition, Person, Role, Series, SeriesAdmin, Sponsor, User
from emc2.selectors import person_invite_key_prefix, person_link_relations


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


PROFILE_FIELDS = ("name", "email", "affiliation", "homepage", "bio", "orcid")


def _person_clean(person: Person) -> None:
    try:
        person.full_clean(exclude=["slug", "user"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise Emc2Error(messages[0], field=None if field == "__all__" else field) from None


@transaction.atomic
def person_create(*, name: str, photo=None, **fields) -> Person:
    """A new person (a speaker profile). Raises Emc2Error on invalid fields (a wrong ORCID
    check digit, a bad URL) or an e-mail another person already has."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise Emc2Error(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    fields["email"] = (fields.get("email") or "").strip().lower()
    if fields["email"] and Person.objects.filter(email__iexact=fields["email"]).exists():
        raise Emc2Error("A person with this e-mail exists already; pick them.", field="email")
    person = Person(name=name.strip(), slug=_unique_person_slug(name), **fields)
    _person_clean(person)
    if photo is not None:
        person.photo.save(photo.name, photo, save=False)
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, photo=None, **fields) -> Person:
    """Change a profile (any of PROFILE_FIELDS, and the photo). Raises Emc2Error."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise Emc2Error(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    person = Person.objects.select_for_update(no_key=True).get(pk=person.pk)
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
        taken = Person.objects.filter(email__iexact=fields["email"]).exclude(pk=person.pk)
        if fields["email"] and taken.exists():
            raise Emc2Error("Another person has this e-mail; merge them instead.", field="email")
    for name, value in fields.items():
        setattr(person, name, value)
    _person_clean(person)
    if photo is not None:
        person.photo.save(photo.name, photo, save=False)
    person.save()
    return person


@transaction.atomic
def person_merge(*, keep: Person, remove: Person) -> Person:
    """Merge ``remove`` into ``keep``: every link (appearances, session chairs, roles, paper
    authorships, ...) moves to ``keep``; a link ``keep`` already has (the same role, the same
    item) is dropped as the duplicate it is. Blank profile fields of ``keep`` are filled from
    ``remove``; ``remove`` is deleted. Raises Emc2Error when both have an account."""
    if keep.pk == remove.pk:
        raise Emc2Error("Pick two different people.", field="remove")
    # Both people, in pk order (docs/locking.md): an item saved meanwhile waits.
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .filter(pk__in=[keep.pk, remove.pk])
        .order_by("pk")
    }
    keep, remove = locked[keep.pk], locked[remove.pk]
    if keep.user_id and remove.user_id:
        raise Emc2Error("Both people have an account; they cannot be merged.", field="remove")
    for rel in person_link_relations():
        model, field = rel.related_model, rel.field.name
        for row in model._default_manager.filter(**{field: remove}).order_by("pk"):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=row.pk).update(**{field: keep})
            except IntegrityError:  # keep has this link already (a unique constraint says so)
                row.delete()
    for name in (*PROFILE_FIELDS, "photo"):
        if not getattr(keep, name) and getattr(remove, name):
            setattr(keep, name, getattr(remove, name))
    user = remove.user
    remove.delete()
    if user is not None and keep.user_id is None:
        keep.user = user
    keep.save()
    return keep


@transaction.atomic
def person_merge_many(*, keep: Person, remove: list[Person]) -> Person:
    """Merge each of ``remove`` into ``keep`` (``person_merge``), all or none. Raises
    Emc2Error (nobody to merge, ``keep`` among ``remove``, two accounts)."""
    if not remove:
        raise Emc2Error("Pick at least two people to merge.", field="people")
    for other in remove:
        keep = person_merge(keep=keep, remove=other)
    return keep


PROFILE_INVITE_SALT = "emc2.person-profile-invite"
PROFILE_INVITE_MAX_AGE = 60 * 60 * 24 * 30  # 30 days


def person_profile_token(*, person: Person) -> str:
    # Bound to the address it was sent to: after an e-mail change old links stop working.
    return signing.dumps({"p": person.pk, "e": person.email}, salt=PROFILE_INVITE_SALT)


def person_for_profile_token(*, token: str) -> Person | None:
    """The person an invitation link is for, or None (bad, expired or outdated link)."""
    try:
        data = signing.loads(token, salt=PROFILE_INVITE_SALT, max_age=PROFILE_INVITE_MAX_AGE)
    except signing.BadSignature:
        return None
    return Person.objects.filter(pk=data.get("p"), email=data.get("e")).exclude(email="").first()


def person_invite(*, person: Person, edition: Edition, by) -> str:
    """Mail ``person`` a link to fill in their own profile (bio, photo, homepage, ORCID).

    Side effect: one outbox mail (emc2.mail.mail_queue). Returns the token. Raises
    Emc2Error when the person has no e-mail address.
    """
    if not person.email:
        raise Emc2Error("This person has no e-mail address to invite.", field="email")
    token = person_profile_token(person=person)
    link = absolute_url(reverse("person-profile-invited", kwargs={"token": token}))
    mail_queue(
        key=person_invite_key_prefix(edition=edition, person=person) + token[-16:],
        to=[person.email],
        subject=f"[{edition.title[:60]}] Please complete your speaker profile",
        template="emc2/email/profile_invite.txt",
        context={"person": person, "edition": edition, "link": link},
        edition=edition,
    )
    return token


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


def series_create(*, name: str, short_name: str) -> Series:
    """The series, when the site has none yet (its first edition). Raises Emc2Error."""
    if not name.strip() or not short_name.strip():
        raise Emc2Error("The first edition needs series_name and series_short_name.")
    return Series.objects.create(name=name.strip(), short_name=short_name.strip())


def series_admin_add(*, series: Series, user: User) -> SeriesAdmin:
    """Let ``user`` create editions of ``series``. Raises Emc2Error when they already may."""
    try:
        with transaction.atomic():
            admin = SeriesAdmin.objects.create(series=series, user=user)
    except IntegrityError:
        raise Emc2Error(f"{user.email} is already an admin of this series.", field="user") from None
    access_invalidate()
    return admin


def series_admin_remove(*, series: Series, user_id: int) -> None:
    """Take the role away. Raises Emc2Error when ``user_id`` is no admin of ``series``."""
    deleted, _ = SeriesAdmin.objects.filter(series=series, user_id=user_id).delete()
    if not deleted:
        raise Emc2Error("That account is no admin of this series.", field="user")
    access_invalidate()


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
        # The account's own person, so that the role reaches that account at once; without
        # an account, the person is linked when one signs up with this address.
        user = User.objects.filter(email__iexact=chair["email"]).first()
        person = person_link_user(user=user) if user else None
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


SPONSOR_FIELDS = {"name", "tier", "url", "order"}


def sponsor_save(
    *, edition: Edition, sponsor: Sponsor | None = None, logo=None, **fields
) -> Sponsor:
    """Create (no ``sponsor``) or change a sponsor. ``logo`` is an upload: SVG is sanitized,
    raster images are checked with Pillow (emc2.images). Raises Emc2Error."""
    from emc2.images import logo_prepare

    unknown = set(fields) - SPONSOR_FIELDS
    if unknown:
        raise Emc2Error(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if "tier" in fields and fields["tier"] not in SponsorTier.values:
        raise Emc2Error("Unknown tier; one of: " + ", ".join(SponsorTier.values), field="tier")
    prepared = logo_prepare(logo) if logo is not None else None
    if sponsor is None:
        if not fields.get("name", "").strip():
            raise Emc2Error("A sponsor needs a name.", field="name")
        fields.setdefault("order", Sponsor.objects.filter(edition=edition).count())
        sponsor = Sponsor(edition=edition)
    for name, value in fields.items():
        setattr(sponsor, name, value)
    if prepared is not None:
        sponsor.logo.save(prepared.name, prepared, save=False)
    sponsor.save()
    return sponsor


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
