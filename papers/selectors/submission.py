"""Reads of papers. Querysets come back with what their callers need prefetched."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from emc2.enums import DateKey
from emc2.models import ImportantDate, Topic
from emc2.selectors import deadline_passed
from papers.enums import ACCEPTED_DECISIONS, FileKind, PaperStatus
from papers.models import Author, Paper, PaperFile, SubmissionType


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


def paper_list_for_user(*, user) -> QuerySet[Paper]:
    """Every submission the user is an author of, across editions, newest edition first.

    Authorship counts through a linked Person or a verified e-mail address, so co-authors see
    a paper as soon as their account confirms the address the submitter typed.
    """
    if not user.is_authenticated:
        return Paper.objects.none()
    from papers.rules import verified_emails

    mine = Author.objects.filter(Q(person__user=user) | Q(email__in=verified_emails(user)))
    return (
        Paper.objects.filter(pk__in=mine.values("paper_id"))
        .select_related("edition", "submission_type")
        .prefetch_related(_authors_in_order())
        .order_by("-edition__start_date", "-pk")
    )


def paper_get(*, edition, pk: int) -> Paper:
    """A paper of ``edition``, 404 if there is none (the caller checks the permission)."""
    try:
        return (
            Paper.objects.select_related("edition", "submission_type")
            .prefetch_related(_authors_in_order(), "topics")
            .get(edition=edition, pk=pk)
        )
    except Paper.DoesNotExist:
        raise Http404("No such submission.") from None


def paper_list_for_chair(
    *,
    edition,
    user=None,
    submission_type: int | None = None,
    topic: int | None = None,
    status: str = "",
) -> QuerySet[Paper]:
    """The edition's papers, filtered; with ``user``, only those they may handle as chair
    (papers.access: not the ones they wrote or are conflicted with)."""
    qs = Paper.objects.filter(edition=edition)
    if user is not None:
        from papers.access import chair_conflicted_ids

        qs = qs.exclude(pk__in=chair_conflicted_ids(user=user, edition=edition))
    if submission_type:
        qs = qs.filter(submission_type_id=submission_type)
    if topic:
        qs = qs.filter(topics__id=topic)
    if status:
        qs = qs.filter(status=status)
    current_pdfs = PaperFile.objects.filter(kind=FileKind.PAPER).order_by("-uploaded_at", "-pk")
    return (
        qs.select_related("submission_type")
        .prefetch_related(
            _authors_in_order(),
            "topics",
            Prefetch("files", queryset=current_pdfs, to_attr="paper_versions"),
        )
        .order_by("pk")
        .distinct()
    )


def submission_counts(*, edition) -> dict:
    """Submissions (withdrawn ones apart) by type and by topic, for the chair's overview."""
    live = Paper.objects.filter(edition=edition).exclude(status=PaperStatus.WITHDRAWN)
    by_type = list(
        SubmissionType.objects.filter(edition=edition)
        .annotate(n=Count("papers", filter=Q(papers__in=live)))
        .values_list("name", "n")
    )
    by_topic = list(
        Topic.objects.filter(edition=edition)
        .annotate(n=Count("papers", filter=Q(papers__in=live)))
        .values_list("name", "n")
    )
    by_status = dict(
        Paper.objects.filter(edition=edition)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "by_type": by_type,
        "by_topic": by_topic,
        "by_status": [(label, by_status.get(value, 0)) for value, label in PaperStatus.choices],
        "total": live.count(),
    }


def paper_versions(*, paper: Paper) -> QuerySet[PaperFile]:
    """Every uploaded file of a paper, newest first; the first of each kind is current."""
    return paper.files.select_related("uploaded_by").order_by("kind", "-uploaded_at", "-pk")


def paper_file_get(*, paper: Paper, pk: int) -> PaperFile:
    try:
        return paper.files.get(pk=pk)
    except PaperFile.DoesNotExist:
        raise Http404("No such file.") from None


