"""The challenge API: public tracks and leaderboards, team registration and submissions,
the evaluator protocol (pending, artifact, results) and organizer operations.

Same permission names as the web views. Evaluators authenticate with a DRF token
(``Authorization: Token <key>``); the browser session works too.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from challenge.access import submission_for
from challenge.exceptions import ResultConflict
from challenge.forms import email_list_parse
from challenge.measure import SIZE_DEFINITION
from challenge.models import TeamMember
from challenge.ranking import tie_rules
from challenge.selectors import (
    baseline_list,
    challenge_get,
    challenge_upload_limit,
    evaluator_log_list,
    leaderboard_get,
    result_file_list,
    result_history,
    submission_history,
    submission_list,
    submission_list_for_team,
    submission_list_pending,
    submission_quota,
    team_for_user,
    team_get,
    team_list,
    track_get,
    track_list,
)
from challenge.serializers import (
    BaselineInput,
    BaselineOutput,
    ChallengeOutput,
    ClaimOutput,
    CorrectionInput,
    CorrectionOutput,
    CountedInput,
    CountedOutput,
    FinalInput,
    FinalOutput,
    HideInput,
    LeaderboardOutput,
    LeaderboardQuery,
    LogInput,
    LogOutput,
    MyTeamOutput,
    PendingOutput,
    RequeueInput,
    ResultFileInput,
    ResultFileOutput,
    ResultInput,
    ResultOutput,
    SubmissionDetailOutput,
    SubmissionInput,
    SubmissionOutput,
    TeamInvitedOutput,
    TeamInviteInput,
    TeamOutput,
    TeamRegisterInput,
    TeamRenameInput,
)
from challenge.services import (
    LOG_MAX_CHARS,
    RESULT_FILE_MAX_BYTES,
    baseline_add,
    evaluator_log_append,
    final_compute,
    final_correct,
    result_file_add,
    result_record,
    submission_claim,
    submission_count_choose,
    submission_create,
    submission_disqualify,
    submission_heartbeat,
    submission_hide,
    submission_reevaluate,
    submission_requeue,
    team_captain_transfer,
    team_leave,
    team_member_remove,
    team_members_invite,
    team_register,
    team_rename,
)
from challenge.uploads import artifact_limit_install
from challenge.views.team import ResultFileObjectMixin, artifact_response, result_file_response
from emc2.api import HasRulePermission
from emc2.selectors import edition_get


class RulePermission(HasRulePermission):
    """Like emc2's, but a signed-in caller without access to a private object gets a 404."""

    def has_permission(self, request, view) -> bool:
        allowed = super().has_permission(request, view)
        if not allowed and request.user.is_authenticated and getattr(view, "deny_as_404", False):
            raise NotFound
        return allowed


class ChallengeApi(APIView):
    permission_classes = [RulePermission]
    permission_required: str | None = "challenge.view_challenge"
    deny_as_404 = False

    def initial(self, request, *args, **kwargs):
        # Authentication first (DRF does it in initial), then the edition, then permissions.
        self.perform_authentication(request)
        edition = edition_get(slug=kwargs["edition"])
        if not request.user.has_perm("emc2.view_edition", edition):
            raise Http404
        self.edition = edition
        self.challenge = challenge_get(edition=edition)
        super().initial(request, *args, **kwargs)

    def get_permission_object(self):
        return self.challenge


class ChallengeDetailApi(ChallengeApi):
    permission_classes = [permissions.AllowAny, RulePermission]

    @extend_schema(summary="The challenge with its phases and tracks", responses=ChallengeOutput)
    def get(self, request, *args, **kwargs):
        tracks = track_list(challenge=self.challenge)
        return Response(ChallengeOutput(self.challenge, context={"tracks": tracks}).data)


def _row(r, rank, note=""):
    return {
        "rank": rank, "team": r.team_name, "submission": r.submission_id, "metric": r.metric,
        "size_bytes": r.size, "submitted_at": r.submitted_at, "note": note,
    }  # fmt: skip


def _page(items: list, page: int, size: int) -> list:
    return items[(page - 1) * size : page * size]


