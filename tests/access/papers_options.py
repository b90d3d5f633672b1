"""The ids a submission names (submission types, topics): public with the edition."""

from tests.access.table import NOT_FOUND, OK, Route, everyone

ed = lambda w: {"edition": w.edition.slug}  # noqa: E731

ROUTES = [
    Route("api:papers:submission-options", everyone(OK), ed),
    Route(
        "api:papers:submission-options",
        everyone(NOT_FOUND, chair=OK),
        lambda w: {"edition": w.unpublished.slug},
        note="unpublished edition",
    ),
]
