"""Admin for superusers: a read-mostly view of the draft rows and releases. Chairs use the
schedule editor, whose services enforce the schedule rules (the admin does not)."""

from django.contrib import admin

from program.models import (
    Build,
    Item,
    ItemSpeaker,
    Release,
    Room,
    Session,
    SpeakerAvailability,
    Volume,
)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "capacity", "order"]
    list_filter = ["edition"]


class ItemInline(admin.TabularInline):
    model = Item
    fields = ["title", "kind", "start", "end", "order"]
    extra = 0
    show_change_link = True


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "kind", "room", "start", "end"]
    list_filter = ["edition", "kind"]
    inlines = [ItemInline]


class SpeakerInline(admin.TabularInline):
    model = ItemSpeaker
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "kind", "session"]
    list_filter = ["edition", "kind"]
    search_fields = ["title"]
    raw_id_fields = ["paper"]
    inlines = [SpeakerInline]


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["edition", "number", "created_at", "created_by", "notified_at"]
    list_filter = ["edition"]
    readonly_fields = ["snapshot", "changelog"]


@admin.register(Volume)
class VolumeAdmin(admin.ModelAdmin):
    list_display = ["edition", "title", "published", "updated_at"]


@admin.register(Build)
class BuildAdmin(admin.ModelAdmin):
    list_display = ["edition", "kind", "state", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "state", "edition"]
    readonly_fields = ["inputs_hash", "file", "page_map", "error"]


@admin.register(SpeakerAvailability)
class SpeakerAvailabilityAdmin(admin.ModelAdmin):
    list_display = ["person", "edition", "start", "end"]
    list_filter = ["edition"]
    raw_id_fields = ["person"]
