from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from emc2.models import Edition, ImportantDate, Person, Role, Series, Sponsor, Topic, User


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
