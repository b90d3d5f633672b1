"""Writes of papers: submit, edit, upload, withdraw, restore, notify.

Uploads are checked before anything is written, so a refused file leaves the paper and its
current version exactly as they were.
"""

import logging
import uuid
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from emc2.access import access_invalidate
from emc2.enums import DateKey
from emc2.links import absolute_url
from emc2.mail import mail_queue
from emc2.models import Edition, OutboxMail, Person, Topic
from emc2.selectors import deadline_get, deadline_passed
from emc2.services import person_link_user
from emc2.times import local
from papers import signals
from papers.enums import ACCEPTED_DECISIONS, FileKind, PaperStatus
from papers.exceptions import DeadlinePassed, PapersError, UploadRejected
from papers.models import Author, Paper, PaperFile, SubmissionType
from papers.rules import verified_emails
from papers.selectors import current_version
from papers.selectors.review import is_public_mail_domain
from papers.validators import (
    check_size,
    check_supplementary,
    inspect_pdf,
    sha256_of,
)

logger = logging.getLogger(__name__)


# Deadlines ------------------------------------------------------------------------------------


def deadline_label(date) -> str:
    when = local(date.effective_at, date.tz)
    return f"{when:%B} {when.day}, {when:%Y, %H:%M} {date.tz_label}"


def _require_open(*, edition: Edition, key: str, action: str) -> None:
    if deadline_passed(edition=edition, key=key):
        date = deadline_get(edition=edition, key=key)
        raise DeadlinePassed(
            f"The deadline “{date.name}” ({deadline_label(date)}) has passed: {action} is "
            "no longer possible."
        )


def _upload_deadline_key(*, edition: Edition, kind: str) -> str:
    if kind == FileKind.SUPPLEMENTARY and deadline_get(edition=edition, key=DateKey.SUPPLEMENTARY):
        return DateKey.SUPPLEMENTARY
    if kind == FileKind.CAMERA_READY:
        return DateKey.CAMERA_READY
    return DateKey.SUBMISSION


# Authors --------------------------------------------------------------------------------------


@dataclass
class AuthorData:
    name: str
    email: str
    affiliation: str = ""
    is_contact: bool = False


def _clean_authors(authors: list) -> list[AuthorData]:
    rows = [
        AuthorData(
            name=(a["name"] if isinstance(a, dict) else a.name).strip(),
            email=(a["email"] if isinstance(a, dict) else a.email).strip().lower(),
            affiliation=(
                (a.get("affiliation") if isinstance(a, dict) else a.affiliation) or ""
            ).strip(),
            is_contact=bool(a.get("is_contact") if isinstance(a, dict) else a.is_contact),
        )
        for a in authors
    ]
    if not rows:
        raise PapersError("List at least one author.", field="authors")
    for row in rows:
        if not row.name or not row.email:
            raise PapersError("Every author needs a name and an e-mail address.", field="authors")
    emails = [r.email for r in rows]
    if len(set(emails)) != len(emails):
        raise PapersError("Each author must have a different e-mail address.", field="authors")
    contacts = sum(r.is_contact for r in rows)
    if contacts != 1:
        raise PapersError("Mark exactly one author as the contact author.", field="authors")
    return rows


def _require_listed(*, user, rows: list[AuthorData], edition: Edition) -> None:
    """The submitter must stay an author, or they would lose access to their own paper."""
    if user.is_superuser or user.has_perm("papers.view_submissions", edition):
        return
    mine = verified_emails(user) | {user.email.lower()}
    if not mine & {r.email for r in rows}:
        raise PapersError(
            "List yourself as an author with your account's e-mail address "
            f"({user.email}); otherwise you could not see this submission.",
            field="authors",
        )


def _person_for(email: str) -> Person | None:
    """The Person of the account that verified this e-mail, else a Person with it, else None."""
    account = (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .first()
    )
    if account is not None:
        return person_link_user(user=account.user)
    return Person.objects.filter(email__iexact=email).order_by("pk").first()


