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
