"""REST API of reviewing: PC members' assignments, bids, reviews, discussion; chairs'
assignment runs. Same rules and services as the web pages."""

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from papers.access import (
    assignment_for_reviewer,
    paper_for_reviewer,
    proposal_for_chair,
    review_audience,
)
from papers.affinity import AffinityWeights
from papers.apis import EditionApiMixin
from papers.enums import FileKind
from papers.selectors import (
    assignment_list_for_reviewer,
    discussion_posts,
    paper_list_for_bidding,
    paper_reviewer_numbers,
    proposal_view,
    review_display,
    review_fields,
    review_get,
    review_list_for_paper,
)
from papers.selectors.submission import reviewer_download
from papers.serializers.review import (
    AssignmentOutput,
    AssignmentRunInput,
    BidInput,
    BidOutput,
    BidPaperOutput,
    CommitOutput,
    ErrorOutput,
    PostInput,
    PostOutput,
    ProposalOutput,
    ReviewInput,
    ReviewOutput,
    ReviewPaperDetailOutput,
    ReviewPaperOutput,
)
from papers.services import (
    assignment_run,
    bid_set,
    discussion_post_add,
    proposal_commit,
    review_deadline_for,
    review_save,
)


class PCApiMixin(EditionApiMixin):
    permission_required = "papers.view_pc_area"

    def get_assignment(self):
        return assignment_for_reviewer(
            user=self.request.user, edition=self.edition, pk=self.kwargs["pk"]
        )


class AssignmentListApi(PCApiMixin, APIView):
    @extend_schema(responses=AssignmentOutput(many=True), operation_id="review_assignments_list")
    def get(self, request, *args, **kwargs):
        assignments = assignment_list_for_reviewer(edition=self.edition, user=request.user)
        for a in assignments:
            a.due = review_deadline_for(assignment=a)
        return Response(AssignmentOutput(assignments, many=True).data)


class BidListApi(PCApiMixin, APIView):
    @extend_schema(responses=BidPaperOutput(many=True), operation_id="review_bids_list")
    def get(self, request, *args, **kwargs):
        papers = paper_list_for_bidding(edition=self.edition, user=request.user)
        return Response(BidPaperOutput(papers, many=True).data)

    @extend_schema(request=BidInput, responses=BidOutput, operation_id="review_bids_set")
    def post(self, request, *args, **kwargs):
        data = BidInput(data=request.data)
        data.is_valid(raise_exception=True)
        paper = paper_for_reviewer(
            user=request.user, edition=self.edition, pk=data.validated_data["paper"]
        )
        bid_set(paper=paper, user=request.user, value=data.validated_data["value"])
        return Response({"paper": paper.pk, "value": data.validated_data["value"]})


def _review_out(review):
    return ReviewOutput(review).data if review else None


class ReviewPaperApi(PCApiMixin, APIView):
    """An assigned paper, my review, and the others' reviews once mine is submitted."""

    @extend_schema(responses=ReviewPaperDetailOutput, operation_id="review_paper_retrieve")
    def get(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        paper = assignment.paper
        reviews = None
        if request.user.has_perm("papers.view_reviews", paper):
            fields = review_fields(edition=self.edition)
            numbers = paper_reviewer_numbers(paper=paper)
            audience = review_audience(user=request.user, paper=paper)
            reviews = [
                {
                    "reviewer_number": numbers.get(r.reviewer_id, 0),
                    "mine": r.reviewer_id == request.user.pk,
                    "fields": review_display(
                        review=r, fields=fields, audience=audience, viewer=request.user
                    ),
                }
                for r in review_list_for_paper(paper=paper)
            ]
        return Response(
            {
                "paper": ReviewPaperOutput(paper).data,
                "files": _reviewer_files(request, paper),
                "my_review": _review_out(review_get(paper=paper, reviewer=request.user)),
                "reviews": reviews,
            }
        )


def _reviewer_files(request, paper) -> dict:
    """Links to what the reviewer may download (papers.selectors.reviewer_download), or None."""
    links = {}
    for key, kind, name in [
        ("pdf", FileKind.PAPER, "api:papers:review-paper-pdf"),
        ("supplementary", FileKind.SUPPLEMENTARY, "api:papers:review-paper-supplementary"),
    ]:
        try:
            reviewer_download(paper=paper, kind=kind)
        except Http404:
            links[key] = None
        else:
            url = reverse(name, kwargs={"edition": paper.edition.slug, "pk": paper.pk})
            links[key] = request.build_absolute_uri(url)
    return links


class ReviewPaperPdfApi(PCApiMixin, APIView):
    """The assigned paper's PDF as reviewers get it: for double-blind types only the rebuilt,
    scanned copy (404 while it is held back)."""

    kind = FileKind.PAPER

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        operation_id="review_paper_pdf_retrieve",
    )
    def get(self, request, *args, **kwargs):
        field, name, content_type = reviewer_download(
            paper=self.get_assignment().paper, kind=self.kind
        )
        return FileResponse(
            field.open("rb"), as_attachment=True, filename=name, content_type=content_type
        )


