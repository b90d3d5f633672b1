"""REST API of decisions: chairs record (one, in bulk), preview and send notifications and
follow their progress; authors read their decision after release. Same rules as the web."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from papers.access import paper_for_chair, paper_for_decider, papers_for_decider
from papers.apis import EditionApiMixin, PaperApiMixin
from papers.exceptions import PapersError
from papers.selectors import (
    decision_for_author,
    decision_list_for_chair,
    notification_render,
    notification_run_get,
    papers_settings_get,
)
from papers.serializers.decision import (
    AuthorDecisionOutput,
    BulkDecisionInput,
    ChairDecisionOutput,
    DecisionInput,
    NotificationPreviewOutput,
    NotificationRunOutput,
    PreviewQuery,
)
from papers.services import decision_record, decisions_record_bulk, notifications_start


class ChairDecisionListApi(EditionApiMixin, generics.GenericAPIView):
    permission_required = "papers.decide_paper"
    serializer_class = ChairDecisionOutput
    pagination_class = None

    def _list(self):
        sort = self.request.query_params.get("sort", "id")
        papers = decision_list_for_chair(edition=self.edition, sort=sort, user=self.request.user)
        return ChairDecisionOutput(papers, many=True).data

    @extend_schema(
        summary="Decidable papers with their decisions and review scores (chairs)",
        parameters=[OpenApiParameter("sort", str, enum=["id", "score", "title", "decision"])],
        responses={200: ChairDecisionOutput(many=True)},
        tags=["decisions"],
    )
    def get(self, request, *args, **kwargs):
        return Response(self._list())

    @extend_schema(
        summary="Record one decision for several papers, all or none (chairs)",
        request=BulkDecisionInput,
        responses={200: ChairDecisionOutput(many=True)},
        tags=["decisions"],
    )
    def post(self, request, *args, **kwargs):
        data = BulkDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        allowed = set(
            papers_for_decider(user=request.user, edition=self.edition).values_list("pk", flat=True)
        )
        refused = sorted(set(data.validated_data["papers"]) - allowed)
        if refused:
            # The service's words for a missing paper: forbidden and missing look the same.
            raise PapersError(
                "These papers cannot be decided (withdrawn, a draft, or not in this edition): "
                + ", ".join(f"#{pk}" for pk in refused),
                field="papers",
            )
        decisions_record_bulk(
            edition=self.edition,
            by=request.user,
            paper_ids=data.validated_data["papers"],
            decision=data.validated_data["decision"],
        )
        return Response(self._list())


class ChairDecisionApi(EditionApiMixin, generics.GenericAPIView):
    permission_required = "papers.decide_paper"
    serializer_class = ChairDecisionOutput

    @extend_schema(
        summary="Record the decision on one paper (chairs)",
        request=DecisionInput,
        responses={200: ChairDecisionOutput},
        tags=["decisions"],
    )
    def put(self, request, *args, **kwargs):
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        paper = paper_for_decider(user=request.user, edition=self.edition, pk=kwargs["pk"])
        pending = decision_record(
            paper=paper, by=request.user, decision=data.validated_data["decision"]
        )
        row = next(
            p
            for p in decision_list_for_chair(edition=self.edition, user=request.user)
            if p.pk == pending.paper_id
        )
        return Response(ChairDecisionOutput(row).data)


class NotificationPreviewApi(EditionApiMixin, generics.GenericAPIView):
    permission_required = "papers.notify_authors"
    serializer_class = NotificationPreviewOutput

    @extend_schema(
        summary="The decision e-mail a paper's authors would get (chairs)",
        parameters=[
            OpenApiParameter("paper", int, required=True),
            OpenApiParameter("decision", str, description="Default: the recorded decision."),
        ],
        tags=["decisions"],
    )
    def get(self, request, *args, **kwargs):
        query = PreviewQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        paper = paper_for_chair(
            user=request.user, edition=self.edition, pk=query.validated_data["paper"]
        )
        decision = query.validated_data.get("decision") or getattr(
            getattr(paper, "pending", None), "decision", ""
        )
        if decision not in papers_settings_get(edition=self.edition).enabled_decisions:
            raise PapersError("Choose a decision this edition uses.", field="decision")
        return Response(
            NotificationPreviewOutput(notification_render(paper=paper, decision=decision)).data
        )


class NotificationStartApi(EditionApiMixin, generics.GenericAPIView):
    permission_required = "papers.notify_authors"
    serializer_class = NotificationRunOutput

    @extend_schema(
        summary="Send the decision e-mails not sent yet; releases the decisions (chairs)",
        request=None,
        responses={201: NotificationRunOutput},
        tags=["decisions"],
    )
    def post(self, request, *args, **kwargs):
        run = notifications_start(edition=self.edition, by=request.user)
        run.refresh_from_db()
        return Response(NotificationRunOutput(run).data, status=status.HTTP_201_CREATED)


class NotificationRunApi(EditionApiMixin, generics.GenericAPIView):
    permission_required = "papers.notify_authors"
    serializer_class = NotificationRunOutput

    @extend_schema(summary="Progress of a notification run (chairs)", tags=["decisions"])
    def get(self, request, *args, **kwargs):
        run = notification_run_get(edition=self.edition, pk=kwargs["run"])
        return Response(NotificationRunOutput(run).data)


class AuthorDecisionApi(PaperApiMixin, generics.GenericAPIView):
    """404 before the release (and for anyone who is not an author or chair)."""

    permission_required = "papers.view_decision"
    serializer_class = AuthorDecisionOutput

    def check_permissions(self, request):
        super().check_permissions(request)
        if decision_for_author(paper=self.paper) is None:
            raise Http404

    @extend_schema(
        summary="The released decision and the to-author parts of the reviews",
        tags=["decisions"],
    )
    def get(self, request, *args, **kwargs):
        outcome = decision_for_author(paper=self.paper)
        return Response(AuthorDecisionOutput(outcome).data)