def _save_authors(*, paper: Paper, rows: list[AuthorData]) -> None:
    existing = {a.email: a for a in paper.authors.all()}
    keep = {r.email for r in rows}
    paper.authors.exclude(email__in=keep).delete()
    # The one-contact constraint is checked per statement: clear it before setting it again.
    paper.authors.update(is_contact=False)
    for order, row in enumerate(rows, start=1):
        author = existing.get(row.email) or Author(paper=paper, email=row.email)
        author.name, author.affiliation = row.name, row.affiliation
        author.order, author.is_contact = order, row.is_contact
        if author.person_id is None:
            author.person = _person_for(row.email)
        author.save()


def _clean_topics(*, edition: Edition, topics) -> list[Topic]:
    topics = list(topics)
    if not topics:
        raise PapersError("Choose at least one topic.", field="topics")
    if any(t.edition_id != edition.pk for t in topics):
        raise PapersError("Choose topics of this edition.", field="topics")
    return topics


def _clean_type(*, edition: Edition, submission_type: SubmissionType) -> SubmissionType:
    if submission_type.edition_id != edition.pk:
        raise PapersError("Choose a submission type of this edition.", field="submission_type")
    return submission_type


# Uploads --------------------------------------------------------------------------------------


@dataclass
class PreparedUpload:
    kind: str
    data: bytes
    ext: str = ".pdf"
    page_count: int | None = None
    anonymized: bytes | None = None
    warnings: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


def _blind_search(authors: list[AuthorData], *, blind: bool) -> dict:
    """What a double-blind file is searched for; nothing for other files."""
    if not blind:
        return {"author_names": [], "needles": []}
    return {"author_names": [a.name for a in authors], "needles": _author_needles(authors)}


def _author_needles(authors: list[AuthorData]) -> list[str]:
    """What names the authors in a file: e-mails, their institutions' domains, affiliations."""
    needles = []
    for a in authors:
        domain = a.email.rpartition("@")[2]
        needles.append(a.email)
        if domain and not is_public_mail_domain(domain):
            needles.append(domain)
        if len(a.affiliation) >= 4:
            needles.append(a.affiliation)
    return list(dict.fromkeys(needles))


def _read(uploaded, *, max_bytes: int, what: str) -> bytes:
    check_size(size=uploaded.size, max_bytes=max_bytes, what=what)
    uploaded.seek(0)
    data = uploaded.read()
    check_size(size=len(data), max_bytes=max_bytes, what=what)
    return data


def _prepare_upload(
    *, submission_type: SubmissionType, kind: str, uploaded, authors: list[AuthorData]
) -> PreparedUpload:
    """Check a file against the type's rules; raise UploadRejected with the reason."""
    if kind == FileKind.SUPPLEMENTARY:
        if not submission_type.supplementary_allowed:
            raise UploadRejected(
                f"“{submission_type.name}” submissions take no supplementary material.",
                field="file",
            )
        data = _read(
            uploaded,
            max_bytes=submission_type.supplementary_max_size_bytes,
            what="The supplementary file",
        )
        blind = submission_type.is_double_blind
        checked = check_supplementary(
            data=data, name="", blind=blind, **_blind_search(authors, blind=blind)
        )
        return _prepared(kind, data, checked, ext=checked.ext, unchecked=checked.unchecked)
    data = _read(uploaded, max_bytes=submission_type.max_size_bytes, what="The PDF")
    blind = submission_type.is_double_blind and kind == FileKind.PAPER
    info = inspect_pdf(
        data=data,
        # The camera-ready version may use the page the review version had to leave free.
        max_pages=submission_type.max_pages + (1 if kind == FileKind.CAMERA_READY else 0),
        rebuild=blind,
        **_blind_search(authors, blind=blind),
        keep_comments=submission_type.reviewer_copy_keeps_comments,
    )
    return _prepared(kind, data, info, page_count=info.page_count)


def _prepared(kind: str, data: bytes, checked, **extra) -> PreparedUpload:
    """An upload with what its checks found (PdfInfo or SupplementaryInfo)."""
    return PreparedUpload(
        kind=kind,
        data=data,
        anonymized=checked.anonymized,
        warnings=checked.warnings,
        blocked=checked.blocked,
        **extra,
    )


