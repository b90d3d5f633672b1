from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView, TemplateView

from challenge.access import submission_for, team_for_staff
from challenge.exceptions import ChallengeError
from challenge.forms import (
    BaselineForm,
    ChallengeForm,
    CorrectionForm,
    FinalComputeForm,
    ModerationForm,
    RequeueForm,
    TeamDecisionForm,
    TrackFormSet,
)
from challenge.models import Challenge
from challenge.selectors import (
    baseline_list,
    challenge_get_or_none,
    final_correction_list,
    submission_list_with_history,
    team_list,
    track_get,
    track_list,
)
from challenge.services import (
    baseline_add,
    baseline_delete,
    challenge_save,
    final_compute,
    final_correct,
    submission_disqualify,
    submission_hide,
    submission_reevaluate,
    submission_requeue,
    team_decide,
    track_formset_save,
)
from challenge.views.base import ChallengeMixin
from emc2.views.mixins import EditionMixin


class OrganizerHomeView(EditionMixin, FormView):
    """The challenge settings; saving the form the first time creates the challenge."""

    template_name = "challenge/organizer/home.html"
    form_class = ChallengeForm
    permission_required = "challenge.change_challenge"

    def get_form_kwargs(self):
        self.challenge = challenge_get_or_none(edition=self.edition)
        instance = self.challenge or Challenge(edition=self.edition)
        return {**super().get_form_kwargs(), "instance": instance, "edition": self.edition}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["challenge"] = self.challenge
        ctx["tracks"] = track_list(challenge=self.challenge) if self.challenge else []
        ctx["final_form"] = FinalComputeForm()
        return ctx

    def form_valid(self, form):
        fields = {k: form.cleaned_data[k] for k in [*form.Meta.fields, "frameworks"]}
        challenge_save(edition=self.edition, **fields)
        messages.success(self.request, "Challenge settings saved.")
        return redirect("challenge:organizer-home", edition=self.edition.slug)


class TracksView(ChallengeMixin, TemplateView):
    template_name = "challenge/organizer/tracks.html"
    permission_required = "challenge.change_challenge"

    def get_formset(self):
        return TrackFormSet(self.request.POST or None, instance=self.challenge)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("formset", self.get_formset())
        return ctx

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        track_formset_save(challenge=self.challenge, formset=formset)
        messages.success(request, "Tracks saved.")
        return redirect("challenge:organizer-tracks", edition=self.edition.slug)


class TeamsView(ChallengeMixin, TemplateView):
    template_name = "challenge/organizer/teams.html"
    permission_required = "challenge.change_challenge"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["teams"] = team_list(challenge=self.challenge)
        ctx["decision_form"] = TeamDecisionForm()
        return ctx


class TeamDecideView(ChallengeMixin, View):
    http_method_names = ["post"]
    permission_required = "challenge.change_challenge"

    def post(self, request, *args, **kwargs):
        team = team_for_staff(user=request.user, challenge=self.challenge, pk=kwargs["pk"])
        form = TeamDecisionForm(request.POST)
        if form.is_valid():
            team = team_decide(team=team, by=request.user, **form.cleaned_data)
            messages.success(request, f"{team.name}: {team.get_status_display()}.")
        else:
            messages.error(request, "Choose approve or reject.")
        return redirect("challenge:organizer-teams", edition=self.edition.slug)


class SubmissionsView(ChallengeMixin, TemplateView):
    template_name = "challenge/organizer/submissions.html"
    permission_required = "challenge.change_challenge"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["submissions"] = submission_list_with_history(challenge=self.challenge)[:500]
        return ctx


