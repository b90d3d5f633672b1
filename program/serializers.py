"""API serializers. Output serializers describe the published snapshot (dicts); input
serializers only parse, the services decide."""

from rest_framework import serializers

from emc2.serializers import ErrorOutput  # noqa: F401 (the one error body, re-exported)
from program.enums import ItemKind, SessionKind, SpeakerRole

# Plain strings, not ChoiceFields: several "kind" enums would collide in the schema's names.
# The services refuse unknown values with a 400.
SESSION_KINDS = "One of: " + ", ".join(SessionKind.values)
ITEM_KINDS = "One of: " + ", ".join(ItemKind.values)


class PersonRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    affiliation = serializers.CharField()


class SpeakerRefOutput(PersonRefOutput):
    role = serializers.ChoiceField(choices=SpeakerRole.choices)
    role_line = serializers.CharField()


class RoomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)


class ItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=ITEM_KINDS)
    title = serializers.CharField()
    label = serializers.CharField(default="", help_text='e.g. "Keynote 1"; may be empty.')
    abstract = serializers.CharField()
    start = serializers.DateTimeField(help_text="Own start, or the session's.")
    end = serializers.DateTimeField()
    own_time = serializers.BooleanField()
    order = serializers.IntegerField()
    board = serializers.CharField()
    slides_url = serializers.CharField()
    recording_url = serializers.CharField()
    speakers = SpeakerRefOutput(many=True)


class ItemWithSessionOutput(ItemOutput):
    session_id = serializers.IntegerField()
    session_title = serializers.CharField()
    room = serializers.CharField()


class SessionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=SESSION_KINDS)
    kind_label = serializers.CharField()
    type_id = serializers.IntegerField(allow_null=True, default=None)
    type = serializers.CharField(default="", help_text="Session type name; may be empty.")
    type_colour = serializers.CharField(default="", help_text="#rrggbb, or empty.")
    track_id = serializers.IntegerField(allow_null=True, default=None)
    track = serializers.CharField(default="", help_text="Track name; may be empty.")
    track_colour = serializers.CharField(default="", help_text="#rrggbb, or empty.")
    title = serializers.CharField()
    room_id = serializers.IntegerField()
    room = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    chair = PersonRefOutput(allow_null=True)
    description = serializers.CharField()
    items = ItemOutput(many=True)


class SpeakerItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    role = serializers.CharField()


class SpeakerOutput(PersonRefOutput):
    items = SpeakerItemOutput(many=True)


class ChangeOutput(serializers.Serializer):
    target = serializers.ChoiceField(choices=["session", "item"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    detail = serializers.CharField()


class ReleaseOutput(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    note = serializers.CharField()
    changelog = ChangeOutput(many=True)


# --- chair input ---------------------------------------------------------------------------


class SessionInput(serializers.Serializer):
    kind = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=SESSION_KINDS + ". Empty: the type's default kind.",
    )
    type = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Session type id of this edition (see session-types). Empty: the type of "
        "the kind.",
    )
    track = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Track id of this edition."
    )
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    room = serializers.IntegerField(help_text="Room id (see rooms).")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    chair = serializers.IntegerField(required=False, allow_null=True, help_text="Person id.")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    override_warnings = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Save despite warnings (speaker double-booked or unavailable); without it "
        "they give a 409.",
    )


