import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.enums import PaperStatus
from papers.models import Paper, SubmissionType
from papers.services import paper_withdraw


def _url(name, edition, **kw):
    return reverse(f"papers:{name}", kwargs={"edition": edition.slug, **kw})


def test_chair_list_query_count_does_not_grow_with_rows(chair_client, make_paper, edition):
    url = _url("chair-list", edition)
    counts = []
    for total in (1, 5):
        while Paper.objects.count() < total:
            make_paper(title=f"Paper {Paper.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            response = chair_client.get(url)
        assert len(response.context["papers"]) == total
        counts.append(len(queries))
    # Other apps' navigation hooks add a few queries; the bound leaves them room.
    # Three of them: the chair's own conflicts (papers.access), once a request; two more for
    # the reviewers column (one prefetch) and the bulk form's reviewer choices.
    assert counts[0] == counts[1] <= 27


def test_chair_list_filters_and_counts(chair_client, make_paper, edition, author_user):
    make_paper(title="Kept")
    paper_withdraw(paper=make_paper(title="Gone"), by=author_user)
    response = chair_client.get(_url("chair-list", edition), {"status": "withdrawn"})
    assert [p.title for p in response.context["papers"]] == ["Gone"]
    assert response.context["counts"]["total"] == 1


def test_chair_detail_lists_versions_with_anonymized_link(chair_client, paper, edition):
    response = chair_client.get(_url("chair-detail", edition, pk=paper.pk))
    version = paper.files.get()
    content = response.content.decode()
    assert _url("chair-file", edition, pk=paper.pk, file_pk=version.pk, variant="anonymized") in (
        content
    )
    assert "grace@example.org" in content


def test_chair_downloads_anonymized_copy(chair_client, paper, edition):
    version = paper.files.get()
    response = chair_client.get(
        _url("chair-file", edition, pk=paper.pk, file_pk=version.pk, variant="anonymized")
    )
    version.anonymized.open("rb")
    assert b"".join(response.streaming_content) == version.anonymized.read()


def test_chair_file_unknown_variant_is_404(chair_client, paper, edition):
    version = paper.files.get()
    response = chair_client.get(
        _url("chair-file", edition, pk=paper.pk, file_pk=version.pk, variant="other")
    )
    assert response.status_code == 404


def test_chair_restores_withdrawn_paper(chair_client, paper, edition, author_user):
    paper_withdraw(paper=paper, by=author_user)
    response = chair_client.post(_url("chair-restore", edition, pk=paper.pk))
    paper.refresh_from_db()
    assert response.status_code == 302
    assert paper.status == PaperStatus.SUBMITTED


def test_chair_cannot_see_other_edition_paper(chair_client, paper, other_edition):
    response = chair_client.get(_url("chair-detail", other_edition, pk=paper.pk))
    assert response.status_code == 403


def test_csv_exports(chair_client, paper, edition):
    submissions = chair_client.get(_url("chair-export-submissions", edition))
    authors = chair_client.get(_url("chair-export-authors", edition))
    rows = list(csv.reader(io.StringIO(submissions.content.decode("utf-8-sig"))))
    author_rows = list(csv.reader(io.StringIO(authors.content.decode("utf-8-sig"))))
    assert submissions["Content-Disposition"] == (
        f'attachment; filename="{edition.slug}-submissions.csv"'
    )
    assert rows[1][:4] == [str(paper.pk), "Cheaper inference", "Full paper", "submitted"]
    assert rows[1][7:10] == ["Ada Lovelace; Grace Hopper", paper.authors.first().email, "2"]
    assert [r[3] for r in author_rows[1:]] == ["Ada Lovelace", "Grace Hopper"]
    assert submissions["Cache-Control"] == "no-cache, private"


def test_chair_saves_submission_types(chair_client, edition):
    data = {
        "submission_types-TOTAL_FORMS": "1",
        "submission_types-INITIAL_FORMS": "0",
        "submission_types-0-name": "Short paper",
        "submission_types-0-page_limit": "4",
        "submission_types-0-reference_pages": "1",
        "submission_types-0-anonymity": "double_blind",
        "submission_types-0-max_size_mb": "5",
        "submission_types-0-supplementary_max_size_mb": "10",
        "submission_types-0-order": "0",
    }
    response = chair_client.post(_url("chair-types", edition), data)
    assert response.status_code == 302
    saved = SubmissionType.objects.filter(edition=edition).values_list("name", "page_limit")
    assert list(saved) == [("Short paper", 4)]


def test_chair_cannot_delete_type_in_use(chair_client, paper, edition):
    t = paper.submission_type
    data = {
        "submission_types-TOTAL_FORMS": "1",
        "submission_types-INITIAL_FORMS": "1",
        "submission_types-0-id": str(t.pk),
        "submission_types-0-name": t.name,
        "submission_types-0-page_limit": "4",
        "submission_types-0-reference_pages": "1",
        "submission_types-0-anonymity": "double_blind",
        "submission_types-0-max_size_mb": "5",
        "submission_types-0-supplementary_max_size_mb": "10",
        "submission_types-0-order": "0",
        "submission_types-0-DELETE": "on",
    }
    response = chair_client.post(_url("chair-types", edition), data)
    assert "has submissions and cannot be deleted" in response.content.decode()
    assert SubmissionType.objects.filter(pk=t.pk).exists()


def test_chair_list_htmx_filter_returns_only_rows(chair_client, make_paper, edition, topic):
    make_paper(title="Draft one", pdf=None)
    make_paper(title="Submitted one")
    response = chair_client.get(
        _url("chair-list", edition), {"status": "draft"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.strip().startswith('<div id="submission-rows"')
    assert "Draft one" in content
    assert "Submitted one" not in content


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil")', "+1", "@SUM(A1)", "-2+3"])
def test_csv_export_defuses_formulas(chair_client, make_paper, edition, title):
    make_paper(title=title)
    content = chair_client.get(_url("chair-export-submissions", edition)).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert content.startswith(b"\xef\xbb\xbf")
    assert rows[1][1] == "'" + title
