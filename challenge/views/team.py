from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.views import View
from django.views.generic import FormView, TemplateView

from challenge.access import invitation_for_user, result_file_for, submission_for, team_for
from challenge.enums import SubmissionStatus
from challenge.exceptions import ChallengeError
from challenge.forms import (
    CountedForm,
    ModerationForm,
    RequeueForm,
    SubmissionForm,
    TeamInviteForm,
    TeamRegisterForm,
    TeamRenameForm,
)
from challenge.measure import SIZE_DEFINITION
from challenge.models import TeamMember
from challenge.selectors import (
    counted_for_team,
    evaluator_log_list,
    result_file_list,
    result_history,
    submission_history,
    submission_list_for_team,
    submission_quota,
    team_for_user,
    track_list,
)
from challenge.services import (
    submission_count_choose,
    submission_create,
    team_captain_transfer,
    team_leave,
    team_member_confirm,
    team_member_remove,
    team_members_invite,
    team_register,
    team_rename,
)
from challenge.uploads import StreamedLimitMixin
from challenge.views.base import ChallengeMixin


class TeamRegisterView(ChallengeMixin, FormView):
    template_name = "challenge/team/register.html"
    form_class = TeamRegisterForm
    permission_required = "challenge.register_team"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["team"] = team_for_user(challenge=self.challenge, user=self.request.user)
        return ctx

    def form_valid(self, form):
        try:
            team = team_register(
                challenge=self.challenge, by=self.request.user, **form.cleaned_data
            )
        except ChallengeError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, f"Team {team.name} registered.")
        return redirect("challenge:team-detail", edition=self.edition.slug, pk=team.pk)


class TeamObjectMixin(ChallengeMixin):
    deny_as_404 = True

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None  # sent to sign in, whether the team exists or not
        self.team = team_for(
            user=self.request.user,
            challenge=self.challenge,
            pk=self.kwargs["pk"],
            perm=self.permission_required,
        )
        return self.team

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["team"] = self.team
        return ctx


class TeamView(TeamObjectMixin, TemplateView):
    template_name = "challenge/team/detail.html"
    permission_required = "challenge.view_team"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        submissions = list(submission_list_for_team(team=self.team))
        ctx["submissions"] = submissions
        ctx["quota"] = submission_quota(team=self.team)
        counted = counted_for_team(team=self.team)
        ctx["counted_tracks"] = [
            {
                "track": track,
                "chosen": counted.get(track.pk),
                "choices": [
                    s for s in submissions
                    if s.track_id == track.pk and s.status == SubmissionStatus.SCORED
                ],
            }
            for track in track_list(challenge=self.challenge)
        ]  # fmt: skip
        return ctx


class CountedView(TeamObjectMixin, View):
    """A member chooses which of the team's submissions counts on a track."""

    http_method_names = ["post"]
    permission_required = "challenge.choose_counted_submission"

    def post(self, request, *args, **kwargs):
        form = CountedForm(request.POST, team=self.team)
        if not form.is_valid():
            messages.error(request, "Choose one of your team's submissions on this track.")
        else:
            try:
                submission_count_choose(team=self.team, by=request.user, **form.cleaned_data)
            except ChallengeError as exc:
                messages.error(request, exc.message)
            else:
                chosen = form.cleaned_data["submission"]
                what = f"submission #{chosen.pk}" if chosen else "your best submission"
                messages.success(request, f"{form.cleaned_data['track'].name}: {what} counts.")
        return redirect("challenge:team-detail", edition=self.edition.slug, pk=self.team.pk)


class SubmitView(StreamedLimitMixin, TeamObjectMixin, FormView):
    template_name = "challenge/team/submit.html"
    form_class = SubmissionForm
    permission_required = "challenge.submit_entry"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "challenge": self.challenge}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["quota"] = submission_quota(team=self.team)
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        refused = getattr(request, "artifact_upload_refused", None)
        if refused:
            form.full_clean()
            form.errors["artifact"] = form.error_class([refused])
            return self.form_invalid(form)
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        try:
            submission = submission_create(
                team=self.team, by=self.request.user, **form.cleaned_data
            )
        except ChallengeError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, f"Submission #{submission.pk} received; measuring its size.")
        return redirect("challenge:team-detail", edition=self.edition.slug, pk=self.team.pk)


class SubmissionView(ChallengeMixin, TemplateView):
    """One submission: its state, the measured size with its per-tensor breakdown, results."""

    template_name = "challenge/team/submission.html"
    permission_required = "challenge.view_submission"
    deny_as_404 = True

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None  # sent to sign in, whether the submission exists or not
        self.submission = submission_for(
            user=self.request.user,
            challenge=self.challenge,
            pk=self.kwargs["pk"],
            perm="challenge.view_submission",
        )
        return self.submission

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        sub = self.submission
        ctx["submission"] = sub
        ctx["history"] = submission_history(submission=sub)
        ctx["results"] = result_history(submission=sub)
        ctx["size_definition"] = SIZE_DEFINITION
        if self.request.user.has_perm("challenge.view_evaluator_output", sub):
            ctx["logs"] = evaluator_log_list(submission=sub)
            ctx["result_files"] = result_file_list(submission=sub)
        ctx["requeue_form"] = RequeueForm(prefix="requeue")
        ctx["moderation_form"] = ModerationForm(prefix="moderate")
        return ctx


