"""Submissions: types an edition accepts, papers, their authors and every uploaded file."""

import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from papers.enums import ACCEPTED_DECISIONS, Anonymity, Decision, FileKind, PaperStatus


class SubmissionType(models.Model):
    """A kind of paper an edition calls for (full paper, short paper, extended abstract)."""

    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="submission_types"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, help_text="Markdown, shown to authors.")
    page_limit = models.PositiveSmallIntegerField(default=8, help_text="Pages of the main body.")
    reference_pages = models.PositiveSmallIntegerField(
        default=0, help_text="Extra pages allowed for references (0 for none)."
    )
    anonymity = models.CharField(
        max_length=20, choices=Anonymity.choices, default=Anonymity.DOUBLE_BLIND
    )
    max_size_mb = models.PositiveSmallIntegerField("max PDF size (MB)", default=10)
    reviewer_copy_keeps_comments = models.BooleanField(
        "reviewers' copy keeps comment text",
        default=False,
        help_text="Double-blind: keep the text of PDF comments (never who wrote them).",
    )
    supplementary_allowed = models.BooleanField(default=False)
    reviewers_get_unchecked_supplementary = models.BooleanField(
        "reviewers get supplementary files that cannot be checked",
        default=False,
        help_text="Double-blind: ZIP members that cannot be searched for the authors' names "
        "(images, binaries) are otherwise held back.",
    )
    supplementary_max_size_mb = models.PositiveSmallIntegerField(
        "max supplementary size (MB)", default=50
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="submission_type_name_unique"),
            models.CheckConstraint(
                condition=models.Q(page_limit__gte=1), name="submission_type_page_limit_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_size_mb__gte=1), name="submission_type_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_double_blind(self) -> bool:
        return self.anonymity == Anonymity.DOUBLE_BLIND

    @property
    def max_pages(self) -> int:
        return self.page_limit + self.reference_pages

    @property
    def max_size_bytes(self) -> int:
        return self.max_size_mb * 1024 * 1024

    @property
    def supplementary_max_size_bytes(self) -> int:
        return self.supplementary_max_size_mb * 1024 * 1024


class Paper(models.Model):
    edition = models.ForeignKey("emc2.Edition", on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    abstract = models.TextField(help_text="Markdown.")
    keywords = models.CharField(max_length=300, blank=True, help_text="Comma-separated.")
    topics = models.ManyToManyField("emc2.Topic", related_name="papers")
    submission_type = models.ForeignKey(
        SubmissionType, on_delete=models.PROTECT, related_name="papers"
    )
    status = models.CharField(
        max_length=20, choices=PaperStatus.choices, default=PaperStatus.DRAFT, db_index=True
    )
    # Restored by a chair to this status after a withdrawal.
    status_before_withdrawal = models.CharField(
        max_length=20, choices=PaperStatus.choices, blank=True
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | models.Q(withdrawn_at__isnull=False),
                name="paper_withdrawn_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("papers:author-detail", kwargs={"edition": self.edition.slug, "pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PaperStatus.WITHDRAWN

    @property
    def is_accepted(self) -> bool:
        return self.decision in ACCEPTED_DECISIONS

    @property
    def status_label(self) -> str:
        """What authors see: the lifecycle state, or the outcome once decided."""
        if self.status == PaperStatus.WITHDRAWN:
            return PaperStatus.WITHDRAWN.label
        if self.decision == Decision.REJECT:
            return "Rejected"
        if self.decision:
            return (
                "Accepted as "
                + {
                    Decision.ORAL: "oral",
                    Decision.LIGHTNING: "lightning talk",
                    Decision.POSTER: "poster",
                }[Decision(self.decision)]
            )
        return self.get_status_display()


class Author(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authors")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    affiliation = models.CharField(max_length=300, blank=True)
    person = models.ForeignKey(
        "emc2.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorships",
    )
    is_contact = models.BooleanField(default=False)

    class Meta:
        ordering = ["paper", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper"],
                condition=models.Q(is_contact=True),
                name="author_one_contact_per_paper",
            ),
            models.UniqueConstraint(fields=["paper", "email"], name="author_email_unique"),
        ]

    def __str__(self) -> str:
        return self.name


def _private_name(prefix: str, instance, filename: str) -> str:
    # Never the user's file name: only the extension survives, from a fixed list.
    ext = posixpath.splitext(filename)[1].lower()
    if ext not in {".pdf", ".zip"}:
        ext = ".bin"
    return f"private/papers/{instance.paper.edition_id}/{prefix}{uuid.uuid4().hex}{ext}"


def paper_file_path(instance, filename: str) -> str:
    return _private_name("", instance, filename)


def anonymized_file_path(instance, filename: str) -> str:
    return _private_name("anon-", instance, filename)


class PaperFile(models.Model):
    """One uploaded version. Never deleted: the current one is the newest of its kind."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=FileKind.choices, default=FileKind.PAPER)
    file = models.FileField(upload_to=paper_file_path, max_length=200)
    # For double-blind types: the copy reviewers get, document metadata removed.
    anonymized = models.FileField(upload_to=anonymized_file_path, max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, default="application/pdf")
    # Warnings shown to the author (e.g. an author's name in the PDF metadata).
    warnings = models.TextField(blank=True)
    # Double-blind: where the rebuilt reviewers' copy still names an author, one per line.
    # Non-empty means reviewers do not get this version; authors and chairs see why.
    blind_findings = models.TextField(blank=True)
    # Double-blind supplementary ZIPs: members that could not be checked, one per line.
    unchecked = models.TextField(blank=True)

    class Meta:
        ordering = ["paper", "kind", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of paper {self.paper_id} ({self.uploaded_at:%Y-%m-%d})"

    @property
    def held_back(self) -> bool:
        return bool(self.blind_findings)

    @property
    def extension(self) -> str:
        return posixpath.splitext(self.file.name)[1] or ".pdf"
