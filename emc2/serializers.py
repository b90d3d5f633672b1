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
