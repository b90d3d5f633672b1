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
