"""Program committee: invitations, reviewer profiles (expertise, declared conflicts), bids."""

from django.conf import settings
from django.db import models

from papers.enums import BidValue, ConflictSource, ConflictType


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class PCInvitation(models.Model):
    """A chair's invitation to join an edition's program committee, answered by signed link."""

    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="pc_invitations"
    )
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped on every (re-)send and on revoke: older links stop working.
    nonce = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "email"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "email"], name="pc_invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"


class ReviewerProfile(models.Model):
    """What a PC member tells the chairs for one edition: expertise, topics, conflicts."""

    edition = models.ForeignKey(
        "emc2.Edition", on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profiles"
    )
    expertise = models.TextField(blank=True, help_text="A few sentences on your expertise.")
    topics = models.ManyToManyField("emc2.Topic", blank=True, related_name="+")
    conflict_institutions = models.TextField(
        blank=True,
        help_text="E-mail domains or affiliations you are conflicted with, one per line.",
    )
    conflict_people = models.TextField(
        blank=True,
        help_text="Co-authors, advisors, students: names or e-mail addresses, one per line.",
    )
    max_load = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Most papers you can review (empty: the chairs decide)."
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition", "user"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="reviewer_profile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.edition_id})"

    @property
    def institution_lines(self) -> list[str]:
        return [s.strip().lower() for s in self.conflict_institutions.splitlines() if s.strip()]

    @property
    def people_lines(self) -> list[str]:
        return [s.strip().lower() for s in self.conflict_people.splitlines() if s.strip()]


class PaperConflict(models.Model):
    """A conflict of one PC member (or chair) with one paper: declared, added or automatic.

    One row per pair. ``source``/``declared_by``/``created`` say who said so and when; a chair
    may waive it (``waived`` with reason, by, at): a waived conflict gives no protection and no
    exclusion. Automatic rows are kept up to date by ``papers.services.conflicts_refresh``; the
    access layer also computes them live (``papers.selectors.conflicted_paper_ids``), so a
    missed refresh never opens a paper.
    """

    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paper_conflicts"
    )
    kind = models.CharField(
        "type", max_length=20, choices=ConflictType.choices, default=ConflictType.OTHER
    )
    source = models.CharField(
        max_length=20, choices=ConflictSource.choices, default=ConflictSource.REVIEWER
    )
    reason = models.CharField(max_length=200, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    waived = models.BooleanField(default=False)
    waived_reason = models.CharField(max_length=200, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["paper", "user"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "user"], name="paper_conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} / paper {self.paper_id} ({self.kind})"


class ConflictLogEntry(models.Model):
    """The chairs' log of conflict changes: who did what, when and why (never edited)."""

    class Action(models.TextChoices):
        DECLARE = "declare", "Declared"
        REMOVE = "remove", "Removed"
        WAIVE = "waive", "Waived"
        RESTORE = "restore", "Waiver lifted"

    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    kind = models.CharField(max_length=20, choices=ConflictType.choices, blank=True)
    source = models.CharField(max_length=20, choices=ConflictSource.choices, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.user_id} / paper {self.paper_id}"


class Bid(models.Model):
    paper = models.ForeignKey("papers.Paper", on_delete=models.CASCADE, related_name="bids")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="paper_bids"
    )
    value = models.CharField(max_length=20, choices=BidValue.choices)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["paper", "user"]
        constraints = [models.UniqueConstraint(fields=["paper", "user"], name="bid_unique")]

    def __str__(self) -> str:
        return f"{self.user} bids {self.value} on paper {self.paper_id}"
