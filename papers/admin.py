from django.contrib import admin

from papers.models import Author, Paper, PaperFile, SubmissionType


@admin.register(SubmissionType)
class SubmissionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "page_limit", "anonymity", "max_size_mb"]
    list_filter = ["edition"]


class AuthorInline(admin.TabularInline):
    model = Author
    extra = 0
    raw_id_fields = ["person"]


class PaperFileInline(admin.TabularInline):
    # Versions are history: shown, never edited or deleted here.
    model = PaperFile
    extra = 0
    can_delete = False
    fields = ["kind", "uploaded_at", "uploaded_by", "page_count", "size", "sha256"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ["pk", "title", "edition", "submission_type", "status", "decision"]
    list_filter = ["edition", "status", "decision"]
    search_fields = ["title", "authors__name", "authors__email"]
    inlines = [AuthorInline, PaperFileInline]
    raw_id_fields = ["created_by"]


# --- decisions ---
from papers.models import (  # noqa: E402
    DecisionLog,
    Notification,
    NotificationRun,
    NotificationTemplate,
    PapersSettings,
)


@admin.register(PapersSettings)
class PapersSettingsAdmin(admin.ModelAdmin):
    list_display = ["edition", "decisions_released", "accepted_page_published"]


@admin.register(DecisionLog)
class DecisionLogAdmin(admin.ModelAdmin):
    # The audit trail is read-only, here as everywhere.
    list_display = ["paper", "decision", "by", "at"]
    list_filter = ["decision"]
    readonly_fields = ["paper", "decision", "by", "at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    list_display = ["edition", "decision", "subject"]


class NotificationInline(admin.TabularInline):
    model = Notification
    extra = 0
    can_delete = False
    fields = ["paper", "decision", "version"]
    readonly_fields = fields


@admin.register(NotificationRun)
class NotificationRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "edition", "state", "total", "sent", "failed", "created"]
    inlines = [NotificationInline]


# --- review ---
from papers.models import (  # noqa: E402
    AssignmentProposal,
    Bid,
    DiscussionPost,
    MetaReview,
    PaperConflict,
    PCInvitation,
    Review,
    ReviewAssignment,
    ReviewerProfile,
    ReviewField,
)


@admin.register(PCInvitation)
class PCInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "edition", "status", "sent_at", "responded_at"]
    list_filter = ["edition", "status"]
    raw_id_fields = ["invited_by", "user"]


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "edition", "max_load"]
    list_filter = ["edition"]
    raw_id_fields = ["user"]


@admin.register(ReviewField)
class ReviewFieldAdmin(admin.ModelAdmin):
    list_display = ["label", "key", "edition", "kind", "visibility", "order"]
    list_filter = ["edition"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["paper", "reviewer", "status", "overall", "submitted_at"]
    list_filter = ["paper__edition", "status"]
    raw_id_fields = ["paper", "reviewer"]


for _model in (
    AssignmentProposal,
    Bid,
    DiscussionPost,
    MetaReview,
    PaperConflict,
    ReviewAssignment,
):
    admin.site.register(_model)