def _store_upload(*, paper: Paper, prepared: PreparedUpload, by) -> PaperFile:
    version = PaperFile(
        paper=paper,
        kind=prepared.kind,
        uploaded_by=by,
        sha256=sha256_of(prepared.data),
        size=len(prepared.data),
        page_count=prepared.page_count,
        content_type="application/zip" if prepared.ext == ".zip" else "application/pdf",
        warnings="\n".join(prepared.warnings),
        blind_findings="\n".join(prepared.blocked),
        unchecked="\n".join(prepared.unchecked),
    )
    # Names are generated by the upload_to functions; only the extension is taken from here.
    version.file.save("upload" + prepared.ext, ContentFile(prepared.data), save=False)
    if prepared.anonymized is not None:
        version.anonymized.save("upload.pdf", ContentFile(prepared.anonymized), save=False)
    version.save()
    return version


def _mark_submitted(paper: Paper) -> None:
    if paper.status == PaperStatus.DRAFT:
        paper.status = PaperStatus.SUBMITTED
        paper.submitted_at = timezone.now()
        paper.save(update_fields=["status", "submitted_at", "updated"])


def _notify_on_commit(paper: Paper, event: str) -> None:
    from papers.tasks import notify_authors

    paper_id, token = paper.pk, uuid.uuid4().hex
    transaction.on_commit(lambda: notify_authors.delay(paper_id=paper_id, event=event, token=token))


def _conflicts_on_commit(paper: Paper) -> None:
    # New or changed authors (and affiliations): the stored automatic conflicts follow.
    from papers.services.conflicts import conflicts_refresh_on_commit

    conflicts_refresh_on_commit(edition_id=paper.edition_id, papers=[paper.pk])


# Services -------------------------------------------------------------------------------------


def paper_create(
    *,
    edition: Edition,
    by,
    title: str,
    abstract: str,
    submission_type: SubmissionType,
    topics,
    authors: list,
    keywords: str = "",
    pdf=None,
    supplementary=None,
) -> Paper:
    """Start a submission; with a PDF it is submitted at once, without it a draft.

    Abstract registration: when the edition has an abstract deadline, new submissions close
    then; otherwise at the paper deadline. Mails all authors (task on commit).
    Raises PapersError (DeadlinePassed, UploadRejected).
    """
    has_abstract_date = deadline_get(edition=edition, key=DateKey.ABSTRACT) is not None
    _require_open(
        edition=edition,
        key=DateKey.ABSTRACT if has_abstract_date else DateKey.SUBMISSION,
        action="starting a submission",
    )
    submission_type = _clean_type(edition=edition, submission_type=submission_type)
    topics = _clean_topics(edition=edition, topics=topics)
    rows = _clean_authors(authors)
    _require_listed(user=by, rows=rows, edition=edition)
    if not title.strip() or not abstract.strip():
        raise PapersError("A title and an abstract are required.")
    prepared = []
    for kind, form_field, uploaded in (
        (FileKind.PAPER, "pdf", pdf),
        (FileKind.SUPPLEMENTARY, "supplementary", supplementary),
    ):
        if uploaded is None:
            continue
        try:
            prepared.append(
                _prepare_upload(
                    submission_type=submission_type,
                    kind=kind,
                    uploaded=uploaded,
                    authors=rows,
                )
            )
        except UploadRejected as exc:
            # Point the error at the form field it is about (two files arrive together).
            raise UploadRejected(exc.message, field=form_field) from None
    with transaction.atomic():
        paper = Paper.objects.create(
            edition=edition,
            title=title.strip(),
            abstract=abstract,
            keywords=keywords.strip(),
            submission_type=submission_type,
            created_by=by,
        )
        paper.topics.set(topics)
        _save_authors(paper=paper, rows=rows)
        for p in prepared:
            _store_upload(paper=paper, prepared=p, by=by)
            if p.kind == FileKind.PAPER:
                _mark_submitted(paper)
        _notify_on_commit(paper, "created")
        _conflicts_on_commit(paper)
    return paper


