"""Who may reach which part of the program: the chair views and the API ask here.

Each ``<thing>_for_<audience>`` returns the object or raises ``ProgramNotFound``, the same
answer for an id that is missing, belongs to another edition, or is not the user's to change.
The checks are the permissions of ``program.rules``; their per-request cache is emc2.access.
"""

from django.http import Http404

from emc2.models import Edition, Person
from program.models import Item, Room, Session, SessionType, Track


class ProgramNotFound(Http404):
    """No such session or item for this user: missing or forbidden alike."""


def _find(user, edition: Edition, pk: int, what: str, get):
    """``get(edition=, pk=)`` for a user who may change the program, else ProgramNotFound."""
    if not user.has_perm("program.change_program", edition):
        raise ProgramNotFound(f"No such {what}.")
    try:
        return get(edition=edition, pk=pk)
    except Http404:
        raise ProgramNotFound(f"No such {what}.") from None


def session_for_chair(*, user, edition: Edition, pk: int) -> Session:
    """A session of ``edition`` the user may change (``program.change_program``)."""
    from program.selectors import session_get

    return _find(user, edition, pk, "session", session_get)


def item_for_chair(*, user, edition: Edition, pk: int) -> Item:
    """An item of ``edition`` the user may change (``program.change_program``)."""
    from program.selectors import item_get

    return _find(user, edition, pk, "item", item_get)


def room_for_chair(*, user, edition: Edition, pk: int) -> Room:
    """A room of ``edition`` the user may change (``program.change_program``)."""
    from program.selectors import room_get

    return _find(user, edition, pk, "room", room_get)


def session_type_for_chair(*, user, edition: Edition, pk: int) -> SessionType:
    """A session type of ``edition`` the user may change (``program.change_program``)."""
    from program.selectors import session_type_get

    return _find(user, edition, pk, "session type", session_type_get)


def track_for_chair(*, user, edition: Edition, pk: int) -> Track:
    """A track of ``edition`` the user may change (``program.change_program``)."""
    from program.selectors import track_get

    return _find(user, edition, pk, "track", track_get)


def person_for_chair(*, user, edition: Edition, pk: int) -> Person:
    """A person the user may edit as a chair of ``edition``: one who appears in it, or a
    profile linked to nothing yet (just created for a speaker). Staff may edit anyone."""
    from program.selectors import people_for_chair

    if not user.has_perm("program.change_program", edition):
        raise ProgramNotFound("No such person.")
    person = people_for_chair(user=user, edition=edition).filter(pk=pk).first()
    if person is None:
        raise ProgramNotFound("No such person.")
    return person


def people_for_chair_check(
    *, user, edition: Edition, pks, message: str = "", field: str = "speakers"
) -> dict[int, Person]:
    """``{pk: person}`` for ids a chair picked (speakers by ``#id``, people to merge), one
    query. Raises ProgramError naming the first id that is missing or not the chair's to
    use (the same message for both; ``message``, with ``{pk}``, replaces it)."""
    from program.exceptions import ProgramError
    from program.selectors import people_for_chair

    pks = [int(pk) for pk in pks]
    if not pks:
        return {}
    if not user.has_perm("program.change_program", edition):
        raise ProgramNotFound("No such person.")
    found = people_for_chair(user=user, edition=edition).in_bulk(pks)
    for pk in pks:
        if pk not in found:
            text = message or (
                "#{pk} is not a person you can pick in this edition; "
                "use “Find person” to look them up."
            )
            raise ProgramError(text.format(pk=pk), field=field)
    return found


def speakers_for_chair(
    *, user, edition: Edition, refs: list, message: str = "", field: str = "speakers"
) -> list:
    """``refs`` (program.services.SpeakerRef) after checking every ``#id`` among them with
    ``people_for_chair_check``. Raises ProgramError."""
    pks = [r.person_id for r in refs if r is not None and r.person_id is not None]
    people_for_chair_check(user=user, edition=edition, pks=pks, message=message, field=field)
    return refs
