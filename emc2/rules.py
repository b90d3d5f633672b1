"""General predicates. Apps build their permissions on these.

A predicate receives ``(user, obj)``; ``obj`` is an Edition or anything with an ``edition``
attribute (or ``edition_id``).
"""

import rules

from emc2.access import access_cached
from emc2.enums import RoleKind


def edition_of(obj):
    if obj is None:
        return None
    from emc2.models import Edition  # models import rules-free modules only; avoid a cycle

    if isinstance(obj, Edition):
        return obj
    return getattr(obj, "edition", None)


def _roles_of(user) -> dict[int, set[str]]:
    """edition id -> the kinds of role the user holds there."""
    from emc2.models import Role

    roles: dict[int, set[str]] = {}
    for edition_id, kind in Role.objects.filter(person__user=user).values_list(
        "edition_id", "kind"
    ):
        roles.setdefault(edition_id, set()).add(kind)
    return roles


def has_role(*kinds: str):
    """Predicate factory: the user holds one of ``kinds`` in the object's edition."""

    name = "has_role:" + "|".join(kinds)

    @rules.predicate(name=name)
    def _has_role(user, obj) -> bool:
        edition = edition_of(obj)
        if edition is None or not user.is_authenticated:
            return False
        cache = access_cached(user=user, key="emc2.roles", compute=lambda: _roles_of(user))
        return bool(cache.get(edition.pk, set()) & set(kinds))

    return _has_role


is_chair = has_role(RoleKind.CHAIR)
is_pc_member = has_role(RoleKind.PC_MEMBER)
is_challenge_organizer = has_role(RoleKind.CHALLENGE_ORGANIZER)
is_evaluator = has_role(RoleKind.EVALUATOR)
is_decider = has_role(RoleKind.DECIDER)
is_superuser = rules.is_superuser


@rules.predicate
def is_published(user, obj) -> bool:
    edition = edition_of(obj)
    return bool(edition and edition.published)


# Everyone with a role (committee, organizers, evaluators) works on an edition before it is
# published; the public sees it once it is.
has_any_role = has_role(*RoleKind.values)
rules.add_perm("emc2.view_edition", is_published | has_any_role | is_superuser)
rules.add_perm("emc2.change_edition", is_chair | is_superuser)


# --- the series: who may open a new edition ------------------------------------------------


def series_of(obj):
    """The Series of ``obj``: a Series, or anything with an edition (its edition's series)."""
    if obj is None:
        return None
    from emc2.models import Series

    if isinstance(obj, Series):
        return obj
    edition = edition_of(obj)
    return edition.series if edition is not None else None


@rules.predicate
def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


@rules.predicate
def is_series_admin(user, obj) -> bool:
    """The user is a SeriesAdmin of the object's series (only that series, never another)."""
    series = series_of(obj)
    if series is None or not user.is_authenticated:
        return False
    from emc2.models import SeriesAdmin

    ids = access_cached(
        user=user,
        key="emc2.series_admin",
        compute=lambda: set(
            SeriesAdmin.objects.filter(user=user).values_list("series_id", flat=True)
        ),
    )
    return series.pk in ids


# Creating an edition of a series (the API and the "New edition" page, with the series as the
# object): staff for every series, a series admin for theirs.
rules.add_perm("emc2.add_edition", is_staff | is_superuser | is_series_admin)
# Who is a series admin: staff only.
rules.add_perm("emc2.manage_series", is_staff | is_superuser)