class LeaderboardApi(ChallengeApi):
    @extend_schema(
        summary="Both rankings of a track: final if published (or for organizers), else live",
        description=(
            "One row per team by default (the submission it chose to count, else its best);"
            " `all=true` ranks every submission. Ties share a rank; `tie_rules` states them."
            " The final board and everything in it comes from the frozen snapshot; organizers'"
            " later corrections are listed in `corrections`, the frozen rows never change."
            " Baselines are never ranked."
        ),
        parameters=[LeaderboardQuery],
        responses={
            200: LeaderboardOutput,
            400: OpenApiResponse(description="Bad page, page_size or all"),
            404: OpenApiResponse(description="Not published"),
        },
    )
    def get(self, request, *args, **kwargs):
        track = track_get(challenge=self.challenge, slug=kwargs["track"])
        query = LeaderboardQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        user = request.user
        final = self.challenge.is_frozen and user.has_perm(
            "challenge.view_final_leaderboard", self.challenge
        )
        if not final and not user.has_perm("challenge.view_live_leaderboard", self.challenge):
            raise NotFound("The leaderboard is not published.")
        page = leaderboard_get(track=track, final=final, live=not final, per_team=not q["all"])
        standings = page.main
        if standings is None:
            raise NotFound("No final board for this track.")
        board, n, size = standings.board, q["page"], q["page_size"]
        by_team = page.corrections_by_team()

        def ranked(x) -> dict:
            return _row(x.row, x.rank, "corrected after freeze" if x.row.team_id in by_team else "")

        ineligible = [(r, reason) for r, reason in board.over_size + board.under_metric]
        metric_name = track.metric_name
        rules = tie_rules(metric_name)
        data = {
            "track": track.slug,
            "kind": "final" if page.final else "live",
            "per_team": standings.per_team,
            "frozen_at": standings.frozen_at,
            "tie_rules": {"by_metric": rules[0], "by_size": rules[1]},
            "scored_submissions": standings.total,
            "page": n,
            "page_size": size,
            "counts": {
                "by_metric": len(board.by_metric),
                "by_size": len(board.by_size),
                "ineligible": len(ineligible),
            },
            "by_metric": [ranked(x) for x in _page(board.by_metric, n, size)],
            "by_size": [ranked(x) for x in _page(board.by_size, n, size)],
            "ineligible": [_row(r, None, reason) for r, reason in _page(ineligible, n, size)],
            "baselines": [
                {"name": b.name, "metric": b.metric, "size_bytes": b.size}
                for b in standings.baselines
            ],
            "corrections": page.corrections,
        }
        return Response(LeaderboardOutput(data).data)


class BaselineListApi(ChallengeApi):
    permission_required = "challenge.view_challenge"

    def get_permissions(self):
        if self.request.method == "POST":
            self.permission_required = "challenge.change_challenge"
        return super().get_permissions()

    @extend_schema(
        summary="Baselines of a track (organizers' reference rows, never ranked)",
        responses={200: BaselineOutput(many=True)},
    )
    def get(self, request, *args, **kwargs):
        track = track_get(challenge=self.challenge, slug=kwargs["track"])
        rows = [
            {"id": b.pk, "name": b.name, "metric": b.metric_value, "size_bytes": b.size_bytes}
            for b in baseline_list(track=track)
        ]
        return Response(BaselineOutput(rows, many=True).data)

    @extend_schema(
        summary="Add a baseline to a track (organizers)",
        request=BaselineInput,
        responses={201: BaselineOutput, 400: OpenApiResponse(description="Invalid values")},
    )
    def post(self, request, *args, **kwargs):
        track = track_get(challenge=self.challenge, slug=kwargs["track"])
        data = BaselineInput(data=request.data)
        data.is_valid(raise_exception=True)
        b = baseline_add(track=track, by=request.user, **data.validated_data)
        out = {"id": b.pk, "name": b.name, "metric": b.metric_value, "size_bytes": b.size_bytes}
        return Response(BaselineOutput(out).data, status=status.HTTP_201_CREATED)


