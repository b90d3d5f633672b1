"""Reads of the shared domain. Querysets come back with what their pages need."""

from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone

from emc2 import signals
from emc2.enums import RoleKind
from emc2.models import ApiToken, Edition, ImportantDate, Person, Role, Series, SeriesAdmin


def series_get() -> Series | None:
    return Series.objects.order_by("pk").first()


def series_get_by_pk(*, pk: int) -> Series:
    try:
        return Series.objects.get(pk=pk)
    except (Series.DoesNotExist, ValueError, OverflowError):
        raise Http404("No such series.") from None


def series_admin_list(*, series: Series) -> QuerySet[SeriesAdmin]:
    return SeriesAdmin.objects.filter(series=series).select_related("user").order_by("pk")


def series_list_for_new_edition(*, user) -> list[Series]:
    """The series ``user`` may create editions of (``emc2.add_edition``), for the links to
    their "New edition" pages. Anonymous visitors: none, without a query."""
    if not user.is_authenticated:
        return []
    return [s for s in Series.objects.order_by("pk") if user.has_perm("emc2.add_edition", s)]


def series_editions(*, series: Series) -> QuerySet[Edition]:
    """The editions of ``series``, newest first (what a new edition may be copied from)."""
    return Edition.objects.filter(series=series).order_by("-start_date", "-number")


def edition_next_number(*, series: Series) -> int:
    last = Edition.objects.filter(series=series).order_by("-number").first()
    return last.number + 1 if last else 1


def edition_list_for_user(*, user) -> QuerySet[Edition]:
    """Published editions, plus unpublished ones where the user has a role (all for superusers)."""
    qs = Edition.objects.all()
    if user.is_authenticated and user.is_superuser:
        return qs
    visible = Q(published=True)
    if user.is_authenticated:
        visible |= Q(roles__person__user=user)
    return qs.filter(visible).distinct()


def edition_get(*, slug: str) -> Edition:
    try:
        return Edition.objects.select_related("series").get(slug=slug)
    except Edition.DoesNotExist:
        raise Http404("No such edition.") from None


def edition_get_for_page(*, slug: str) -> Edition:
    """The edition with everything its public page lists, in a fixed number of queries."""
    edition = edition_get(slug=slug)
    edition_page_prefetch(edition=edition)
    return edition


def edition_page_prefetch(*, edition: Edition) -> Edition:
    """Load what the edition's public page lists onto ``edition`` (4 queries): the page
    fetches it only when it renders, not for a cached copy."""
    organizer_roles = (
        Role.objects.filter(kind__in=[RoleKind.CHAIR, RoleKind.ORGANIZER])
        .select_related("person")
        .order_by("order", "person__name")
    )
    prefetch_related_objects(
        [edition],
        "topics",
        "dates",
        "sponsors",
        Prefetch("roles", queryset=organizer_roles, to_attr="organizer_roles"),
    )
    return edition


def deadline_get(*, edition: Edition, key: str) -> ImportantDate | None:
    """The enforced date ``key`` (a DateKey) of an edition, or None if the chair set none."""
    return ImportantDate.objects.filter(edition=edition, key=key).first()


def deadline_passed(*, edition: Edition, key: str, now: datetime | None = None) -> bool:
    """True once the (possibly extended) date has passed. No date set means never passed.

    Instants compare in UTC, so the check is exact whatever zone the date was entered in.
    """
    deadline = deadline_get(edition=edition, key=key)
    return deadline is not None and (now or timezone.now()) > deadline.effective_at


def role_list(*, edition: Edition) -> QuerySet[Role]:
    return (
        Role.objects.filter(edition=edition)
        .select_related("person")
        .order_by("kind", "order", "person__name")
    )


def person_get(*, slug: str) -> Person:
    try:
        return Person.objects.get(slug=slug)
    except Person.DoesNotExist:
        raise Http404("No such person.") from None


def person_roles_public(*, person: Person) -> QuerySet[Role]:
    """Roles shown on a person's public page: only in published editions."""
    return (
        Role.objects.filter(person=person, edition__published=True)
        .exclude(kind=RoleKind.EVALUATOR)
        .select_related("edition")
        .order_by("-edition__start_date", "kind")
    )


def person_link_relations() -> list:
    """Every relation pointing at Person from any app (papers' authors, program's speakers
    and session chairs, roles, ...), found through the model registry so that emc2 names no
    app and a new kind of link needs no code here."""
    return [
        f
        for f in Person._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]


