"""Access rows of review visibility: the review history page, the chairs' review API (form,
reviews, bids, history) and meta-reviews.

Uses ``world.review_paper`` (papers_review: by ``author``, ``pc_member`` assigned, no review
yet) and ``world.chair_paper`` (papers: the chair's own paper, hidden from the chair).
"""

from papers.models import MetaReview, ReviewField, ReviewVersion
from papers.services import review_fields_ensure
from tests.access.table import (
    NOT_FOUND,
    UNAUTHORIZED,
    Route,
    api_only,
    everyone,
    only,
    tables,
)


def build(world) -> None:
    world.meta_review = MetaReview.objects.create(
        paper=world.review_paper, author=world.users["chair"], body="Meta text."
    )
    world.review_field = review_fields_ensure(edition=world.edition)[-1]


pk = lambda w: {"edition": w.edition.slug, "pk": w.review_paper.pk}  # noqa: E731
own = lambda w: {"edition": w.edition.slug, "pk": w.chair_paper.pk}  # noqa: E731
ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
field = lambda w: {"edition": w.edition.slug, "field": w.review_field.pk}  # noqa: E731

CHAIR = only("chair")
API_CHAIR = api_only("chair")
# Not the chair's paper: the same 404 as a missing one.
API_CHAIR_OWN = {**API_CHAIR, "chair": NOT_FOUND}
STATE = tables(ReviewField, MetaReview, ReviewVersion)
# Readers of a meta-review: the chairs; the assigned pc_member has no review of their own yet
# and the author's decision is not released, so both get the 404 of a stranger.
API_META = {**everyone(NOT_FOUND), "anonymous": UNAUTHORIZED, "chair": 200}


def write(name, method, expect, kwargs, data, note="", changes=None):
    return Route(
        name,
        expect,
        kwargs,
        method=method,
        data=data,
        fresh_world_per_actor=True,
        note=note,
        state=STATE,
        changes=changes,
    )


FIELD = {"key": "ethics", "label": "Ethics concerns", "field_kind": "text", "visibility": "chairs"}

ROUTES = [
    Route("papers:chair-review-history", CHAIR, pk),
    Route(
        "papers:chair-review-history",
        {**CHAIR, "chair": NOT_FOUND},
        own,
        note="chair's own paper",
    ),
    Route("papers:chair-export-reviews", CHAIR, ed),
    Route("api:papers:review-form", API_CHAIR, ed),
    write("api:papers:review-form", "post", {**API_CHAIR, "chair": 201}, ed, lambda w: FIELD),
    Route("api:papers:review-form-field", API_CHAIR, field),
    write(
        "api:papers:review-form-field",
        "patch",
        API_CHAIR,
        field,
        lambda w: {"visibility": "pc"},
    ),
    write(
        "api:papers:review-form-field",
        "delete",
        {**API_CHAIR, "chair": 204},
        field,
        None,
    ),
    Route("api:papers:review-chair-reviews", API_CHAIR, pk),
    Route("api:papers:review-chair-reviews", API_CHAIR_OWN, own, note="chair's own paper"),
    Route("api:papers:review-chair-bids", API_CHAIR, pk),
    Route("api:papers:review-chair-bids", API_CHAIR_OWN, own, note="chair's own paper"),
    Route("api:papers:review-chair-history", API_CHAIR, pk),
    Route("api:papers:review-chair-history", API_CHAIR_OWN, own, note="chair's own paper"),
    Route("api:papers:review-meta", API_META, pk),
    write("api:papers:review-meta", "put", API_META, pk, lambda w: {"body": "New meta."}),
    Route("api:papers:review-chair-reviews", API_CHAIR, pk, auth="token", note="token"),
    Route("api:papers:review-meta", API_META, pk, auth="token", note="token"),
]