class SessionUpdateInput(SessionInput):
    """Every field optional; sending only ``room`` and ``start`` moves the session."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class SpeakerInput(serializers.Serializer):
    person = serializers.IntegerField(required=False, help_text="Existing person id, or:")
    name = serializers.CharField(required=False, max_length=200)
    email = serializers.EmailField(
        required=False, default="", help_text="Finds the person of this e-mail, if any."
    )
    affiliation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Affiliation for this appearance (kept on the speaker row, not the person).",
    )
    role = serializers.ChoiceField(choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    role_line = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs.get("person") and not attrs.get("name"):
            raise serializers.ValidationError("Give a person id or a name.")
        return attrs


class ItemInput(serializers.Serializer):
    kind = serializers.CharField(default=ItemKind.TALK, help_text=ITEM_KINDS)
    title = serializers.CharField(max_length=500, allow_blank=True)
    label = serializers.CharField(required=False, allow_blank=True, max_length=60)
    abstract = serializers.CharField(required=False, allow_blank=True)
    session = serializers.IntegerField(required=False, allow_null=True)
    start = serializers.DateTimeField(required=False, allow_null=True)
    end = serializers.DateTimeField(required=False, allow_null=True)
    order = serializers.IntegerField(required=False, min_value=0)
    slides_url = serializers.URLField(required=False, allow_blank=True)
    recording_url = serializers.URLField(required=False, allow_blank=True)
    board = serializers.CharField(required=False, allow_blank=True, max_length=20)
    speakers = SpeakerInput(many=True, required=False)
    override_warnings = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Save despite warnings (speaker double-booked or unavailable); without it "
        "they give a 409.",
    )


class ItemUpdateInput(ItemInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class DraftSessionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    type = serializers.IntegerField(source="type_id", allow_null=True)
    track = serializers.IntegerField(source="track_id", allow_null=True)
    title = serializers.CharField()
    room = serializers.IntegerField(source="room_id")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    chair = serializers.IntegerField(source="chair_id", allow_null=True)
    description = serializers.CharField()


class DraftSpeakerOutput(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    affiliation = serializers.CharField()
    role = serializers.CharField()
    role_line = serializers.CharField()
    order = serializers.IntegerField()


class DraftItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    abstract = serializers.CharField()
    session = serializers.IntegerField(source="session_id", allow_null=True)
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)
    order = serializers.IntegerField()
    board = serializers.CharField()
    slides_url = serializers.CharField()
    recording_url = serializers.CharField()
    speakers = DraftSpeakerOutput(many=True, source="speakers.all")


class DraftRoomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    order = serializers.IntegerField()


class RoomInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class RoomUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    order = serializers.IntegerField(required=False, min_value=0, max_value=10_000)


# --- session types and tracks (chairs) ----------------------------------------------------------

COLOUR_HELP = "#rrggbb, e.g. #1f6feb. Empty on create: the next colour of the palette."


class SessionTypeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    colour = serializers.CharField(help_text="#rrggbb")
    position = serializers.IntegerField()
    kind = serializers.CharField(help_text=SESSION_KINDS + ", or empty.")
    session_count = serializers.IntegerField(default=0)


class SessionTypeInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="Unique in the edition, ignoring case.")
    colour = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text=COLOUR_HELP
    )
    kind = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="Default kind of its sessions: " + SESSION_KINDS + ", or empty.",
    )
    position = serializers.IntegerField(
        required=False, min_value=0, max_value=10_000, help_text="0-based; default: last."
    )


class SessionTypeUpdateInput(SessionTypeInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class TrackOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    colour = serializers.CharField(help_text="#rrggbb")
    position = serializers.IntegerField()
    description = serializers.CharField()
    session_count = serializers.IntegerField(default=0)


class TrackInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="Unique in the edition, ignoring case.")
    colour = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text=COLOUR_HELP
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
    position = serializers.IntegerField(
        required=False, min_value=0, max_value=10_000, help_text="0-based; default: last."
    )


class TrackUpdateInput(TrackInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class WarningOutput(serializers.Serializer):
    code = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()


class ConflictOutput(serializers.Serializer):
    """409: refused because of the current state; ``warnings`` can be overridden."""

    detail = serializers.CharField()
    warnings = WarningOutput(many=True, required=False)


class PublishInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


# --- people (chairs) ------------------------------------------------------------------------


class PersonDetailOutput(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    affiliation = serializers.CharField(help_text="Current affiliation (appearances keep theirs).")
    email = serializers.CharField(help_text="Never shown publicly.")
    homepage = serializers.CharField()
    orcid = serializers.CharField()
    bio = serializers.CharField()
    photo = serializers.SerializerMethodField()

    def get_photo(self, person) -> str:
        return person.photo.url if person.photo else ""


class PersonInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    affiliation = serializers.CharField(max_length=300, required=False, allow_blank=True)
    homepage = serializers.URLField(required=False, allow_blank=True)
    orcid = serializers.CharField(
        max_length=19, required=False, allow_blank=True, help_text="e.g. 0000-0002-1825-0097"
    )
    bio = serializers.CharField(required=False, allow_blank=True, help_text="Markdown.")
    photo = serializers.ImageField(required=False, help_text="JPEG/PNG/WebP, checked by Pillow.")


class PersonUpdateInput(PersonInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class PersonMergeInput(serializers.Serializer):
    keep = serializers.IntegerField(help_text="Person id that stays.")
    remove = serializers.IntegerField(help_text="Duplicate whose links move to ``keep``.")


class InviteOutput(serializers.Serializer):
    queued = serializers.BooleanField()
    email = serializers.CharField()


# --- import ---------------------------------------------------------------------------------


class ImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="frab XML or c3voc/pretalx schedule JSON, <= 2 MB.")
    confirm = serializers.BooleanField(
        required=False, default=False, help_text="false: preview only; true: create it all."
    )
    override_warnings = serializers.BooleanField(
        required=False,
        default=False,
        help_text="With confirm: create it despite schedule warnings (a speaker double-booked "
        "or outside their availability); without it they give a 409.",
    )


class ImportRoomOutput(serializers.Serializer):
    name = serializers.CharField()
    exists = serializers.BooleanField()


class ImportItemOutput(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField()
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)
    board = serializers.CharField()
    speakers = serializers.ListField(child=serializers.CharField())


class ImportSessionOutput(serializers.Serializer):
    kind = serializers.CharField()
    type = serializers.CharField(help_text="Session type name; empty: the kind's type.")
    track = serializers.CharField(help_text="Track name, or empty.")
    title = serializers.CharField()
    room = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    items = ImportItemOutput(many=True)


class ImportPlanOutput(serializers.Serializer):
    created = serializers.BooleanField()
    rooms = ImportRoomOutput(many=True)
    types = ImportRoomOutput(many=True, help_text="Session types, by name.")
    tracks = ImportRoomOutput(many=True, help_text="Tracks, by name.")
    sessions = ImportSessionOutput(many=True)
    people = ImportRoomOutput(many=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    warnings = serializers.ListField(child=serializers.CharField())
    schedule_warnings = WarningOutput(
        many=True,
        help_text="What the schedule checks would warn about (speaker_double_booked, "
        "speaker_unavailable); confirming needs override_warnings=true then.",
    )


# --- speaker availability (chairs) -----------------------------------------------------------

AVAILABILITY_TIME_HELP = (
    "ISO 8601. With a UTC offset (2030-12-13T09:00-08:00) it is that instant; without one "
    "(2030-12-13T09:00) it is venue-local time, read in the edition's time zone, and refused "
    "when the zone skips it or has it twice (daylight saving time)."
)


class AvailabilitySpanInput(serializers.Serializer):
    start = serializers.CharField(max_length=40, help_text=AVAILABILITY_TIME_HELP)
    end = serializers.CharField(max_length=40, help_text=AVAILABILITY_TIME_HELP)


class AvailabilityInput(serializers.Serializer):
    spans = AvailabilitySpanInput(
        many=True,
        allow_empty=True,
        max_length=100,
        help_text="All spans in which the person can speak (they replace the old ones; at most "
        "100; merged when they overlap or touch). Empty: available all the time.",
    )


class AvailabilitySpanOutput(serializers.Serializer):
    start = serializers.DateTimeField(help_text="In the edition's time zone, with its offset.")
    end = serializers.DateTimeField()


class AvailabilityOutput(serializers.Serializer):
    person = serializers.IntegerField()
    time_zone = serializers.CharField()
    spans = AvailabilitySpanOutput(many=True, help_text="Empty: available all the time.")