def people_unlinked() -> QuerySet[Person]:
    """People with no account and no link at all yet (profiles just created for a speaker)."""
    qs = Person.objects.filter(user__isnull=True)
    for rel in person_link_relations():
        linked = rel.related_model._default_manager.filter(**{rel.field.name: OuterRef("pk")})
        qs = qs.filter(~Exists(linked))
    return qs


def person_is_unlinked(*, person: Person) -> bool:
    """No account and no link at all yet (a profile just created for a speaker)."""
    return people_unlinked().filter(pk=person.pk).exists()


def person_invite_key_prefix(*, edition: Edition, person: Person) -> str:
    """The start of the outbox key of every profile invitation of ``person`` for ``edition``
    (emc2.services.person_invite)."""
    return f"person-invite:{edition.pk}:{person.pk}:"


def person_last_invited(*, edition: Edition, person: Person) -> datetime | None:
    """When ``person`` was last invited to fill in their profile for ``edition``, or None."""
    from emc2.models import OutboxMail

    prefix = person_invite_key_prefix(edition=edition, person=person)
    last = OutboxMail.objects.filter(edition=edition, key__startswith=prefix).order_by("-created")
    return last.values_list("created", flat=True).first()


def person_search(
    *, q: str, limit: int = 20, among: QuerySet[Person] | None = None
) -> list[Person]:
    """People matching ``q``: an exact ORCID iD or e-mail first, then names containing it.
    ``among``: search only these people (default: everybody)."""
    q = q.strip()
    if len(q) < 2:
        return []
    people = Person.objects.all() if among is None else among
    exact = list(people.filter(Q(orcid=q.upper()) | Q(email__iexact=q))[:limit])
    names = people.filter(name__icontains=q).exclude(pk__in=[p.pk for p in exact])
    return exact + list(names.order_by("name", "pk")[: limit - len(exact)])


def person_get_for_user(*, user) -> Person | None:
    return Person.objects.filter(user=user).first()


def _answers(signal: Signal, *, sender, **kwargs) -> list:
    """What the receivers of ``signal`` returned, leaving out empty answers and failures
    (``send_robust`` has logged those)."""
    return [
        answer
        for _receiver, answer in signal.send_robust(sender=sender, **kwargs)
        if answer and not isinstance(answer, Exception)
    ]


def _sorted_sections(sections: list[dict]) -> list[dict]:
    return sorted(sections, key=lambda s: s.get("order", 100))


def edition_sections(*, edition: Edition, user) -> list[dict]:
    """Sections the apps add to an edition's home page (see emc2.signals.edition_sections)."""
    return _sorted_sections(
        _answers(signals.edition_sections, sender=Edition, edition=edition, user=user)
    )


def person_sections(*, person: Person, user) -> list[dict]:
    """Sections the apps add to a person's page (see emc2.signals.person_sections)."""
    return _sorted_sections(
        _answers(signals.person_sections, sender=Person, person=person, user=user)
    )


def person_profile_sections(*, person: Person, token: str) -> list[dict]:
    """Sections the apps add to a speaker's invited profile page (see
    emc2.signals.person_profile_sections)."""
    return _sorted_sections(
        _answers(signals.person_profile_sections, sender=Person, person=person, token=token)
    )


def edition_nav(*, edition: Edition, user) -> list[tuple[str, str]]:
    """Navigation entries ``(label, url)`` of the apps (see emc2.signals.edition_nav)."""
    answers = _answers(signals.edition_nav, sender=Edition, edition=edition, user=user)
    return [entry for entries in answers for entry in entries]


def edition_chair_links(*, edition: Edition, user) -> list[tuple[str, str]]:
    """Chair-area links ``(label, url)`` of the apps (see emc2.signals.edition_chair_links)."""
    answers = _answers(signals.edition_chair_links, sender=Edition, edition=edition, user=user)
    return [entry for entries in answers for entry in entries]


def public_urls(*, edition: Edition, objs: list) -> dict:
    """``{pk: url}`` of the public pages other apps serve for ``objs`` (all of one model and
    of ``edition``; see emc2.signals.public_urls)."""
    if not objs:
        return {}
    urls: dict = {}
    for found in _answers(signals.public_urls, sender=type(objs[0]), edition=edition, objs=objs):
        urls.update(found)
    return urls


def api_token_list_for_user(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get_for_key(*, key: str) -> ApiToken | None:
    """The active token with this secret, or None (unknown, revoked, expired, inactive user)."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .first()
    )
