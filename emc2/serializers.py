from rest_framework import serializers

from emc2.models import Edition, ImportantDate, Role, Sponsor


class ImportantDateOutput(serializers.ModelSerializer):
    effective_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = ImportantDate
        fields = ["name", "at", "extended_at", "effective_at", "time_zone"]


class SponsorOutput(serializers.ModelSerializer):
    class Meta:
        model = Sponsor
        fields = ["name", "tier", "url"]


class OrganizerOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name")
    affiliation = serializers.CharField(source="person.affiliation")
    slug = serializers.CharField(source="person.slug")

    class Meta:
        model = Role
        fields = ["name", "affiliation", "slug", "kind", "title"]


class EditionListOutput(serializers.ModelSerializer):
    class Meta:
        model = Edition
        fields = [
            "slug", "number", "title", "conference", "city", "start_date", "end_date", "published",
        ]  # fmt: skip


class EditionDetailOutput(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    dates = ImportantDateOutput(many=True, read_only=True)
    sponsors = SponsorOutput(many=True, read_only=True)
    organizers = OrganizerOutput(many=True, read_only=True, source="organizer_roles")

    class Meta:
        model = Edition
        fields = [
            "slug", "number", "title", "conference", "city", "venue", "room", "start_date",
            "end_date", "time_zone", "deadline_time_zone", "objective", "cfp_text", "topics",
            "dates", "sponsors", "organizers", "published",
        ]  # fmt: skip


# --- chair / staff input ------------------------------------------------------------------


class ChairInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()


class EditionCreateInput(serializers.Serializer):
    copy_from = serializers.SlugField(
        required=False, help_text="Slug of an earlier edition: settings, topics, rooms, review "
        "form, submission types and decisions are copied from it.",
    )  # fmt: skip
    series = serializers.IntegerField(
        required=False, min_value=1, help_text="Id of the series the edition belongs to. "
        "Default: the series of copy_from, else the site's first series. Staff may create "
        "editions of every series, a series admin of theirs only.",
    )  # fmt: skip
    number = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=300)
    slug = serializers.SlugField(max_length=60)
    conference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True)
    room = serializers.CharField(max_length=120, required=False, allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    time_zone = serializers.CharField(max_length=64, required=False)
    deadline_time_zone = serializers.CharField(max_length=64, required=False)
    objective = serializers.CharField(required=False, allow_blank=True)
    cfp_text = serializers.CharField(required=False, allow_blank=True)
    published = serializers.BooleanField(required=False, default=False)
    chairs = ChairInput(many=True, required=False)
    series_name = serializers.CharField(
        max_length=200, required=False, help_text="Only for the very first edition: the series "
        "is created with this name (and series_short_name).",
    )  # fmt: skip
    series_short_name = serializers.CharField(max_length=40, required=False)


class OrganizerDetailOutput(OrganizerOutput):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")

    class Meta(OrganizerOutput.Meta):
        fields = ["id", "person", *OrganizerOutput.Meta.fields, "order"]


class OrganizerInput(serializers.Serializer):
    kind = serializers.CharField(help_text="chair, organizer, pc_member, ...")
    person = serializers.IntegerField(required=False, help_text="Existing person id, or:")
    name = serializers.CharField(max_length=200, required=False, default="")
    email = serializers.EmailField(required=False, default="")
    affiliation = serializers.CharField(max_length=300, required=False, default="")
    title = serializers.CharField(max_length=120, required=False, default="")
    order = serializers.IntegerField(required=False, min_value=0, max_value=10_000)


class OrganizerUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    order = serializers.IntegerField(required=False, min_value=0, max_value=10_000)


class SponsorDetailOutput(serializers.ModelSerializer):
    logo = serializers.SerializerMethodField()

    class Meta:
        model = Sponsor
        fields = ["id", "name", "tier", "url", "order", "logo"]

    def get_logo(self, sponsor) -> str:
        return sponsor.logo.url if sponsor.logo else ""


class SponsorInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    tier = serializers.CharField(required=False, help_text="platinum, gold, silver, ...")
    url = serializers.URLField(required=False, allow_blank=True)
    order = serializers.IntegerField(required=False, min_value=0, max_value=10_000)
    logo = serializers.FileField(
        required=False, help_text="PNG/JPEG/WebP/GIF (checked) or SVG (sanitized), at most 2 MB."
    )


class SponsorUpdateInput(SponsorInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class SeriesAdminOutput(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.get_full_name")
    created_at = serializers.DateTimeField()


class SeriesAdminInput(serializers.Serializer):
    user = serializers.IntegerField(required=False, min_value=1, help_text="Account id, or:")
    email = serializers.EmailField(required=False, help_text="The account's e-mail address.")

    def validate(self, attrs):
        if not attrs.get("user") and not attrs.get("email"):
            raise serializers.ValidationError("Give the account's id (user) or its email.")
        return attrs


class ErrorOutput(serializers.Serializer):
    """Every API error body (emc2.api.exception_handler): ``detail``, or for invalid input the
    messages per field at fault (``{"<field>": ["message"]}``, ``non_field_errors`` for the
    whole input). The one error serializer every app documents."""

    detail = serializers.CharField(required=False)