class TeamActionView(TeamObjectMixin, View):
    """A POST on the team that calls one service and returns to the team page with a message
    (or to ``done_url`` when the caller no longer sees the team)."""

    http_method_names = ["post"]
    permission_required = "challenge.manage_team"
    form_class = None

    def act(self, **fields) -> str:
        raise NotImplementedError

    def member(self) -> TeamMember:
        return get_object_or_404(TeamMember, pk=self.kwargs["member"], team=self.team)

    def done_url(self) -> str:
        return reverse("challenge:team-detail", args=[self.edition.slug, self.team.pk])

    def post(self, request, *args, **kwargs):
        fields = {}
        if self.form_class is not None:
            form = self.form_class(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, error)
                return redirect(self.done_url_on_error())
            fields = form.cleaned_data
        try:
            text = self.act(**fields)
        except ChallengeError as exc:
            messages.error(request, exc.message)
            return redirect(self.done_url_on_error())
        messages.success(request, text)
        return redirect(self.done_url())

    def done_url_on_error(self) -> str:
        return reverse("challenge:team-detail", args=[self.edition.slug, self.team.pk])


class TeamInviteView(TeamActionView):
    form_class = TeamInviteForm

    def act(self, *, emails):
        invited = team_members_invite(team=self.team, by=self.request.user, emails=emails)
        return f"Invited: {', '.join(invited)}." if invited else "Everyone is invited already."


class TeamMemberRemoveView(TeamActionView):
    def act(self):
        member = self.member()
        team_member_remove(team=self.team, by=self.request.user, member=member)
        return f"{member.email} is no longer in the team."


class TeamCaptainView(TeamActionView):
    def act(self):
        member = self.member()
        team_captain_transfer(team=self.team, by=self.request.user, member=member)
        return f"{member.email} is the team's captain now."


class TeamRenameView(TeamActionView):
    form_class = TeamRenameForm

    def act(self, *, name):
        team = team_rename(team=self.team, by=self.request.user, name=name)
        return f"The team is called {team.name} now."


class TeamLeaveView(TeamActionView):
    permission_required = "challenge.leave_team"

    def act(self):
        team_leave(team=self.team, by=self.request.user)
        return f"You left team {self.team.name}."

    def done_url(self) -> str:
        return reverse("challenge:public-challenge", args=[self.edition.slug])


class InvitationConfirmView(ChallengeMixin, View):
    http_method_names = ["post"]
    permission_required = "challenge.register_team"

    def post(self, request, *args, **kwargs):
        member = invitation_for_user(user=request.user, challenge=self.challenge, pk=kwargs["pk"])
        try:
            team_member_confirm(member=member, user=request.user)
        except ChallengeError as exc:
            messages.error(request, exc.message)
            return redirect("challenge:public-challenge", edition=self.edition.slug)
        messages.success(request, f"You joined team {member.team.name}.")
        return redirect("challenge:team-detail", edition=self.edition.slug, pk=member.team_id)


class ArtifactDownloadView(ChallengeMixin, View):
    permission_required = "challenge.download_artifact"
    deny_as_404 = True

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None
        self.submission = submission_for(
            user=self.request.user,
            challenge=self.challenge,
            pk=self.kwargs["pk"],
            perm=self.permission_required,
        )
        return self.submission

    def get(self, request, *args, **kwargs):
        return artifact_response(self.submission)


class ResultFileObjectMixin:
    """Finds ``self.result_file`` through the access layer (page and API alike)."""

    permission_required = "challenge.view_evaluator_output"
    deny_as_404 = True

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None
        self.result_file = result_file_for(
            user=self.request.user,
            challenge=self.challenge,
            submission_pk=self.kwargs["pk"],
            pk=self.kwargs["file"],
        )
        return self.result_file.submission


class ResultFileDownloadView(ResultFileObjectMixin, ChallengeMixin, View):
    def get(self, request, *args, **kwargs):
        return result_file_response(self.result_file)


def result_file_response(result_file) -> FileResponse:
    # Through the storage API (no .path): works for any storage backend.
    name = get_valid_filename(result_file.name.rsplit("/", 1)[-1]) or "result.bin"
    return FileResponse(
        result_file.file.open("rb"),
        as_attachment=True,
        filename=f"{result_file.submission_id}-{name}",
    )


def artifact_response(submission) -> FileResponse:
    name = get_valid_filename(submission.artifact_name.rsplit("/", 1)[-1]) or "artifact.bin"
    return FileResponse(
        submission.artifact.open("rb"), as_attachment=True, filename=f"{submission.pk}-{name}"
    )