def current_version(*, paper: Paper, kind: str = FileKind.PAPER) -> PaperFile | None:
    return paper.files.filter(kind=kind).order_by("-uploaded_at", "-pk").first()


def supplementary_for_reviewer(*, paper: Paper) -> PaperFile | None:
    """The supplementary version reviewers may download, or None.

    Double-blind: only once its checks found no author (``blind_findings``), and with
    members that could not be checked only if the chairs allow it for the type.
    """
    version = current_version(paper=paper, kind=FileKind.SUPPLEMENTARY)
    submission_type = paper.submission_type
    if version is None or not submission_type.is_double_blind:
        return version
    if version.held_back:
        return None
    if version.unchecked and not submission_type.reviewers_get_unchecked_supplementary:
        return None
    if version.extension == ".pdf" and not version.anonymized:
        return None
    return version


def reviewer_download(*, paper: Paper, kind: str) -> tuple:
    """``(file field, file name, content type)`` of what a reviewer of ``paper`` may download:
    the PDF (for double-blind types only the anonymized copy, and not while it is held back)
    or the supplementary material (``supplementary_for_reviewer``). Http404 when there is none.
    The one rule for the reviewer pages and the reviewer API."""
    prefix = f"{paper.edition.slug}-{paper.pk}"
    if kind == FileKind.SUPPLEMENTARY:
        version = supplementary_for_reviewer(paper=paper)
        if version is None:
            raise Http404("No supplementary material for reviewers.")
        field = version.anonymized if version.anonymized else version.file
        return field, f"{prefix}-supplementary{version.extension}", version.content_type
    version = current_version(paper=paper, kind=FileKind.PAPER)
    if version is None:
        raise Http404("No PDF yet.")
    if paper.submission_type.is_double_blind:
        # A copy that still names an author is held back until the authors fix it.
        if not version.anonymized or version.held_back:
            raise Http404("No anonymized copy.")
        return version.anonymized, f"{prefix}.pdf", "application/pdf"
    return version.file, f"{prefix}.pdf", "application/pdf"


def submission_types(*, edition) -> QuerySet[SubmissionType]:
    return SubmissionType.objects.filter(edition=edition).order_by("order", "pk")


def submissions_open(*, edition) -> bool:
    """Whether authors may still change submissions (the paper deadline has not passed)."""
    return not deadline_passed(edition=edition, key=DateKey.SUBMISSION)


def submission_deadlines(*, edition) -> list[ImportantDate]:
    """The dates of the edition that govern submissions, in their order."""
    keys = [DateKey.ABSTRACT, DateKey.SUBMISSION, DateKey.SUPPLEMENTARY, DateKey.CAMERA_READY]
    dates = {d.key: d for d in ImportantDate.objects.filter(edition=edition, key__in=keys)}
    return [dates[k] for k in keys if k in dates]


def authors_for_export(*, edition) -> QuerySet[Author]:
    return (
        Author.objects.filter(paper__edition=edition)
        .select_related("paper", "person")
        .order_by("paper_id", "order")
    )


def paper_final_files(*, papers) -> dict[int, PaperFile]:
    """For each paper: its newest camera-ready PDF, else its newest paper PDF (one query).

    For program (proceedings, downloads), which must not look into papers' models itself.
    Papers without any PDF are missing from the result.
    """
    ids = [p.pk for p in papers]
    result: dict[int, PaperFile] = {}
    rank = {FileKind.CAMERA_READY: 0, FileKind.PAPER: 1}
    files = PaperFile.objects.filter(
        paper_id__in=ids, kind__in=[FileKind.CAMERA_READY, FileKind.PAPER]
    ).order_by("paper_id", "-uploaded_at", "-pk")
    for version in files:
        best = result.get(version.paper_id)
        if best is None or rank[version.kind] < rank[best.kind]:
            result[version.paper_id] = version
    return result