class SubmissionRequeueView(ChallengeMixin, View):
    http_method_names = ["post"]
    permission_required = "challenge.requeue_submission"

    def post(self, request, *args, **kwargs):
        submission = submission_for(
            user=request.user,
            challenge=self.challenge,
            pk=kwargs["pk"],
            perm="challenge.requeue_submission",
        )
        form = RequeueForm(request.POST, prefix="requeue")
        try:
            if not form.is_valid():
                raise ChallengeError("Give a reason; it is kept in the submission's history.")
            submission_requeue(
                submission=submission, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ChallengeError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Submission #{submission.pk} re-queued for measuring.")
        return redirect("challenge:team-submission", edition=self.edition.slug, pk=submission.pk)


MODERATION = {
    "reevaluate": (submission_reevaluate, {}, "sent back to the evaluators"),
    "disqualify": (submission_disqualify, {}, "disqualified"),
    "hide": (submission_hide, {"hidden": True}, "hidden from the leaderboards"),
    "unhide": (submission_hide, {"hidden": False}, "shown on the leaderboards again"),
}


class SubmissionModerateView(ChallengeMixin, View):
    """Re-evaluate, disqualify, hide or show again, with a reason kept in the history."""

    http_method_names = ["post"]
    permission_required = "challenge.moderate_submission"

    def post(self, request, *args, **kwargs):
        submission = submission_for(
            user=request.user,
            challenge=self.challenge,
            pk=kwargs["pk"],
            perm=self.permission_required,
        )
        form = ModerationForm(request.POST, prefix="moderate")
        try:
            if not form.is_valid():
                raise ChallengeError("Choose an action and give a reason.")
            service, extra, done = MODERATION[form.cleaned_data["action"]]
            service(
                submission=submission, by=request.user, reason=form.cleaned_data["reason"], **extra
            )
        except ChallengeError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Submission #{submission.pk} {done}.")
        return redirect("challenge:team-submission", edition=self.edition.slug, pk=submission.pk)


class FinalComputeView(ChallengeMixin, View):
    http_method_names = ["post"]
    permission_required = "challenge.change_challenge"

    def post(self, request, *args, **kwargs):
        form = FinalComputeForm(request.POST)
        form.is_valid()
        try:
            count = final_compute(
                challenge=self.challenge,
                by=request.user,
                recompute=form.cleaned_data.get("recompute", False),
            )
        except ChallengeError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Final leaderboard frozen ({count} standings).")
        return redirect("challenge:organizer-home", edition=self.edition.slug)


class BoardView(ChallengeMixin, TemplateView):
    """A track's baselines (add, delete) and, once frozen, corrections of the final board."""

    template_name = "challenge/organizer/board.html"
    permission_required = "challenge.change_challenge"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["track"] = track = track_get(challenge=self.challenge, slug=self.kwargs["track"])
        ctx["baselines"] = baseline_list(track=track)
        ctx["corrections"] = final_correction_list(track=track)
        ctx.setdefault("baseline_form", BaselineForm())
        ctx.setdefault("correction_form", CorrectionForm(challenge=self.challenge))
        return ctx

    def post(self, request, *args, **kwargs):
        track = track_get(challenge=self.challenge, slug=kwargs["track"])
        if "reason" in request.POST:
            form = CorrectionForm(request.POST, challenge=self.challenge)
            key, service = "correction_form", final_correct
        else:
            form = BaselineForm(request.POST)
            key, service = "baseline_form", baseline_add
        if form.is_valid():
            try:
                service(track=track, by=request.user, **form.cleaned_data)
            except ChallengeError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Saved.")
                return redirect(
                    "challenge:organizer-board", edition=self.edition.slug, track=track.slug
                )
        return self.render_to_response(self.get_context_data(**{key: form}))


class BaselineDeleteView(ChallengeMixin, View):
    http_method_names = ["post"]
    permission_required = "challenge.change_challenge"

    def post(self, request, *args, **kwargs):
        track = track_get(challenge=self.challenge, slug=kwargs["track"])
        baseline = get_object_or_404(baseline_list(track=track), pk=kwargs["pk"])
        baseline_delete(baseline=baseline, by=request.user)
        messages.success(request, f"Baseline {baseline.name} deleted.")
        return redirect("challenge:organizer-board", edition=self.edition.slug, track=track.slug)