class CountedApi(ChallengeApi):
    """The caller's team chooses its counted submission of a track."""

    permission_required = "challenge.choose_counted_submission"
    deny_as_404 = True

    def get_permission_object(self):
        self.team = team_for_user(challenge=self.challenge, user=self.request.user)
        return self.team

    @extend_schema(
        summary="Choose which of your team's submissions counts on a track (null: the best)",
        request=CountedInput,
        responses={
            200: CountedOutput,
            400: OpenApiResponse(description="Not your submission, wrong track, or frozen"),
            404: OpenApiResponse(description="You are not in a team"),
        },
    )
    def post(self, request, *args, **kwargs):
        data = CountedInput(data=request.data)
        data.is_valid(raise_exception=True)
        track = track_get(challenge=self.challenge, slug=data.validated_data["track"])
        pk = data.validated_data["submission"]
        submission = None
        if pk is not None:
            submission = submission_list_for_team(team=self.team).filter(pk=pk).first()
            if submission is None:
                raise ValidationError({"submission": ["Not a submission of your team."]})
        submission_count_choose(team=self.team, track=track, by=request.user, submission=submission)
        return Response(CountedOutput({"track": track.slug, "submission": pk}).data)


class CorrectionApi(ChallengeApi):
    permission_required = "challenge.change_challenge"
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        summary="Record a correction of a frozen final board (organizers); shown marked",
        request=CorrectionInput,
        responses={201: CorrectionOutput, 400: OpenApiResponse(description="Not frozen, etc.")},
    )
    def post(self, request, *args, **kwargs):
        track = track_get(challenge=self.challenge, slug=kwargs["track"])
        data = CorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        try:
            team = team_get(challenge=self.challenge, pk=fields.pop("team"))
        except Http404:
            raise ValidationError({"team": ["No such team."]}) from None
        correction = final_correct(track=track, team=team, by=request.user, **fields)
        return Response(CorrectionOutput(correction).data, status=status.HTTP_201_CREATED)


class TeamRegisterApi(ChallengeApi):
    permission_required = "challenge.register_team"

    @extend_schema(
        summary="Register a team (the caller is its first member)",
        request=TeamRegisterInput,
        responses={201: TeamOutput},
    )
    def post(self, request, *args, **kwargs):
        data = TeamRegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        team = team_register(challenge=self.challenge, by=request.user, **data.validated_data)
        return Response(TeamOutput(team).data, status=status.HTTP_201_CREATED)


class MyTeamApi(ChallengeApi):
    permission_required = "challenge.register_team"

    @extend_schema(
        summary="The caller's team with its quota and submissions",
        responses={200: MyTeamOutput, 404: OpenApiResponse(description="No team")},
    )
    def get(self, request, *args, **kwargs):
        return _my_team_response(challenge=self.challenge, user=request.user)


def _my_team_response(*, challenge, user) -> Response:
    """The caller's team with its quota and submissions; 404 when the caller has none."""
    team = team_for_user(challenge=challenge, user=user)
    if team is None:
        raise NotFound("You are not in a team of this challenge.")
    data = {
        "team": team,
        "quota": submission_quota(team=team),
        "submissions": submission_list_for_team(team=team),
    }
    return Response(MyTeamOutput(data).data)


class _MyTeamApi(ChallengeApi):
    """The caller's own team. Captain routes need ``challenge.manage_team`` (403 for other
    members); no team at all is a 404."""

    permission_required = "challenge.manage_team"

    def get_permission_object(self):
        self.team = team_for_user(challenge=self.challenge, user=self.request.user)
        if self.team is None and self.request.user.is_authenticated:
            raise NotFound("You are not in a team of this challenge.")
        return self.team

    def member(self, pk: int) -> TeamMember:
        member = self.team.members.filter(pk=pk).first()
        if member is None:
            raise NotFound("No such member in your team.")
        return member

    def team_out(self) -> Response:
        return _my_team_response(challenge=self.challenge, user=self.request.user)


class TeamInviteApi(_MyTeamApi):
    @extend_schema(
        summary="Invite members (captain): a comma-separated list; each address is checked",
        request=TeamInviteInput,
        responses={200: TeamInvitedOutput},
    )
    def post(self, request, *args, **kwargs):
        data = TeamInviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            emails = email_list_parse(data.validated_data["emails"])
        except DjangoValidationError as exc:
            raise ValidationError({"emails": exc.messages}) from None
        invited = team_members_invite(team=self.team, by=request.user, emails=emails)
        return Response(TeamInvitedOutput({"invited": invited}).data)


class TeamRenameApi(_MyTeamApi):
    @extend_schema(
        summary="Rename the team (captain)", request=TeamRenameInput, responses=MyTeamOutput
    )
    def post(self, request, *args, **kwargs):
        data = TeamRenameInput(data=request.data)
        data.is_valid(raise_exception=True)
        team_rename(team=self.team, by=request.user, name=data.validated_data["name"])
        return self.team_out()