class ReviewPaperSupplementaryApi(ReviewPaperPdfApi):
    """The supplementary material, only once its double-blind checks let reviewers have it."""

    kind = FileKind.SUPPLEMENTARY

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        operation_id="review_paper_supplementary_retrieve",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MyReviewApi(PCApiMixin, APIView):
    @extend_schema(responses=ReviewOutput, operation_id="review_mine_retrieve")
    def get(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        review = review_get(paper=assignment.paper, reviewer=request.user)
        if review is None:
            raise Http404
        return Response(ReviewOutput(review).data)

    @extend_schema(request=ReviewInput, responses=ReviewOutput, operation_id="review_mine_save")
    def put(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = review_save(
            assignment=assignment,
            scores=data.validated_data.get("scores", {}),
            texts=data.validated_data.get("texts", {}),
            submit=data.validated_data["submit"],
        )
        return Response(ReviewOutput(review).data)


class DiscussionApi(PCApiMixin, APIView):
    def _paper(self):
        paper = self.get_assignment().paper
        if not self.request.user.has_perm("papers.discuss_paper", paper):
            raise Http404
        return paper

    @extend_schema(responses=PostOutput(many=True), operation_id="review_discussion_list")
    def get(self, request, *args, **kwargs):
        paper = self._paper()
        numbers = paper_reviewer_numbers(paper=paper)
        return Response(
            PostOutput(
                [
                    {
                        "id": p.pk,
                        "who": "You"
                        if p.author_id == request.user.pk
                        else (
                            f"Reviewer {numbers[p.author_id]}"
                            if p.author_id in numbers
                            else "Chair"
                        ),
                        "body": p.body,
                        "created": p.created,
                    }
                    for p in discussion_posts(paper=paper)
                ],
                many=True,
            ).data
        )

    @extend_schema(request=PostInput, responses=PostOutput, operation_id="review_discussion_post")
    def post(self, request, *args, **kwargs):
        paper = self._paper()
        data = PostInput(data=request.data)
        data.is_valid(raise_exception=True)
        post = discussion_post_add(
            paper=paper, author=request.user, body=data.validated_data["body"]
        )
        return Response(
            PostOutput(
                {"id": post.pk, "who": "You", "body": post.body, "created": post.created}
            ).data,
            status=status.HTTP_201_CREATED,
        )


def _proposal_out(proposal, user) -> dict:
    """The proposal as the chair may see it (papers.selectors.proposal_view)."""
    view = proposal_view(proposal=proposal, user=user)
    return ProposalOutput(
        {
            "proposal": proposal,
            "summary": view["summary"],
            "pairs": [pair for _paper, pairs in view["by_paper"] for pair in pairs],
            "loads": [
                {"reviewer": reviewer.pk, **{k: row[k] for k in ("load", "new", "max_load")}}
                for reviewer, row in view["by_reviewer"]
            ],
        }
    ).data


class AssignmentRunApi(EditionApiMixin, APIView):
    """Run the solver and store a proposal; each pair says why it was chosen."""

    permission_required = "papers.manage_reviews"

    @extend_schema(
        request=AssignmentRunInput,
        responses={201: ProposalOutput, 400: ErrorOutput},
        operation_id="review_assignment_run",
        description="Infeasible constraints or nothing to assign: 400 with a message naming "
        "the papers and people concerned.",
    )
    def post(self, request, *args, **kwargs):
        data = AssignmentRunInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        proposal = assignment_run(
            edition=self.edition,
            by=request.user,
            reviewers_per_paper=d["reviewers_per_paper"],
            min_load=d["min_load"],
            max_load=d["max_load"],
            weights=AffinityWeights(
                bid=d["weight_bid"], topic=d["weight_topic"], text=d["weight_text"]
            ),
            fair=d["fair"],
        )
        return Response(_proposal_out(proposal, request.user), status=status.HTTP_201_CREATED)


class AssignmentProposalApi(EditionApiMixin, APIView):
    """One proposal with its explanations, kept and new pairs, and loads."""

    permission_required = "papers.manage_reviews"

    @extend_schema(
        responses={200: ProposalOutput, 404: ErrorOutput},
        operation_id="review_assignment_retrieve",
    )
    def get(self, request, *args, **kwargs):
        proposal = proposal_for_chair(
            user=request.user, edition=self.edition, pk=kwargs["proposal"]
        )
        return Response(_proposal_out(proposal, request.user))


class AssignmentCommitApi(EditionApiMixin, APIView):
    permission_required = "papers.manage_reviews"

    @extend_schema(
        request=None,
        responses={200: CommitOutput, 400: ErrorOutput, 404: ErrorOutput},
        operation_id="review_assignment_commit",
        description="A stale proposal (papers, committee or assignments changed since the "
        "run; a paper withdrawn or decided) or one already committed: 400, nothing written.",
    )
    def post(self, request, *args, **kwargs):
        proposal = proposal_for_chair(
            user=request.user, edition=self.edition, pk=kwargs["proposal"]
        )
        created = proposal_commit(proposal=proposal, by=request.user)
        return Response({"created": len(created)})
