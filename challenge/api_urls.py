"""API routes of challenge, mounted under /api/."""

from django.urls import path

from challenge import apis

app_name = "challenge"
P = "editions/<slug:edition>/challenge/"
urlpatterns = [
    path(P, apis.ChallengeDetailApi.as_view(), name="challenge-detail"),
    path(P + "tracks/<slug:track>/leaderboard/", apis.LeaderboardApi.as_view(), name="leaderboard"),
    path(P + "tracks/<slug:track>/baselines/", apis.BaselineListApi.as_view(), name="baselines"),
    path(
        P + "tracks/<slug:track>/corrections/",
        apis.CorrectionApi.as_view(),
        name="final-corrections",
    ),
    path(P + "team/counted/", apis.CountedApi.as_view(), name="team-counted"),
    path(P + "teams/", apis.TeamListApi.as_view(), name="team-list"),
    path(P + "teams/register/", apis.TeamRegisterApi.as_view(), name="team-register"),
    path(P + "team/", apis.MyTeamApi.as_view(), name="team-mine"),
    path(P + "team/invite/", apis.TeamInviteApi.as_view(), name="team-invite"),
    path(P + "team/rename/", apis.TeamRenameApi.as_view(), name="team-rename"),
    path(P + "team/leave/", apis.TeamLeaveApi.as_view(), name="team-leave"),
    path(
        P + "team/members/<int:member>/remove/",
        apis.TeamMemberRemoveApi.as_view(),
        name="team-member-remove",
    ),
    path(
        P + "team/members/<int:member>/captain/",
        apis.TeamCaptainApi.as_view(),
        name="team-captain",
    ),
    path(P + "submissions/", apis.SubmissionListApi.as_view(), name="submission-list"),
    path(P + "submissions/new/", apis.SubmissionCreateApi.as_view(), name="submission-create"),
    path(P + "evaluator/pending/", apis.PendingApi.as_view(), name="evaluator-pending"),
    path(P + "submissions/<int:pk>/artifact/", apis.ArtifactApi.as_view(), name="artifact"),
    path(P + "submissions/<int:pk>/results/", apis.ResultsApi.as_view(), name="results"),
    path(P + "evaluator/claim/", apis.ClaimApi.as_view(), name="evaluator-claim"),
    path(P + "submissions/<int:pk>/heartbeat/", apis.HeartbeatApi.as_view(), name="heartbeat"),
    path(P + "submissions/<int:pk>/requeue/", apis.RequeueApi.as_view(), name="requeue"),
    path(P + "submissions/<int:pk>/", apis.SubmissionDetailApi.as_view(), name="submission"),
    path(P + "submissions/<int:pk>/reevaluate/", apis.ReevaluateApi.as_view(), name="reevaluate"),
    path(P + "submissions/<int:pk>/disqualify/", apis.DisqualifyApi.as_view(), name="disqualify"),
    path(P + "submissions/<int:pk>/hide/", apis.HideApi.as_view(), name="hide"),
    path(P + "submissions/<int:pk>/logs/", apis.LogsApi.as_view(), name="logs"),
    path(P + "submissions/<int:pk>/files/", apis.ResultFilesApi.as_view(), name="result-files"),
    path(
        P + "submissions/<int:pk>/files/<int:file>/",
        apis.ResultFileApi.as_view(),
        name="result-file",
    ),
    path(P + "final/", apis.FinalApi.as_view(), name="final"),
]
