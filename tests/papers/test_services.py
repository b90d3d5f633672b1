import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from emc2.enums import DateKey
from papers import signals
from papers.enums import Decision, FileKind, PaperStatus
from papers.exceptions import DeadlinePassed, PapersError, UploadRejected
from papers.models import Paper, PaperFile
from papers.services import (
    paper_create,
    paper_file_upload,
    paper_notify_authors,
    paper_restore,
    paper_update,
    paper_withdraw,
)
from tests.factories.emc2 import PersonFactory, UserFactory
from tests.factories.papers import SubmissionTypeFactory, make_pdf
from tests.papers.conftest import DEADLINE, pdf_upload, set_deadline

ONE_SECOND = dt.timedelta(seconds=1)


def _update_args(paper, **overrides):
    return {
        "title": paper.title,
        "abstract": paper.abstract,
        "submission_type": paper.submission_type,
        "topics": list(paper.topics.all()),
        "authors": [
            {
                "name": a.name,
                "email": a.email,
                "affiliation": a.affiliation,
                "is_contact": a.is_contact,
            }
            for a in paper.authors.all()
        ],  # fmt: skip
        **overrides,
    }


def test_paper_create_with_pdf_is_submitted_with_one_version(paper, author_user):
    version = paper.files.get()
    assert paper.status == PaperStatus.SUBMITTED
    assert paper.submitted_at is not None
    assert (version.kind, version.page_count, version.uploaded_by) == (
        FileKind.PAPER, 2, author_user,
    )  # fmt: skip
    assert len(version.sha256) == 64
    assert version.file.name.startswith(f"private/papers/{paper.edition_id}/")
    assert "paper.pdf" not in version.file.name


def test_paper_create_without_pdf_is_a_draft(make_paper):
    paper = make_paper(pdf=None)
    assert (paper.status, paper.files.count()) == (PaperStatus.DRAFT, 0)


def test_paper_create_orders_authors_and_normalizes_emails(make_paper, author_user):
    paper = make_paper(others=[("Grace Hopper", "Grace@Example.ORG"), ("Alan Turing", "a@x.org")])
    assert [(a.order, a.name, a.email) for a in paper.authors.all()] == [
        (1, "Ada Lovelace", author_user.email),
        (2, "Grace Hopper", "grace@example.org"),
        (3, "Alan Turing", "a@x.org"),
    ]


def test_paper_create_links_persons_by_email(make_paper):
    person = PersonFactory(email="grace@example.org")
    user = UserFactory(email="alan@example.org")
    paper = make_paper(others=[("Grace Hopper", "grace@example.org"), ("Alan", "alan@example.org")])
    persons = [a.person for a in paper.authors.all()]
    assert persons[1] == person
    assert persons[2].user == user


