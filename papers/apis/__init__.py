"""REST API of submissions. Same permissions (rules) and services as the web pages."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from emc2.api import HasRulePermission
from emc2.models import Topic
from emc2.selectors import edition_get
from papers.access import paper_for_viewer
from papers.exceptions import PapersError
from papers.models import SubmissionType
from papers.selectors import (
    paper_get,
    paper_list_for_chair,
    paper_list_for_user,
    paper_versions,
    submission_types,
)
from papers.serializers import (
    PaperFileOutput,
    PaperInput,
    PaperOutput,
    SubmissionOptionsOutput,
    UploadInput,
)
from papers.services import paper_create, paper_file_upload, paper_update, paper_withdraw


class EditionApiMixin:
    permission_classes = [HasRulePermission]
    permission_required: str | None = None

    def initial(self, request, *args, **kwargs):
        self.edition = edition_get(slug=kwargs["edition"])
        super().initial(request, *args, **kwargs)

    def check_permissions(self, request):
        # After authentication, before the view's rule: an edition the caller may not see
        # does not exist for them.
        if not request.user.has_perm("emc2.view_edition", self.edition):
            raise Http404
        super().check_permissions(request)

    def get_permission_object(self):
        return self.edition


class SubmissionOptionsApi(EditionApiMixin, generics.GenericAPIView):
    """The ids a submission names: the edition's submission types and topics (anyone who may
    see the edition, as the call for papers shows them)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Submission types and topics of an edition, with their ids",
        responses=SubmissionOptionsOutput,
    )
    def get(self, request, edition):
        data = {
            "submission_types": submission_types(edition=self.edition),
            "topics": Topic.objects.filter(edition=self.edition).order_by("name", "pk"),
        }
        return Response(SubmissionOptionsOutput(data).data)


class PaperApiMixin(EditionApiMixin):
    """A paper of the edition; missing, or not the caller's to see, is a 404."""

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None  # DRF answers 403 without looking the id up
        if not hasattr(self, "paper"):
            self.paper = paper_for_viewer(
                user=self.request.user, edition=self.edition, pk=self.kwargs["pk"]
            )
        return self.paper


def _paper_args(*, edition, data: dict) -> dict:
    """Resolve ids of the input against the edition (unknown ids are field errors)."""
    try:
        submission_type = SubmissionType.objects.get(edition=edition, pk=data["submission_type"])
    except SubmissionType.DoesNotExist:
        raise PapersError(
            "No such submission type in this edition.", field="submission_type"
        ) from None
    topics = list(Topic.objects.filter(edition=edition, pk__in=data["topics"]))
    if len(topics) != len(set(data["topics"])):
        raise PapersError("No such topic in this edition.", field="topics")
    return {
        "title": data["title"],
        "abstract": data["abstract"],
        "keywords": data.get("keywords", ""),
        "submission_type": submission_type,
        "topics": topics,
        "authors": data["authors"],
    }


class ChairSubmissionListApi(EditionApiMixin, generics.ListAPIView):
    permission_required = "papers.view_submissions"
    serializer_class = PaperOutput

    def get_queryset(self):
        return paper_list_for_chair(
            edition=self.edition,
            user=self.request.user,
            status=self.request.query_params.get("status", ""),
        ).select_related("edition")

    @extend_schema(summary="All submissions of an edition (chairs)", tags=["papers"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MySubmissionListApi(EditionApiMixin, generics.ListAPIView):
    permission_required = "papers.add_paper"
    serializer_class = PaperOutput

    def get_queryset(self):
        return paper_list_for_user(user=self.request.user).filter(edition=self.edition)

    @extend_schema(summary="The caller's submissions to this edition", tags=["papers"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Start a submission (a draft until a PDF is uploaded)",
        request=PaperInput,
        responses={201: PaperOutput},
        tags=["papers"],
    )
    def post(self, request, *args, **kwargs):
        data = PaperInput(data=request.data)
        data.is_valid(raise_exception=True)
        paper = paper_create(
            edition=self.edition,
            by=request.user,
            **_paper_args(edition=self.edition, data=data.validated_data),
        )
        paper = paper_get(edition=self.edition, pk=paper.pk)
        return Response(PaperOutput(paper).data, status=status.HTTP_201_CREATED)


class SubmissionDetailApi(PaperApiMixin, generics.GenericAPIView):
    serializer_class = PaperOutput

    @property
    def permission_required(self):
        return "papers.view_paper" if self.request.method == "GET" else "papers.change_paper"

    @extend_schema(summary="One submission (its authors and chairs)", tags=["papers"])
    def get(self, request, *args, **kwargs):
        return Response(PaperOutput(self.paper).data)

    @extend_schema(
        summary="Change a submission until the deadline (all fields, like the web form)",
        request=PaperInput,
        responses={200: PaperOutput},
        tags=["papers"],
    )
    def put(self, request, *args, **kwargs):
        data = PaperInput(data=request.data)
        data.is_valid(raise_exception=True)
        paper_update(
            paper=self.paper,
            by=request.user,
            **_paper_args(edition=self.edition, data=data.validated_data),
        )
        return Response(PaperOutput(paper_get(edition=self.edition, pk=self.paper.pk)).data)


class SubmissionWithdrawApi(PaperApiMixin, generics.GenericAPIView):
    permission_required = "papers.withdraw_paper"
    serializer_class = PaperOutput

    @extend_schema(
        summary="Withdraw a submission (a chair can restore it)",
        request=None,
        responses={200: PaperOutput},
        tags=["papers"],
    )
    def post(self, request, *args, **kwargs):
        paper_withdraw(paper=self.paper, by=request.user)
        return Response(PaperOutput(paper_get(edition=self.edition, pk=self.paper.pk)).data)


class SubmissionFilesApi(PaperApiMixin, generics.ListAPIView):
    serializer_class = PaperFileOutput
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    pagination_class = None

    @property
    def permission_required(self):
        return "papers.view_paper" if self.request.method == "GET" else "papers.change_paper"

    def get_queryset(self):
        return paper_versions(paper=self.paper).select_related("paper__edition")

    @extend_schema(summary="Every uploaded version, newest first per kind", tags=["papers"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Upload a new version (multipart); a refused file changes nothing",
        request={"multipart/form-data": UploadInput},
        responses={201: PaperFileOutput},
        tags=["papers"],
    )
    def post(self, request, *args, **kwargs):
        data = UploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = paper_file_upload(
            paper=self.paper,
            by=request.user,
            kind=data.validated_data["file_kind"],
            uploaded=data.validated_data["file"],
        )
        return Response(PaperFileOutput(version).data, status=status.HTTP_201_CREATED)
