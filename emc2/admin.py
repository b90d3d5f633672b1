from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from emc2.models import (
    ApiToken,
    Edition,
    ImportantDate,
    Person,
    Role,
    Series,
    SeriesAdmin,
    Sponsor,
    Topic,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0


class DateInline(admin.TabularInline):
    model = ImportantDate
    extra = 0


class SponsorInline(admin.TabularInline):
    model = Sponsor
    extra = 0


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "conference", "start_date", "published"]
    list_filter = ["published"]
    search_fields = ["title", "slug", "conference"]
    inlines = [TopicInline, DateInline, SponsorInline, RoleInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "email", "user"]
    search_fields = ["name", "affiliation", "email"]
    raw_id_fields = ["user"]


admin.site.register(Series)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "scope", "hint", "expires_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__email"]
    readonly_fields = ["hint", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]


@admin.register(SeriesAdmin)
class SeriesAdminAdmin(admin.ModelAdmin):
    list_display = ["series", "user", "created_at"]
    search_fields = ["user__email", "series__name"]
    raw_id_fields = ["user"]


def admin_login(request, extra_context=None):
    """Staff sign in through allauth's login page, so one rate limit (per client address and
    per account) guards every password form; the admin's own form has none."""
    if request.user.is_authenticated:
        # Signed in but not staff: sending them to the login page again would loop.
        raise PermissionDenied("Your account has no access to the admin.")
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


admin.site.login = admin_login
