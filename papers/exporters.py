"""The chairs' CSV tables of submissions and authors, served by the one export view
(``emc2.views.exports.ExportView``) at ``submissions/chair/export/<table>.csv``."""

from emc2.exporters import BaseExporter, Export, register
from emc2.tables import CONTENT_TYPE, csv_bytes
from papers.access import chair_conflicted_ids, papers_for_chair
from papers.enums import REVIEWABLE
from papers.selectors import (
    authors_for_export,
    paper_list_for_chair,
    person_label,
    review_rows_for_export,
)

SUBMISSION_COLUMNS = [
    "id", "title", "type", "status", "decision", "topics", "keywords", "authors", "contact",
    "pages", "submitted_at", "updated",
]  # fmt: skip
AUTHOR_COLUMNS = [
    "paper_id", "paper_title", "order", "name", "email", "affiliation", "contact", "person",
]  # fmt: skip


class ChairTableExporter(BaseExporter):
    permission = "papers.view_submissions"
    content_type = CONTENT_TYPE
    requires_published = False
    public = False  # names and e-mail addresses of authors


@register
class SubmissionsCsvExporter(ChairTableExporter):
    identifier = "papers.submissions_csv"
    label = "Submissions (CSV)"
    filename = "submissions.csv"
    url_name = "papers:chair-export-submissions"

    def load(self, *, edition, obj, request, **kwargs) -> Export:
        # A chair never sees the rows of a paper they are conflicted with (e.g. their own).
        return Export(data=list(paper_list_for_chair(edition=edition, user=request.user)))

    def render(self, *, data, edition, request) -> bytes:
        rows = [SUBMISSION_COLUMNS]
        for paper in data:
            authors = list(paper.authors.all())
            current = paper.paper_versions[0] if paper.paper_versions else None
            rows.append(
                [
                    paper.pk,
                    paper.title,
                    paper.submission_type.name,
                    paper.status,
                    paper.decision,
                    "; ".join(t.name for t in paper.topics.all()),
                    paper.keywords,
                    "; ".join(a.name for a in authors),
                    next((a.email for a in authors if a.is_contact), ""),
                    current.page_count if current else "",
                    paper.submitted_at.isoformat() if paper.submitted_at else "",
                    paper.updated.isoformat(),
                ]
            )
        return csv_bytes(rows)


@register
class AuthorsCsvExporter(ChairTableExporter):
    identifier = "papers.authors_csv"
    label = "Authors (CSV)"
    filename = "authors.csv"
    url_name = "papers:chair-export-authors"

    def load(self, *, edition, obj, request, **kwargs) -> Export:
        hidden = chair_conflicted_ids(user=request.user, edition=edition)
        return Export(data=list(authors_for_export(edition=edition).exclude(paper_id__in=hidden)))

    def render(self, *, data, edition, request) -> bytes:
        rows = [AUTHOR_COLUMNS]
        for a in data:
            rows.append(
                [
                    a.paper_id,
                    a.paper.title,
                    a.order,
                    a.name,
                    a.email,
                    a.affiliation,
                    "yes" if a.is_contact else "",
                    a.person.slug if a.person else "",
                ]
            )
        return csv_bytes(rows)


REVIEW_COLUMNS = [
    "paper_id", "paper_title", "reviewer", "reviewer_email", "submitted_at", "overall_score",
]  # fmt: skip


@register
class ReviewsCsvExporter(BaseExporter):
    """Every submitted review with every answer, chairs-only fields included: for the chairs,
    without the papers they wrote or are conflicted with (papers.access.papers_for_chair)."""

    identifier = "papers.reviews_csv"
    label = "Reviews (CSV)"
    filename = "reviews.csv"
    url_name = "papers:chair-export-reviews"
    permission = "papers.manage_reviews"
    content_type = CONTENT_TYPE
    requires_published = False
    public = False

    def load(self, *, edition, obj, request, **kwargs) -> Export:
        papers = papers_for_chair(user=request.user, edition=edition).filter(status__in=REVIEWABLE)
        return Export(data=review_rows_for_export(edition=edition, papers=papers))

    def render(self, *, data, edition, request) -> bytes:
        fields, reviews = data
        rows = [REVIEW_COLUMNS + [f.key for f in fields]]
        for review, answers in reviews:
            by_key = {a["key"]: a["display"] for a in answers}
            rows.append(
                [
                    review.paper_id,
                    review.paper.title,
                    person_label(review.reviewer),
                    review.reviewer.email,
                    review.submitted_at.isoformat() if review.submitted_at else "",
                    "" if review.overall is None else review.overall,
                ]
                + [by_key.get(f.key, "") for f in fields]
            )
        return csv_bytes(rows)
