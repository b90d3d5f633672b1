"""REST API of conflicts (authors, PC members, chairs) and PC invitations (chairs). Same rules,
selectors and services as the pages."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from papers.access import conflict_for_chair, paper_for_chair, paper_for_reviewer
from papers.apis import EditionApiMixin, PaperApiMixin
from papers.enums import ConflictSource
from papers.exceptions import PapersError
from papers.models import PCInvitation
from papers.selectors import (
    conflict_committee_for_authors,
    conflict_list_for_author,
    conflict_list_for_chair,
    conflict_list_for_reviewer,
    pc_invitation_list,
    submissions_open,
)
from papers.serializers.conflicts import (
    AuthorConflictInput,
    AuthorConflictsOutput,
    ChairConflictFilterInput,
    ChairConflictInput,
    ChairConflictOutput,
    ErrorOutput,
    InvitationInput,
    InvitationOutput,
    ReviewerConflictInput,
    ReviewerConflictOutput,
    WaiveInput,
)
from papers.services import (
    conflict_declare,
    conflict_remove,
    conflict_waive,
    paper_conflict_declare,
    parse_invitee_list,
    pc_invitation_resend,
    pc_invitation_revoke,
    pc_invite,
)

ERRORS = {
    400: OpenApiResponse(ErrorOutput, description="Refused: the message says why"),
    401: OpenApiResponse(ErrorOutput, description="Not signed in (no or a wrong token)"),
    403: OpenApiResponse(ErrorOutput, description="Not allowed"),
    404: OpenApiResponse(ErrorOutput, description="No such object (or not yours to see)"),
}


def _member(committee, pk: int):
    member = next((u for u in committee if u.pk == pk), None)
    if member is None:
        raise PapersError("Not a member of this edition's program committee.", field="member")
    return member


# --- authors -------------------------------------------------------------------------------


class AuthorConflictsApi(PaperApiMixin, APIView):
    """The conflicts the paper's authors declared, and the committee they pick from."""

    permission_required = "papers.change_paper"

    def _out(self):
        return AuthorConflictsOutput(
            {
                "editable": submissions_open(edition=self.edition),
                "committee": conflict_committee_for_authors(edition=self.edition),
                "conflicts": conflict_list_for_author(paper=self.paper),
            }
        ).data

    @extend_schema(
        responses={200: AuthorConflictsOutput, **ERRORS},
        operation_id="submission_conflicts_list",
        tags=["papers"],
    )
    def get(self, request, *args, **kwargs):
        return Response(self._out())

    @extend_schema(
        request=AuthorConflictInput,
        responses={201: AuthorConflictsOutput, **ERRORS},
        operation_id="submission_conflicts_declare",
        summary="Declare a conflict with a PC member (until the paper deadline)",
        tags=["papers"],
    )
    def post(self, request, *args, **kwargs):
        data = AuthorConflictInput(data=request.data)
        data.is_valid(raise_exception=True)
        committee = conflict_committee_for_authors(edition=self.edition)
        conflict_declare(
            paper=self.paper,
            user=_member(committee, data.validated_data["member"]),
            by=request.user,
            source=ConflictSource.AUTHOR,
            kind=data.validated_data["kind"],
        )
        return Response(self._out(), status=status.HTTP_201_CREATED)