@transaction.atomic
def paper_update(
    *,
    paper: Paper,
    by,
    title: str,
    abstract: str,
    submission_type: SubmissionType,
    topics,
    authors: list,
    keywords: str = "",
) -> Paper:
    """Change a paper's details and authors until the paper deadline. Mails all authors.

    Raises PapersError (DeadlinePassed; a withdrawn paper; a type whose page limit the
    current PDF exceeds).
    """
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    if paper.is_withdrawn:
        raise PapersError("This submission is withdrawn; it cannot be changed.")
    _require_open(edition=paper.edition, key=DateKey.SUBMISSION, action="editing a submission")
    submission_type = _clean_type(edition=paper.edition, submission_type=submission_type)
    topics = _clean_topics(edition=paper.edition, topics=topics)
    rows = _clean_authors(authors)
    _require_listed(user=by, rows=rows, edition=paper.edition)
    current = current_version(paper=paper, kind=FileKind.PAPER)
    if current and current.page_count and current.page_count > submission_type.max_pages:
        raise PapersError(
            f"The current PDF has {current.page_count} pages; “{submission_type.name}” allows "
            f"at most {submission_type.max_pages}. Upload a shorter version first.",
            field="submission_type",
        )
    paper.title, paper.abstract, paper.keywords = title.strip(), abstract, keywords.strip()
    paper.submission_type = submission_type
    paper.save()
    paper.topics.set(topics)
    _save_authors(paper=paper, rows=rows)
    _notify_on_commit(paper, "updated")
    _conflicts_on_commit(paper)
    return paper


def paper_file_upload(
    *, paper: Paper, by, kind: str = FileKind.PAPER, uploaded, consent: bool = False
) -> PaperFile:
    """Add a new version of the paper, its supplementary material or camera-ready PDF.

    The file is checked before anything is stored; a refused upload changes nothing. The
    first paper PDF turns a draft into a submission. Mails all authors (task on commit).
    Raises UploadRejected with the reason, DeadlinePassed, or PapersError.
    """
    if kind not in FileKind.values:
        raise PapersError("Unknown kind of file.", field="kind")
    if paper.is_withdrawn:
        raise PapersError("This submission is withdrawn; it cannot be changed.")
    if kind == FileKind.CAMERA_READY and paper.decision not in ACCEPTED_DECISIONS:
        raise PapersError("A camera-ready version is only for accepted papers.", field="kind")
    if kind == FileKind.CAMERA_READY and not consent:
        # The camera-ready goes with the authors' publication consent, which
        # papers.services.camera_ready_upload records; no other path may skip it.
        raise PapersError(
            "Upload the camera-ready version from the decision page, with the authors' "
            "publication consent.",
            field="kind",
        )
    key = _upload_deadline_key(edition=paper.edition, kind=kind)
    _require_open(edition=paper.edition, key=key, action="uploading this file")
    authors = [
        AuthorData(name=a.name, email=a.email, affiliation=a.affiliation)
        for a in paper.authors.all()
    ]
    # Slow work (parsing, anonymizing) happens before the transaction, never inside it.
    prepared = _prepare_upload(
        submission_type=paper.submission_type, kind=kind, uploaded=uploaded, authors=authors
    )
    with transaction.atomic():
        # Lock the paper: a withdrawal racing this upload must not end up with a new version
        # on a withdrawn paper.
        locked = Paper.objects.select_for_update().get(pk=paper.pk)
        if locked.is_withdrawn:
            raise PapersError("This submission is withdrawn; it cannot be changed.")
        version = _store_upload(paper=locked, prepared=prepared, by=by)
        if kind == FileKind.PAPER:
            _mark_submitted(locked)
            _conflicts_on_commit(locked)
        _notify_on_commit(locked, "uploaded")
    paper.refresh_from_db()
    return version


