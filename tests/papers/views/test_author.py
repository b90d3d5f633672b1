import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories.emc2 import UserFactory
from tests.factories.papers import make_pdf
from tests.papers.conftest import DEADLINE, pdf_upload, set_deadline


def _url(name, paper=None, edition=None, **kw):
    edition = edition or paper.edition
    if paper is not None:
        kw["pk"] = paper.pk
    return reverse(f"papers:{name}", kwargs={"edition": edition.slug, **kw})


def _form(user, submission_type, topic, **overrides):
    data = {
        "title": "Pruning for the edge",
        "abstract": "We prune.",
        "keywords": "pruning",
        "submission_type": submission_type.pk,
        "topics": [topic.pk],
        "authors-TOTAL_FORMS": "3",
        "authors-INITIAL_FORMS": "0",
        "authors-0-name": "Grace Hopper",
        "authors-0-email": "grace@example.org",
        "authors-0-ORDER": "2",
        "authors-1-name": "Ada Lovelace",
        "authors-1-email": user.email,
        "authors-1-is_contact": "on",
        "authors-1-ORDER": "1",
    }
    data.update(overrides)
    return data


def test_create_submission_through_the_form(
    client, author_user, edition, submission_type, topic, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(author_user)
    data = _form(author_user, submission_type, topic, pdf=pdf_upload(2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("author-create", edition=edition), data)
    paper = Paper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == paper.get_absolute_url()
    assert [a.name for a in paper.authors.all()] == ["Ada Lovelace", "Grace Hopper"]
    assert paper.status == PaperStatus.SUBMITTED
    assert sorted(m.to[0] for m in mailoutbox) == sorted([author_user.email, "grace@example.org"])


def test_create_with_bad_pdf_keeps_form_and_creates_nothing(
    client, author_user, edition, submission_type, topic
):
    client.force_login(author_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _form(author_user, submission_type, topic, pdf=SimpleUploadedFile("a.pdf", b"nope"))
    response = client.post(_url("author-create", edition=edition), data)
    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert 'value="Pruning for the edge"' in response.content.decode()
    assert Paper.objects.count() == 0


def test_create_without_contact_shows_author_error(
    client, author_user, edition, submission_type, topic
):
    client.force_login(author_user)
    data = _form(author_user, submission_type, topic)
    del data["authors-1-is_contact"]
    response = client.post(_url("author-create", edition=edition), data)
    assert "Mark exactly one author as the contact author." in response.content.decode()
    assert Paper.objects.count() == 0


def test_edit_after_deadline_is_refused_naming_the_deadline(
    client, author_user, paper, submission_type, topic
):
    set_deadline(paper.edition)
    data = _form(author_user, submission_type, topic, title="Changed")
    with time_machine.travel(DEADLINE + dt.timedelta(seconds=1), tick=False):
        # Signed in at the travelled time: a session from today would have expired by 2030.
        client.force_login(author_user)
        response = client.post(_url("author-edit", paper), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Paper submission deadline" in content
    assert "(September 1, 2030, 23:59 AoE) has passed" in content
    paper.refresh_from_db()
    assert paper.title == "Cheaper inference"


def test_upload_after_deadline_is_refused(client, author_user, paper):
    set_deadline(paper.edition)
    with time_machine.travel(DEADLINE + dt.timedelta(seconds=1), tick=False):
        client.force_login(author_user)
        response = client.post(
            _url("author-upload", paper), {"kind": "paper", "file": pdf_upload()}
        )
    assert response.status_code == 400
    assert "has passed" in response.content.decode()
    assert paper.files.count() == 1


def test_upload_page_limit_error_keeps_previous_version(client, author_user, paper):
    client.force_login(author_user)
    response = client.post(
        _url("author-upload", paper), {"kind": "paper", "file": pdf_upload(pages=9)}
    )
    assert response.status_code == 400
    assert "The PDF has 9 pages; this submission type allows at most 5." in (
        response.content.decode()
    )
    assert paper.files.count() == 1


def test_upload_with_author_in_metadata_warns(client, author_user, paper):
    client.force_login(author_user)
    response = client.post(
        _url("author-upload", paper),
        {"kind": "paper", "file": pdf_upload(1, author="Ada Lovelace")},
        follow=True,
    )
    assert "The PDF&#x27;s metadata contains Ada Lovelace." in response.content.decode()
    assert paper.files.count() == 2


def test_download_is_attachment_with_safe_name(client, author_user, paper):
    client.force_login(author_user)
    version = paper.files.get()
    response = client.get(_url("author-file", paper, file_pk=version.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{paper.edition.slug}-{paper.pk}.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_stranger_cannot_see_or_download(client, paper):
    client.force_login(UserFactory())
    version = paper.files.get()
    detail = client.get(_url("author-detail", paper))
    download = client.get(_url("author-file", paper, file_pk=version.pk))
    assert (detail.status_code, download.status_code) == (404, 404)
    assert "Cheaper inference" not in detail.content.decode()


def test_coauthor_sees_submission_after_signing_up(client, paper):
    coauthor = UserFactory(email="grace@example.org")
    client.force_login(coauthor)
    response = client.get(_url("author-list", edition=paper.edition))
    assert response.context["papers"][0] == paper
    assert client.get(_url("author-detail", paper)).status_code == 200


def test_withdraw_needs_confirmation(client, author_user, paper):
    client.force_login(author_user)
    refused = client.post(_url("author-withdraw", paper), {})
    paper.refresh_from_db()
    assert (refused.status_code, paper.status) == (200, PaperStatus.SUBMITTED)
    client.post(_url("author-withdraw", paper), {"confirm": "on"})
    paper.refresh_from_db()
    assert paper.status == PaperStatus.WITHDRAWN


def test_withdrawn_paper_cannot_be_edited(client, author_user, paper):
    client.force_login(author_user)
    client.post(_url("author-withdraw", paper), {"confirm": "on"})
    assert client.get(_url("author-edit", paper)).status_code == 403


def test_my_submissions_query_count_does_not_grow_with_rows(
    client, author_user, make_paper, edition
):
    client.force_login(author_user)
    url = _url("author-list", edition=edition)
    counts = []
    for total in (1, 5):
        while Paper.objects.count() < total:
            make_paper(title=f"Paper {Paper.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["papers"]) == total
        counts.append(len(queries))
    # Other apps' navigation hooks add a few queries; the bound leaves them room.
    assert counts[0] == counts[1] <= 15


def test_my_submissions_shows_status_labels(client, author_user, make_paper, edition):
    make_paper(title="A draft", pdf=None)
    Paper.objects.filter(pk=make_paper(title="Accepted one").pk).update(decision="poster")
    client.force_login(author_user)
    content = client.get(_url("author-list", edition=edition)).content.decode()
    assert ">Draft<" in content
    assert ">Accepted as poster<" in content


def test_make_pdf_has_requested_pages():
    from papers.validators import inspect_pdf

    assert inspect_pdf(data=make_pdf(pages=3), max_pages=None, author_names=[]).page_count == 3


def test_detail_after_deadline_hides_edit_and_says_why(client, author_user, paper):
    set_deadline(paper.edition)
    with time_machine.travel(DEADLINE + dt.timedelta(seconds=1), tick=False):
        client.force_login(author_user)
        content = client.get(_url("author-detail", paper)).content.decode()
    assert "The paper deadline has passed" in content
    assert _url("author-edit", paper) not in content


def test_empty_author_rows_with_order_numbers_are_ignored(
    client, author_user, edition, submission_type, topic
):
    client.force_login(author_user)
    data = _form(author_user, submission_type, topic, **{"authors-2-ORDER": "3"})
    response = client.post(_url("author-create", edition=edition), data)
    assert response.status_code == 302
    assert Paper.objects.get().authors.count() == 2


def test_create_with_bad_supplementary_points_at_its_field(
    client, author_user, edition, submission_type, topic
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(author_user)
    data = _form(
        author_user, submission_type, topic,
        pdf=pdf_upload(1), supplementary=SimpleUploadedFile("s.exe", b"MZ..."),
    )  # fmt: skip
    response = client.post(_url("author-create", edition=edition), data)
    assert response.context["form"].errors == {
        "supplementary": ["Supplementary material must be a PDF or a ZIP archive."]
    }
    assert Paper.objects.count() == 0