class AuthorConflictApi(PaperApiMixin, APIView):
    permission_required = "papers.change_paper"

    @extend_schema(
        responses={204: None, **ERRORS},
        operation_id="submission_conflicts_remove",
        summary="Take back a conflict the authors declared (until the paper deadline)",
        tags=["papers"],
    )
    def delete(self, request, *args, **kwargs):
        committee = conflict_committee_for_authors(edition=self.edition)
        conflict_remove(
            paper=self.paper, user=_member(committee, kwargs["member"]), by=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- PC members ----------------------------------------------------------------------------


class ReviewerConflictsApi(EditionApiMixin, APIView):
    permission_required = "papers.view_pc_area"

    @extend_schema(
        responses={200: ReviewerConflictOutput(many=True), **ERRORS},
        operation_id="review_conflicts_list",
    )
    def get(self, request, *args, **kwargs):
        conflicts = conflict_list_for_reviewer(edition=self.edition, user=request.user)
        return Response(ReviewerConflictOutput(conflicts, many=True).data)

    @extend_schema(
        request=ReviewerConflictInput,
        responses={201: ReviewerConflictOutput, **ERRORS},
        operation_id="review_conflicts_declare",
        summary="Declare my conflict with a paper (it is hidden from me at once)",
    )
    def post(self, request, *args, **kwargs):
        data = ReviewerConflictInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        paper = paper_for_reviewer(user=request.user, edition=self.edition, pk=d["paper"])
        conflict = paper_conflict_declare(
            paper=paper, user=request.user, reason=d["reason"], kind=d["kind"]
        )
        return Response(ReviewerConflictOutput(conflict).data, status=status.HTTP_201_CREATED)


# --- chairs --------------------------------------------------------------------------------


class ChairConflictsApi(EditionApiMixin, APIView):
    permission_required = "papers.manage_reviews"

    @extend_schema(
        parameters=[ChairConflictFilterInput],
        responses={200: ChairConflictOutput(many=True), **ERRORS},
        operation_id="conflicts_list",
        summary="Every stored conflict of the papers I may handle, filtered",
    )
    def get(self, request, *args, **kwargs):
        filters = ChairConflictFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        committee = conflict_committee_for_authors(edition=self.edition)
        member = None
        if "member" in f:
            member = next((u for u in committee if u.pk == f["member"]), None)
            if member is None:
                return Response([])
        conflicts = conflict_list_for_chair(
            edition=self.edition,
            user=request.user,
            paper_id=f.get("paper"),
            member=member,
            kind=f.get("kind", ""),
            source=f.get("source", ""),
        )
        return Response(ChairConflictOutput(conflicts, many=True).data)

    @extend_schema(
        request=ChairConflictInput,
        responses={201: ChairConflictOutput, **ERRORS},
        operation_id="conflicts_add",
        summary="Add a conflict (lifts a waiver), with a reason for the log",
    )
    def post(self, request, *args, **kwargs):
        data = ChairConflictInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        paper = paper_for_chair(user=request.user, edition=self.edition, pk=d["paper"])
        committee = conflict_committee_for_authors(edition=self.edition)
        conflict = conflict_declare(
            paper=paper,
            user=_member(committee, d["member"]),
            by=request.user,
            source=ConflictSource.CHAIR,
            kind=d["kind"],
            reason=d["reason"],
        )
        return Response(ChairConflictOutput(conflict).data, status=status.HTTP_201_CREATED)


class ChairConflictWaiveApi(EditionApiMixin, APIView):
    permission_required = "papers.manage_reviews"

    @extend_schema(
        parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH)],
        request=WaiveInput,
        responses={200: ChairConflictOutput, **ERRORS},
        operation_id="conflicts_waive",
        summary="Waive a conflict, with a reason for the log (never an author's)",
    )
    def post(self, request, *args, **kwargs):
        data = WaiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        conflict = conflict_for_chair(user=request.user, edition=self.edition, pk=kwargs["pk"])
        conflict = conflict_waive(
            paper=conflict.paper,
            user=conflict.user,
            by=request.user,
            reason=data.validated_data["reason"],
        )
        return Response(ChairConflictOutput(conflict).data)


# --- PC invitations (chairs) ---------------------------------------------------------------


def _invitation(edition, pk) -> PCInvitation:
    from papers.access import PaperNotFound

    invitation = PCInvitation.objects.filter(edition=edition, pk=pk).first()
    if invitation is None:
        raise PaperNotFound("No such invitation.")
    return invitation


class InvitationListApi(EditionApiMixin, APIView):
    permission_required = "papers.manage_reviews"

    @extend_schema(
        responses={200: InvitationOutput(many=True), **ERRORS}, operation_id="invitations_list"
    )
    def get(self, request, *args, **kwargs):
        return Response(InvitationOutput(pc_invitation_list(edition=self.edition), many=True).data)

    @extend_schema(
        request=InvitationInput,
        responses={201: InvitationOutput(many=True), **ERRORS},
        operation_id="invitations_create",
        summary="Invite people (pending and accepted ones are skipped)",
    )
    def post(self, request, *args, **kwargs):
        data = InvitationInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitees = parse_invitee_list(data.validated_data["invitees"])
        sent = pc_invite(edition=self.edition, invitees=invitees, by=request.user)
        return Response(InvitationOutput(sent, many=True).data, status=status.HTTP_201_CREATED)


class InvitationResendApi(EditionApiMixin, APIView):
    permission_required = "papers.manage_reviews"

    @extend_schema(
        request=None,
        responses={200: InvitationOutput, **ERRORS},
        operation_id="invitations_resend",
        summary="Send a pending invitation again (a new link; older ones stop working)",
    )
    def post(self, request, *args, **kwargs):
        invitation = pc_invitation_resend(invitation=_invitation(self.edition, kwargs["pk"]))
        return Response(InvitationOutput(invitation).data)


class InvitationRevokeApi(EditionApiMixin, APIView):
    permission_required = "papers.manage_reviews"

    @extend_schema(
        request=None,
        responses={200: InvitationOutput, **ERRORS},
        operation_id="invitations_revoke",
        summary="Withdraw an invitation (its link then says so; an accepted one loses the role)",
    )
    def post(self, request, *args, **kwargs):
        invitation = pc_invitation_revoke(invitation=_invitation(self.edition, kwargs["pk"]))
        return Response(InvitationOutput(invitation).data)