@transaction.atomic
def paper_withdraw(*, paper: Paper, by) -> Paper:
    """Withdraw a paper (allowed before and after the deadline); all data stays.

    Sends ``papers.signals.paper_withdrawn`` and mails all authors (task on commit).
    """
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    if paper.is_withdrawn:
        raise PapersError("This submission is already withdrawn.")
    paper.status_before_withdrawal = paper.status
    paper.status = PaperStatus.WITHDRAWN
    paper.withdrawn_at = timezone.now()
    paper.save(update_fields=["status", "status_before_withdrawal", "withdrawn_at", "updated"])
    signals.paper_withdrawn.send(sender=Paper, paper=paper)
    _notify_on_commit(paper, "withdrawn")
    return paper


@transaction.atomic
def paper_restore(*, paper: Paper, by) -> Paper:
    """A chair brings a withdrawn paper back to the status it had. Mails all authors."""
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    if not paper.is_withdrawn:
        raise PapersError("This submission is not withdrawn.")
    paper.status = paper.status_before_withdrawal or (
        PaperStatus.SUBMITTED
        if paper.files.filter(kind=FileKind.PAPER).exists()
        else PaperStatus.DRAFT
    )
    paper.status_before_withdrawal = ""
    paper.withdrawn_at = None
    paper.save(update_fields=["status", "status_before_withdrawal", "withdrawn_at", "updated"])
    _notify_on_commit(paper, "restored")
    return paper


EVENT_SUBJECTS = {
    "created": "Submission received",
    "updated": "Submission updated",
    "uploaded": "New file uploaded",
    "withdrawn": "Submission withdrawn",
    "restored": "Submission restored",
}


def paper_notify_authors(*, paper: Paper, event: str, token: str = "") -> int:
    """Queue a mail to every author of ``paper`` about ``event``; return how many were new.

    ``token`` names one change and is part of each mail's outbox key: a retried task with the
    same token finds the mails already queued, so nobody gets a mail twice.
    """
    if event not in EVENT_SUBJECTS:
        raise PapersError(f"Unknown event {event!r}.")
    authors = list(paper.authors.order_by("order"))
    current = current_version(paper=paper, kind=FileKind.PAPER)
    deadline = deadline_get(edition=paper.edition, key=DateKey.SUBMISSION)
    sent = 0
    for author in authors:
        context = {
            "paper": paper,
            "author": author,
            "authors": authors,
            "event": event,
            "current": current,
            "edition": paper.edition,
            "deadline": deadline,
            "deadline_text": deadline_label(deadline) if deadline else "",
            "paper_url": absolute_url(paper.get_absolute_url()),
        }
        key = f"paper:{paper.pk}:{event}:{token or uuid.uuid4().hex}:{author.email.lower()}"
        if token and OutboxMail.objects.filter(key=key).exists():
            continue
        subject = f"[{paper.edition.slug}] {EVENT_SUBJECTS[event]}: #{paper.pk} {paper.title}"
        mail_queue(
            key=key,
            to=[author.email],
            subject=subject[:200],
            template="papers/email/paper_event.txt",
            context=context,
            edition=paper.edition,
            guard_perm="papers.view_paper",
            guard_objects=[paper],
        )
        sent += 1
    return sent


@transaction.atomic
def submission_types_save(*, edition: Edition, formset) -> list[SubmissionType]:
    """Save the chair's formset of submission types. A type in use cannot be deleted."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError:
            raise PapersError(
                f"“{obj.name}” has submissions and cannot be deleted; rename it instead."
            ) from None
    for obj in instances:
        obj.edition = edition
        obj.full_clean()
        obj.save()
    return instances


@transaction.atomic
def authors_link_email(*, user, email: str) -> int:
    """Link the author rows listed with ``email``, an address the user just verified, to the
    user's Person: their access then no longer hangs on that address staying on the account.

    Rows linked to a Person of another account are left alone. Returns how many rows changed.
    """
    rows = Author.objects.filter(email__iexact=email).filter(
        Q(person__isnull=True) | Q(person__user__isnull=True)
    )
    if not rows.exists():
        return 0
    person = person_link_user(user=user)
    changed = Author.objects.filter(pk__in=list(rows.values_list("pk", flat=True))).update(
        person=person
    )
    access_invalidate()
    return changed
