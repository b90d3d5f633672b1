"""Reads of papers. Querysets come back with what their callers need prefetched."""

from django.db.models import Prefetch, QuerySet

from papers.enums import ACCEPTED_DECISIONS, PaperStatus
from papers.models import Author, Paper


def _authors_in_order() -> Prefetch:
    return Prefetch("authors", queryset=Author.objects.select_related("person").order_by("order"))


def papers_accepted(*, edition) -> QuerySet[Paper]:
    """Accepted, not withdrawn papers of ``edition`` by title, authors in order with persons."""
    return (
        Paper.objects.filter(edition=edition, decision__in=ACCEPTED_DECISIONS)
        .exclude(status=PaperStatus.WITHDRAWN)
        .select_related("submission_type")
        .prefetch_related(_authors_in_order(), "topics")
        .order_by("title", "pk")
    )
