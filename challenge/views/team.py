from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.text import get_valid_filename
from django.views import View
from django.views.generic import FormView, TemplateView

from challenge.access import invitation_for_user, result_file_for, submission_for, team_for
from challenge.exceptions import ChallengeError
from challenge.forms import ModerationForm, RequeueForm, SubmissionForm, TeamRegisterForm
from challenge.measure import SIZE_DEFINITION
from challenge.selectors import (
    evaluator_log_list,
    result_file_list,
    result_history,
    submission_history,
    submission_list_for_team,
    submission_quota,
    team_for_user,
)
from challenge.services import submission_create, team_member_confirm, team_register
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
        ctx["submissions"] = submission_list_for_team(team=self.team)
        ctx["quota"] = submission_quota(team=self.team)
        return ctx


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
