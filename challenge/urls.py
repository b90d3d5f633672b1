"""Web routes of challenge, mounted under /<edition>/."""

from django.urls import path

from challenge.views import organizer, public, team
from emc2.views.exports import ExportView

app_name = "challenge"
urlpatterns = [
    path("challenge/", public.ChallengeView.as_view(), name="public-challenge"),
    path(
        "challenge/tracks/<slug:track>/",
        public.LeaderboardView.as_view(),
        name="public-leaderboard",
    ),
    path(
        "challenge/tracks/<slug:track>/leaderboard.csv",
        ExportView.as_view(identifier="challenge.leaderboard_csv"),
        name="public-leaderboard-csv",
    ),
    path("challenge/register/", team.TeamRegisterView.as_view(), name="team-register"),
    path("challenge/teams/<int:pk>/", team.TeamView.as_view(), name="team-detail"),
    path("challenge/teams/<int:pk>/submit/", team.SubmitView.as_view(), name="team-submit"),
    path(
        "challenge/invitations/<int:pk>/confirm/",
        team.InvitationConfirmView.as_view(),
        name="team-invitation-confirm",
    ),
    path("challenge/submissions/<int:pk>/", team.SubmissionView.as_view(), name="team-submission"),
    path(
        "challenge/submissions/<int:pk>/artifact/",
        team.ArtifactDownloadView.as_view(),
        name="team-artifact",
    ),
    path(
        "challenge/submissions/<int:pk>/files/<int:file>/",
        team.ResultFileDownloadView.as_view(),
        name="team-result-file",
    ),
    path("challenge/manage/", organizer.OrganizerHomeView.as_view(), name="organizer-home"),
    path("challenge/manage/tracks/", organizer.TracksView.as_view(), name="organizer-tracks"),
    path("challenge/manage/teams/", organizer.TeamsView.as_view(), name="organizer-teams"),
    path(
        "challenge/manage/teams/<int:pk>/decide/",
        organizer.TeamDecideView.as_view(),
        name="organizer-team-decide",
    ),
    path(
        "challenge/manage/submissions/",
        organizer.SubmissionsView.as_view(),
        name="organizer-submissions",
    ),
    path(
        "challenge/manage/submissions/<int:pk>/requeue/",
        organizer.SubmissionRequeueView.as_view(),
        name="organizer-submission-requeue",
    ),
    path(
        "challenge/manage/submissions/<int:pk>/moderate/",
        organizer.SubmissionModerateView.as_view(),
        name="organizer-submission-moderate",
    ),
    path(
        "challenge/manage/tracks/<slug:track>/board/",
        organizer.BoardView.as_view(),
        name="organizer-board",
    ),
    path(
        "challenge/manage/tracks/<slug:track>/baselines/<int:pk>/delete/",
        organizer.BaselineDeleteView.as_view(),
        name="organizer-baseline-delete",
    ),
    path("challenge/teams/<int:pk>/invite/", team.TeamInviteView.as_view(), name="team-invite"),
    path("challenge/teams/<int:pk>/rename/", team.TeamRenameView.as_view(), name="team-rename"),
    path("challenge/teams/<int:pk>/leave/", team.TeamLeaveView.as_view(), name="team-leave"),
    path(
        "challenge/teams/<int:pk>/members/<int:member>/remove/",
        team.TeamMemberRemoveView.as_view(),
        name="team-member-remove",
    ),
    path(
        "challenge/teams/<int:pk>/members/<int:member>/captain/",
        team.TeamCaptainView.as_view(),
        name="team-captain",
    ),
    path("challenge/teams/<int:pk>/counted/", team.CountedView.as_view(), name="team-counted"),
    path("challenge/manage/final/", organizer.FinalComputeView.as_view(), name="organizer-final"),
]
