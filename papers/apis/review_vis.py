"""REST API of what reviews show to whom: the chairs' review form (fields, visibility, order),
the chairs' reading of a paper's reviews, bids and review history, and meta-reviews.

The same access layer as the pages: a chair conflicted with a paper (or its author) gets a 404
for it; answers come through papers.selectors.review_display with the caller's audience.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from emc2.api import HasRulePermission
from papers.access import (
    PaperNotFound,
    meta_review_for_user,
    paper_for_chair,
    paper_for_meta_review,
    review_audience,
)
from papers.apis import EditionApiMixin
from papers.models import ReviewField
from papers.selectors import (
    bid_list_for_paper,
    review_display,
    review_fields,
    review_history,
    review_list_for_paper,
)
from papers.serializers.review_vis import (
    ChairBidOutput,
    ChairReviewOutput,
    ErrorOutput,
    MetaReviewInput,
    MetaReviewOutput,
    ReviewFieldInput,
    ReviewFieldOutput,
    ReviewHistoryOutput,
)
from papers.services import (
    meta_review_save,
    review_field_create,
    review_field_delete,
    review_field_update,
    review_fields_ensure,
)

ERRORS = {
    400: OpenApiResponse(ErrorOutput, description="Invalid input: `detail` and field messages."),
    401: OpenApiResponse(ErrorOutput, description="No or an unknown token."),
    403: OpenApiResponse(ErrorOutput, description="Not allowed (e.g. a read-only token)."),
    404: OpenApiResponse(ErrorOutput, description="No such edition, paper or field for you."),
}
READ_ERRORS = {k: v for k, v in ERRORS.items() if k != 400}


class ChairReviewApiMixin(EditionApiMixin):
    permission_required = "papers.manage_reviews"

    def get_paper(self):
        return paper_for_chair(
            user=self.request.user, edition=self.edition, pk=self.kwargs["pk"], reviewable=True
        )


# --- the review form -----------------------------------------------------------------------


class ReviewFormApi(ChairReviewApiMixin, APIView):
    @extend_schema(
        summary="The edition's review form, in order (chairs)",
        responses={200: ReviewFieldOutput(many=True), **READ_ERRORS},
        tags=["review"],
        operation_id="review_form_list",
    )
    def get(self, request, *args, **kwargs):
        fields = review_fields_ensure(edition=self.edition)
        return Response(ReviewFieldOutput(fields, many=True).data)

    @extend_schema(
        summary="Add a question to the review form (chairs)",
        request=ReviewFieldInput,
        responses={201: ReviewFieldOutput, **ERRORS},
        tags=["review"],
        operation_id="review_form_create",
    )
    def post(self, request, *args, **kwargs):
        data = ReviewFieldInput(data=request.data)
        data.is_valid(raise_exception=True)
        field = review_field_create(edition=self.edition, data=data.validated_data)
        return Response(ReviewFieldOutput(field).data, status=status.HTTP_201_CREATED)


class ReviewFormFieldApi(ChairReviewApiMixin, APIView):
    def get_field(self) -> ReviewField:
        review_fields_ensure(edition=self.edition)
        field = ReviewField.objects.filter(edition=self.edition, pk=self.kwargs["field"]).first()
        if field is None:
            raise PaperNotFound("No such field.")
        return field

    @extend_schema(
        summary="One question of the review form (chairs)",
        responses={200: ReviewFieldOutput, **READ_ERRORS},
        tags=["review"],
        operation_id="review_form_field_retrieve",
    )
    def get(self, request, *args, **kwargs):
        return Response(ReviewFieldOutput(self.get_field()).data)

    @extend_schema(
        summary="Change a question: label, visibility, order... (chairs)",
        request=ReviewFieldInput(partial=True),
        responses={200: ReviewFieldOutput, **ERRORS},
        tags=["review"],
        operation_id="review_form_field_update",
    )
    def patch(self, request, *args, **kwargs):
        field = self.get_field()
        data = ReviewFieldInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        field = review_field_update(field=field, data=data.validated_data)
        return Response(ReviewFieldOutput(field).data)

    @extend_schema(
        summary="Remove a question (chairs; never the overall score)",
        request=None,
        responses={204: None, **ERRORS},
        tags=["review"],
        operation_id="review_form_field_delete",
    )
    def delete(self, request, *args, **kwargs):
        review_field_delete(field=self.get_field())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- reading as a chair --------------------------------------------------------------------


class ChairPaperReviewsApi(ChairReviewApiMixin, APIView):
    @extend_schema(
        summary="A paper's submitted reviews with their reviewers and every answer (chairs)",
        responses={200: ChairReviewOutput(many=True), **READ_ERRORS},
        tags=["review"],
        operation_id="review_chair_paper_reviews",
    )
    def get(self, request, *args, **kwargs):
        paper = self.get_paper()
        fields = review_fields(edition=self.edition)
        audience = review_audience(user=request.user, paper=paper)
        items = [
            {"review": r, "answers": review_display(review=r, fields=fields, audience=audience)}
            for r in review_list_for_paper(paper=paper)
        ]
        return Response(ChairReviewOutput(items, many=True).data)


class ChairPaperBidsApi(ChairReviewApiMixin, APIView):
    @extend_schema(
        summary="The PC members' bids on a paper (chairs)",
        responses={200: ChairBidOutput(many=True), **READ_ERRORS},
        tags=["review"],
        operation_id="review_chair_paper_bids",
    )
    def get(self, request, *args, **kwargs):
        return Response(ChairBidOutput(bid_list_for_paper(paper=self.get_paper()), many=True).data)


class ChairReviewHistoryApi(ChairReviewApiMixin, APIView):
    @extend_schema(
        summary="Every saved version of a paper's reviews, with what changed (chairs)",
        responses={200: ReviewHistoryOutput(many=True), **READ_ERRORS},
        tags=["review"],
        operation_id="review_chair_paper_history",
    )
    def get(self, request, *args, **kwargs):
        history = review_history(paper=self.get_paper())
        return Response(ReviewHistoryOutput(history, many=True).data)


# --- meta-reviews --------------------------------------------------------------------------


class MetaReviewApi(EditionApiMixin, APIView):
    """Chairs and the meta-reviewer write; who reads is ``papers.view_meta_review``: chairs,
    the paper's reviewers who submitted theirs, authors after the release if the chairs show
    meta-reviews to authors. Anyone else: 404."""

    permission_classes = [IsAuthenticated, HasRulePermission]

    def get_paper(self):
        return paper_for_meta_review(
            user=self.request.user, edition=self.edition, pk=self.kwargs["pk"]
        )

    @extend_schema(
        summary="A paper's meta-review, if you may read it",
        responses={200: MetaReviewOutput, **READ_ERRORS},
        tags=["review"],
        operation_id="review_meta_retrieve",
    )
    def get(self, request, *args, **kwargs):
        meta = meta_review_for_user(user=request.user, paper=self.get_paper())
        if meta is None:
            raise PaperNotFound("No meta-review.")
        return Response(MetaReviewOutput(meta).data)

    @extend_schema(
        summary="Write a paper's meta-review (chairs, the meta-reviewer)",
        request=MetaReviewInput,
        responses={200: MetaReviewOutput, **ERRORS},
        tags=["review"],
        operation_id="review_meta_save",
    )
    def put(self, request, *args, **kwargs):
        paper = self.get_paper()
        if not request.user.has_perm("papers.meta_review_paper", paper):
            raise PaperNotFound("No such paper.")
        data = MetaReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        meta = meta_review_save(paper=paper, author=request.user, **data.validated_data)
        return Response(MetaReviewOutput(meta).data)