class TeamMemberRemoveApi(_MyTeamApi):
    @extend_schema(
        summary="Remove a member or withdraw an invitation (captain)",
        request=None,
        responses=MyTeamOutput,
    )
    def post(self, request, *args, **kwargs):
        team_member_remove(team=self.team, by=request.user, member=self.member(kwargs["member"]))
        return self.team_out()


class TeamCaptainApi(_MyTeamApi):
    @extend_schema(
        summary="Hand the captain role to a confirmed member (captain)",
        request=None,
        responses=MyTeamOutput,
    )
    def post(self, request, *args, **kwargs):
        team_captain_transfer(team=self.team, by=request.user, member=self.member(kwargs["member"]))
        return self.team_out()


class TeamLeaveApi(_MyTeamApi):
    permission_required = "challenge.leave_team"

    @extend_schema(
        summary="Leave the team (any member but the captain)",
        request=None,
        responses={204: None},
    )
    def post(self, request, *args, **kwargs):
        team_leave(team=self.team, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SubmissionCreateApi(ChallengeApi):
    permission_required = "challenge.submit_entry"
    parser_classes = [MultiPartParser, FormParser]
    deny_as_404 = True

    def initial(self, request, *args, **kwargs):
        # Before anything reads the body (the session CSRF check in authentication does).
        limit = challenge_upload_limit(edition_slug=kwargs["edition"])
        artifact_limit_install(request._request, limit=limit)
        super().initial(request, *args, **kwargs)

    def get_permission_object(self):
        # No team: the permission is denied (404 when signed in, 403 when anonymous).
        self.team = team_for_user(challenge=self.challenge, user=self.request.user)
        return self.team

    @extend_schema(
        summary="Submit a model artifact to a track (multipart)",
        description=f"The artifact's size is then measured. {SIZE_DEFINITION}",
        request={"multipart/form-data": SubmissionInput},
        responses={201: SubmissionOutput},
    )
    def post(self, request, *args, **kwargs):
        body = request.data  # parsing the body sets the refusal of an oversized upload
        refused = getattr(request._request, "artifact_upload_refused", None)
        if refused:
            raise ValidationError({"artifact": [refused]})
        data = SubmissionInput(data=body)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["track"] = track_get(challenge=self.challenge, slug=fields["track"])
        submission = submission_create(team=self.team, by=request.user, **fields)
        return Response(SubmissionOutput(submission).data, status=status.HTTP_201_CREATED)


class TeamListApi(ChallengeApi):
    permission_required = "challenge.change_challenge"

    @extend_schema(summary="All teams (organizers)", responses=TeamOutput(many=True))
    def get(self, request, *args, **kwargs):
        return Response(TeamOutput(team_list(challenge=self.challenge), many=True).data)


class SubmissionListApi(ChallengeApi):
    permission_required = "challenge.change_challenge"

    @extend_schema(summary="All submissions (organizers)", responses=SubmissionOutput(many=True))
    def get(self, request, *args, **kwargs):
        qs = submission_list(challenge=self.challenge)
        return Response(SubmissionOutput(qs, many=True).data)


class PendingApi(ChallengeApi):
    permission_required = "challenge.evaluate_submission"

    @extend_schema(
        summary="Submissions waiting for an evaluator (measured, not yet scored)",
        responses=PendingOutput(many=True),
    )
    def get(self, request, *args, **kwargs):
        def url(sub):
            return request.build_absolute_uri(
                reverse(
                    "api:challenge:artifact",
                    kwargs={"edition": self.edition.slug, "pk": sub.pk},
                )
            )

        qs = submission_list_pending(challenge=self.challenge)
        return Response(PendingOutput(qs, many=True, context={"artifact_url": url}).data)


def _artifact_url(request, edition, sub) -> str:
    return request.build_absolute_uri(
        reverse("api:challenge:artifact", kwargs={"edition": edition.slug, "pk": sub.pk})
    )


def _lease_response(request, edition, sub, claim: int) -> Response:
    context = {"artifact_url": lambda s: _artifact_url(request, edition, s)}
    data = {"submission": sub, "lease_expires_at": sub.lease_expires_at, "claim": claim}
    return Response(ClaimOutput(data, context=context).data)


class ClaimApi(ChallengeApi):
    permission_required = "challenge.evaluate_submission"

    @extend_schema(
        summary="Claim the next submission to evaluate, with a lease (heartbeat to keep it)",
        request=None,
        responses={200: ClaimOutput, 204: OpenApiResponse(description="Nothing to evaluate")},
    )
    def post(self, request, *args, **kwargs):
        claimed = submission_claim(challenge=self.challenge, by=request.user)
        if claimed is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return _lease_response(request, self.edition, *claimed)


class SubmissionObjectApi(ChallengeApi):
    deny_as_404 = True

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None  # DRF answers 403 without looking the id up
        self.submission = submission_for(
            user=self.request.user,
            challenge=self.challenge,
            pk=self.kwargs["pk"],
            perm=self.permission_required,
        )
        return self.submission


class ArtifactApi(SubmissionObjectApi):
    permission_required = "challenge.download_artifact"

    @extend_schema(
        summary="Download a submission's artifact",
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")},
    )
    def get(self, request, *args, **kwargs):
        return artifact_response(self.submission)


class ResultsApi(SubmissionObjectApi):
    permission_required = "challenge.evaluate_submission"
    parser_classes = [JSONParser, FormParser]

    @extend_schema(summary="Result versions of a submission", responses=ResultOutput(many=True))
    def get(self, request, *args, **kwargs):
        return Response(ResultOutput(result_history(submission=self.submission), many=True).data)

    @extend_schema(
        summary="Post a result: same values again change nothing, new values add a version",
        request=ResultInput,
        responses={
            200: ResultOutput,
            201: ResultOutput,
            409: OpenApiResponse(description="Idempotency key reused with another result"),
        },
    )
    def post(self, request, *args, **kwargs):
        data = ResultInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result, created = result_record(
                submission=self.submission, by=request.user, **data.validated_data
            )
        except ResultConflict as exc:
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(ResultOutput(result).data, status=code)


class HeartbeatApi(SubmissionObjectApi):
    permission_required = "challenge.evaluate_submission"

    @extend_schema(
        summary="Extend the caller's lease on a claimed submission",
        request=None,
        responses={200: ClaimOutput},
    )
    def post(self, request, *args, **kwargs):
        sub = submission_heartbeat(submission=self.submission, by=request.user)
        claim = sub.events.filter(action="claim").order_by("-pk").values_list("pk", flat=True)
        return _lease_response(request, self.edition, sub, claim.first())


def _moderation(summary: str, service, input_class=RequeueInput, perm=None):
    """An organizer's action on one submission with a logged reason (same services as pages)."""

    class ModerationApi(SubmissionObjectApi):
        permission_required = perm or "challenge.moderate_submission"
        parser_classes = [JSONParser, FormParser, MultiPartParser]

        @extend_schema(
            summary=summary,
            request=input_class,
            responses={
                200: SubmissionOutput,
                400: OpenApiResponse(description="No reason, or not allowed in this state"),
            },
        )
        def post(self, request, *args, **kwargs):
            data = input_class(data=request.data)
            data.is_valid(raise_exception=True)
            submission = service(submission=self.submission, by=request.user, **data.validated_data)
            submission.refresh_from_db()
            return Response(SubmissionOutput(submission).data)

    ModerationApi.__name__ = ModerationApi.__qualname__ = f"{service.__name__.title()}Api"
    return ModerationApi


RequeueApi = _moderation(
    "Measure a submission again (organizers): stuck, failed or re-checked",
    submission_requeue,
    perm="challenge.requeue_submission",
)
ReevaluateApi = _moderation(
    "Send a measured submission back to the evaluators (organizers)", submission_reevaluate
)
DisqualifyApi = _moderation(
    "Disqualify a submission: never ranked, never evaluated again (organizers)",
    submission_disqualify,
)
HideApi = _moderation(
    "Hide a submission from the leaderboards, or show it again (organizers)",
    submission_hide,
    HideInput,
)


class SubmissionDetailApi(SubmissionObjectApi):
    permission_required = "challenge.view_submission"

    @extend_schema(
        summary="A submission with its state history and result versions (team, organizers)",
        responses=SubmissionDetailOutput,
    )
    def get(self, request, *args, **kwargs):
        sub = self.submission
        data = {
            "submission": sub,
            "history": submission_history(submission=sub),
            "results": result_history(submission=sub),
        }
        return Response(SubmissionDetailOutput(data).data)


class EvaluatorOutputApi(SubmissionObjectApi):
    """GET: who may see the output (the track's host setting for teams); POST: evaluators."""

    @property
    def permission_required(self):
        if self.request.method == "POST":
            return "challenge.evaluate_submission"
        return "challenge.view_evaluator_output"


class LogsApi(EvaluatorOutputApi):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def initial(self, request, *args, **kwargs):
        # Refuse a huge body before reading it (DRF's JSON parser reads it whole otherwise).
        length = request.META.get("CONTENT_LENGTH") or "0"
        if request.method == "POST" and (
            not length.isdigit() or int(length) > 4 * LOG_MAX_CHARS + 1024
        ):
            raise ValidationError(
                {"text": [f"A log post holds at most {LOG_MAX_CHARS:,} characters."]}
            )
        super().initial(request, *args, **kwargs)

    @extend_schema(summary="The evaluator logs of a submission", responses=LogOutput(many=True))
    def get(self, request, *args, **kwargs):
        return Response(LogOutput(evaluator_log_list(submission=self.submission), many=True).data)

    @extend_schema(
        summary=f"Append to a submission's evaluator log (at most {LOG_MAX_CHARS:,} characters"
        " a post)",
        request=LogInput,
        responses={201: LogOutput, 400: OpenApiResponse(description="Too long, or no output")},
    )
    def post(self, request, *args, **kwargs):
        data = LogInput(data=request.data)
        data.is_valid(raise_exception=True)
        log = evaluator_log_append(
            submission=self.submission, by=request.user, **data.validated_data
        )
        return Response(LogOutput(log).data, status=status.HTTP_201_CREATED)


def _file_url(request, edition, f) -> str:
    return request.build_absolute_uri(
        reverse(
            "api:challenge:result-file",
            kwargs={"edition": edition.slug, "pk": f.submission_id, "file": f.pk},
        )
    )


class ResultFilesApi(EvaluatorOutputApi):
    parser_classes = [MultiPartParser]

    def initial(self, request, *args, **kwargs):
        if request.method == "POST":
            artifact_limit_install(request._request, limit=RESULT_FILE_MAX_BYTES)
        super().initial(request, *args, **kwargs)

    def _context(self):
        return {"file_url": lambda f: _file_url(self.request, self.edition, f)}

    @extend_schema(
        summary="The result files of a submission", responses=ResultFileOutput(many=True)
    )
    def get(self, request, *args, **kwargs):
        files = result_file_list(submission=self.submission)
        return Response(ResultFileOutput(files, many=True, context=self._context()).data)

    @extend_schema(
        summary=f"Attach a result file (at most {RESULT_FILE_MAX_BYTES:,} bytes; multipart)",
        request={"multipart/form-data": ResultFileInput},
        responses={201: ResultFileOutput, 400: OpenApiResponse(description="Too large")},
    )
    def post(self, request, *args, **kwargs):
        body = request.data
        refused = getattr(request._request, "artifact_upload_refused", None)
        if refused:
            raise ValidationError({"file": [refused]})
        data = ResultFileInput(data=body)
        data.is_valid(raise_exception=True)
        f = result_file_add(
            submission=self.submission, by=request.user, upload=data.validated_data["file"]
        )
        return Response(
            ResultFileOutput(f, context=self._context()).data, status=status.HTTP_201_CREATED
        )


class ResultFileApi(ResultFileObjectMixin, ChallengeApi):
    @extend_schema(
        summary="Download a result file",
        responses={(200, "application/octet-stream"): OpenApiResponse(description="The file")},
    )
    def get(self, request, *args, **kwargs):
        return result_file_response(self.result_file)


class FinalApi(ChallengeApi):
    permission_required = "challenge.change_challenge"

    @extend_schema(
        summary="Compute and freeze the final leaderboards (organizers)",
        request=FinalInput,
        responses=FinalOutput,
    )
    def post(self, request, *args, **kwargs):
        data = FinalInput(data=request.data)
        data.is_valid(raise_exception=True)
        count = final_compute(challenge=self.challenge, by=request.user, **data.validated_data)
        return Response(
            FinalOutput(
                {"standings": count, "final_computed_at": self.challenge.final_computed_at}
            ).data
        )
