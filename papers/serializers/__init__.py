"""API input and output shapes. Inputs only parse; services decide."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from papers import schema  # noqa: F401 (registers the OpenAPI extensions)
from papers.enums import FileKind, PaperStatus
from papers.models import Author, Paper, PaperFile


class PaperStatusField(serializers.ChoiceField):
    """A paper's status; documented as the ``PaperStatus`` component (see papers.schema)."""

    def __init__(self, **kwargs):
        super().__init__(choices=PaperStatus.choices, **kwargs)


class AuthorInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    affiliation = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_contact = serializers.BooleanField(default=False)


class PaperInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    abstract = serializers.CharField(help_text="Markdown.")
    keywords = serializers.CharField(max_length=300, required=False, allow_blank=True)
    submission_type = serializers.IntegerField(help_text="Id of a submission type of the edition.")
    topics = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, help_text="Ids of topics of the edition."
    )
    authors = AuthorInput(many=True, help_text="In order; exactly one contact author.")


class UploadInput(serializers.Serializer):
    # Named file_kind, not kind: the schema's enum "KindEnum" would collide with Role.kind.
    file_kind = serializers.ChoiceField(choices=FileKind.choices, default=FileKind.PAPER)
    file = serializers.FileField()


class AuthorOutput(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Author
        fields = ["order", "name", "email", "affiliation", "is_contact", "person"]


class PaperFileOutput(serializers.ModelSerializer):
    file_kind = serializers.ChoiceField(choices=FileKind.choices, source="kind", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PaperFile
        fields = ["id", "file_kind", "uploaded_at", "sha256", "size", "page_count", "warnings",
                  "download_url"]  # fmt: skip

    @extend_schema_field(serializers.CharField())
    def get_download_url(self, obj) -> str:
        return reverse(
            "papers:author-file",
            kwargs={"edition": obj.paper.edition.slug, "pk": obj.paper_id, "file_pk": obj.pk},
        )


class PaperOutput(serializers.ModelSerializer):
    edition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    submission_type = serializers.SlugRelatedField(slug_field="name", read_only=True)
    submission_type_id = serializers.IntegerField(read_only=True)
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    authors = AuthorOutput(many=True, read_only=True)
    status = PaperStatusField(read_only=True)
    status_label = serializers.CharField(read_only=True)

    class Meta:
        model = Paper
        fields = [
            "id", "edition", "title", "abstract", "keywords", "submission_type",
            "submission_type_id", "topics", "status", "status_label", "decision", "authors",
            "submitted_at", "withdrawn_at", "created", "updated",
        ]  # fmt: skip


class SubmissionOptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SubmissionTypeOptionOutput(SubmissionOptionOutput):
    description = serializers.CharField()
    page_limit = serializers.IntegerField()
    anonymity = serializers.CharField()
    max_size_mb = serializers.IntegerField()
    supplementary_allowed = serializers.BooleanField()


class SubmissionOptionsOutput(serializers.Serializer):
    submission_types = SubmissionTypeOptionOutput(many=True)
    topics = SubmissionOptionOutput(many=True)