def test_paper_create_mails_every_author(
    make_paper, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver.example"
    with django_capture_on_commit_callbacks(execute=True):
        paper = make_paper(others=[("Grace Hopper", "grace@example.org"), ("Alan", "a@x.org")])
    assert sorted(m.to[0] for m in mailoutbox) == sorted(a.email for a in paper.authors.all())
    assert mailoutbox[0].subject == (
        f"[{paper.edition.slug}] Submission received: #{paper.pk} Cheaper inference"
    )
    assert "Authors: Ada Lovelace (contact), Grace Hopper, Alan" in mailoutbox[0].body
    assert f"Page:    http://testserver.example{paper.get_absolute_url()}\n" in mailoutbox[0].body


def test_paper_notify_authors_returns_count(paper, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert paper_notify_authors(paper=paper, event="updated") == 2
    assert [m.to for m in mailoutbox] == [[a.email] for a in paper.authors.all()]


@pytest.mark.parametrize(
    ("authors", "message"),
    [
        ([], "List at least one author."),
        ([{"name": "A", "email": "a@x.org"}], "Mark exactly one author as the contact author."),
        ([{"name": "A", "email": "a@x.org", "is_contact": True},
          {"name": "B", "email": "A@x.org"}], "Each author must have a different e-mail address."),
        ([{"name": "A", "email": "a@x.org", "is_contact": True}], "List yourself as an author"),
    ],
    ids=["none", "no-contact", "duplicate-email", "submitter-missing"],
)  # fmt: skip
def test_paper_create_refuses_bad_author_lists(
    edition, submission_type, topic, author_user, authors, message
):
    with pytest.raises(PapersError) as exc:
        paper_create(edition=edition, by=author_user, title="T", abstract="A",
                     submission_type=submission_type, topics=[topic], authors=authors)  # fmt: skip
    assert exc.value.message.startswith(message)
    assert Paper.objects.count() == 0


def test_paper_create_refuses_topic_of_other_edition(make_paper, other_edition):
    from tests.factories.emc2 import TopicFactory

    with pytest.raises(PapersError) as exc:
        make_paper(topics=[TopicFactory(edition=other_edition)])
    assert exc.value.field == "topics"


def test_paper_create_refuses_type_of_other_edition(make_paper, other_edition):
    with pytest.raises(PapersError) as exc:
        make_paper(submission_type=SubmissionTypeFactory(edition=other_edition))
    assert exc.value.field == "submission_type"


# Deadlines, at the boundary in Anywhere on Earth.


@pytest.mark.parametrize(("offset", "allowed"), [(-ONE_SECOND, True), (ONE_SECOND, False)])
def test_paper_create_deadline_boundary_aoe(make_paper, edition, offset, allowed):
    set_deadline(edition)
    with time_machine.travel(DEADLINE + offset, tick=False):
        if allowed:
            assert make_paper().status == PaperStatus.SUBMITTED
        else:
            with pytest.raises(DeadlinePassed) as exc:
                make_paper()
            assert "(September 1, 2030, 23:59 AoE) has passed" in exc.value.message


@pytest.mark.parametrize(("offset", "allowed"), [(-ONE_SECOND, True), (ONE_SECOND, False)])
def test_paper_update_deadline_boundary_aoe(paper, author_user, offset, allowed):
    set_deadline(paper.edition)
    with time_machine.travel(DEADLINE + offset, tick=False):
        args = _update_args(paper, title="New title")
        if allowed:
            paper_update(paper=paper, by=author_user, **args)
        else:
            with pytest.raises(DeadlinePassed):
                paper_update(paper=paper, by=author_user, **args)
    paper.refresh_from_db()
    assert paper.title == ("New title" if allowed else "Cheaper inference")


@pytest.mark.parametrize(("offset", "allowed"), [(-ONE_SECOND, True), (ONE_SECOND, False)])
def test_paper_upload_deadline_boundary_aoe(paper, author_user, offset, allowed):
    set_deadline(paper.edition)
    with time_machine.travel(DEADLINE + offset, tick=False):
        if allowed:
            paper_file_upload(paper=paper, by=author_user, uploaded=pdf_upload(3))
        else:
            with pytest.raises(DeadlinePassed):
                paper_file_upload(paper=paper, by=author_user, uploaded=pdf_upload(3))
    assert paper.files.count() == (2 if allowed else 1)


def test_extended_deadline_allows_upload_after_original(paper, author_user):
    set_deadline(paper.edition, extended_at=DEADLINE + dt.timedelta(days=7))
    with time_machine.travel(DEADLINE + dt.timedelta(days=1), tick=False):
        version = paper_file_upload(paper=paper, by=author_user, uploaded=pdf_upload(1))
    assert version.page_count == 1


def test_abstract_registration_closes_new_submissions_but_not_uploads(
    make_paper, edition, author_user
):
    set_deadline(edition, key=DateKey.ABSTRACT, at=DEADLINE - dt.timedelta(days=7))
    set_deadline(edition)
    with time_machine.travel(DEADLINE - dt.timedelta(days=8), tick=False):
        draft = make_paper(pdf=None)
    with time_machine.travel(DEADLINE - dt.timedelta(days=1), tick=False):
        with pytest.raises(DeadlinePassed) as exc:
            make_paper(title="Too late")
        assert "Abstract registration deadline" in exc.value.message
        paper_file_upload(paper=draft, by=author_user, uploaded=pdf_upload(2))
    draft.refresh_from_db()
    assert draft.status == PaperStatus.SUBMITTED


def test_supplementary_deadline_applies_to_supplementary_only(paper, author_user):
    set_deadline(paper.edition)
    set_deadline(paper.edition, key=DateKey.SUPPLEMENTARY, at=DEADLINE + dt.timedelta(days=7))
    with time_machine.travel(DEADLINE + dt.timedelta(days=1), tick=False):
        supplementary = paper_file_upload(
            paper=paper, by=author_user, kind=FileKind.SUPPLEMENTARY, uploaded=pdf_upload(9)
        )
        with pytest.raises(DeadlinePassed):
            paper_file_upload(paper=paper, by=author_user, uploaded=pdf_upload(1))
    assert supplementary.kind == FileKind.SUPPLEMENTARY


# Uploads and versions.


def test_upload_keeps_every_version(paper, author_user):
    first = paper.files.get()
    second = paper_file_upload(paper=paper, by=author_user, uploaded=pdf_upload(3))
    assert list(paper.files.order_by("pk")) == [first, second]
    first.file.open("rb")
    assert first.file.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    "data",
    [b"not a pdf", make_pdf(pages=2)[:700], make_pdf(pages=6)],
    ids=["not-pdf", "truncated", "too-many-pages"],
)
def test_rejected_upload_leaves_previous_version_current(paper, author_user, data):
    before = paper.files.get()
    with pytest.raises(UploadRejected):
        paper_file_upload(paper=paper, by=author_user, uploaded=SimpleUploadedFile("x.pdf", data))
    assert list(paper.files.all()) == [before]
    before.file.open("rb")
    assert before.file.read().startswith(b"%PDF-")


def test_upload_over_size_limit_is_refused(paper, author_user, settings):
    paper.submission_type.max_size_mb = 1
    paper.submission_type.save()
    big = make_pdf(pages=1) + b"%" + b"x" * (1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(UploadRejected) as exc:
        paper_file_upload(paper=paper, by=author_user, uploaded=SimpleUploadedFile("x.pdf", big))
    assert "at most 1 MB are allowed" in exc.value.message
    assert paper.files.count() == 1


def test_double_blind_upload_stores_anonymized_copy_and_warns(paper, author_user):
    version = paper_file_upload(
        paper=paper, by=author_user, uploaded=pdf_upload(1, author="Grace Hopper")
    )
    assert "contains Grace Hopper" in version.warnings
    version.anonymized.open("rb")
    assert b"Grace Hopper" not in version.anonymized.read()


def test_single_blind_upload_has_no_anonymized_copy(make_paper, edition, author_user):
    single = SubmissionTypeFactory(edition=edition, anonymity="single_blind")
    paper = make_paper(submission_type=single, pdf=pdf_upload(1, author="Ada Lovelace"))
    version = paper.files.get()
    assert (version.anonymized.name, version.warnings) == ("", "")


def test_supplementary_refused_when_type_disallows_it(make_paper, edition, author_user):
    no_supp = SubmissionTypeFactory(edition=edition, supplementary_allowed=False)
    paper = make_paper(submission_type=no_supp)
    with pytest.raises(UploadRejected):
        paper_file_upload(
            paper=paper, by=author_user, kind=FileKind.SUPPLEMENTARY, uploaded=pdf_upload(1)
        )


def test_camera_ready_only_for_accepted_papers(paper, author_user):
    with pytest.raises(PapersError):
        paper_file_upload(
            paper=paper,
            by=author_user,
            kind=FileKind.CAMERA_READY,
            uploaded=pdf_upload(1),
            consent=True,
        )
    Paper.objects.filter(pk=paper.pk).update(decision=Decision.POSTER)
    paper.refresh_from_db()
    version = paper_file_upload(
        paper=paper,
        by=author_user,
        kind=FileKind.CAMERA_READY,
        uploaded=pdf_upload(1),
        consent=True,
    )
    assert version.kind == FileKind.CAMERA_READY


# Update.


def test_paper_update_replaces_authors_and_keeps_links(paper, author_user):
    grace = paper.authors.get(email="grace@example.org")
    args = _update_args(paper)
    args["authors"] = [
        {"name": "Grace M. Hopper", "email": "grace@example.org", "is_contact": True},
        {"name": "Ada Lovelace", "email": author_user.email},
    ]
    paper_update(paper=paper, by=author_user, **args)
    assert [(a.pk == grace.pk, a.name, a.is_contact) for a in paper.authors.all()] == [
        (True, "Grace M. Hopper", True),
        (False, "Ada Lovelace", False),
    ]


def test_paper_update_refuses_removing_yourself(paper, author_user):
    args = _update_args(paper)
    args["authors"] = [{"name": "Grace", "email": "grace@example.org", "is_contact": True}]
    with pytest.raises(PapersError):
        paper_update(paper=paper, by=author_user, **args)
    assert paper.authors.count() == 2


def test_paper_update_refuses_type_shorter_than_current_pdf(paper, author_user, edition):
    short = SubmissionTypeFactory(edition=edition, page_limit=1, reference_pages=0)
    with pytest.raises(PapersError) as exc:
        paper_update(paper=paper, by=author_user, **_update_args(paper, submission_type=short))
    assert exc.value.field == "submission_type"


# Withdraw and restore.


def test_withdraw_after_deadline_sends_signal_and_restore_brings_status_back(
    paper, author_user, chair
):
    set_deadline(paper.edition)
    received = []

    def receiver(sender, paper, **kwargs):
        received.append((sender, paper.pk))

    signals.paper_withdrawn.connect(receiver)
    try:
        with time_machine.travel(DEADLINE + dt.timedelta(days=3), tick=False):
            paper = paper_withdraw(paper=paper, by=author_user)
    finally:
        signals.paper_withdrawn.disconnect(receiver)
    assert received == [(Paper, paper.pk)]
    assert (paper.status, paper.files.count()) == (PaperStatus.WITHDRAWN, 1)
    restored = paper_restore(paper=paper, by=chair)
    assert (restored.status, restored.withdrawn_at) == (PaperStatus.SUBMITTED, None)


def test_withdrawn_paper_refuses_uploads_and_second_withdrawal(paper, author_user):
    paper_withdraw(paper=paper, by=author_user)
    paper.refresh_from_db()
    with pytest.raises(PapersError):
        paper_file_upload(paper=paper, by=author_user, uploaded=pdf_upload(1))
    with pytest.raises(PapersError):
        paper_withdraw(paper=paper, by=author_user)
    assert PaperFile.objects.filter(paper=paper).count() == 1


def test_restore_refuses_paper_not_withdrawn(paper, chair):
    with pytest.raises(PapersError):
        paper_restore(paper=paper, by=chair)


def test_withdraw_and_restore_mail_all_authors(
    paper, author_user, chair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paper_withdraw(paper=paper, by=author_user)
    with django_capture_on_commit_callbacks(execute=True):
        paper_restore(paper=paper, by=chair)
    assert [m.subject.split(":")[0] for m in mailoutbox] == [
        f"[{paper.edition.slug}] Submission withdrawn",
        f"[{paper.edition.slug}] Submission withdrawn",
        f"[{paper.edition.slug}] Submission restored",
        f"[{paper.edition.slug}] Submission restored",
    ]


def test_notify_with_same_token_never_mails_twice(
    paper, mailoutbox, django_capture_on_commit_callbacks
):
    from papers.tasks import notify_authors

    with django_capture_on_commit_callbacks(execute=True):
        first = notify_authors(paper_id=paper.pk, event="updated", token="change-1")
        retry = notify_authors(paper_id=paper.pk, event="updated", token="change-1")
    assert (first, retry, len(mailoutbox)) == (2, 0, 2)


def test_notify_task_for_deleted_paper_sends_nothing(paper, mailoutbox):
    from papers.tasks import notify_authors

    pk = paper.pk
    paper.delete()
    assert notify_authors(paper_id=pk, event="updated") == 0
    assert mailoutbox == []
