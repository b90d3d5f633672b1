from django.contrib import admin

from challenge.models import Challenge, Result, Submission, Team, TeamMember, Track


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "submission_opens_at", "submission_closes_at"]
    inlines = [TrackInline]


class MemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "challenge", "status"]
    list_filter = ["status"]
    inlines = [MemberInline]


class ResultInline(admin.TabularInline):
    model = Result
    extra = 0
    readonly_fields = ["version", "metric_value", "size_bytes", "failed_reason", "posted_at"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["pk", "team", "track", "status", "size_bytes", "metric_value"]
    list_filter = ["status"]
    inlines = [ResultInline]
