from django.views.generic import TemplateView

from challenge.charts import pareto_svg
from challenge.exporters import leaderboard_access
from challenge.measure import SIZE_DEFINITION
from challenge.selectors import (
    invitation_list_for_user,
    leaderboard_get,
    team_for_user,
    track_get,
    track_list,
)
from challenge.views.base import ChallengeMixin


class ChallengeView(ChallengeMixin, TemplateView):
    template_name = "challenge/public/challenge.html"
    permission_required = "challenge.view_challenge"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["tracks"] = track_list(challenge=self.challenge)
        ctx["team"] = team_for_user(challenge=self.challenge, user=user)
        ctx["invitations"] = invitation_list_for_user(challenge=self.challenge, user=user)
        ctx["size_definition"] = SIZE_DEFINITION
        return ctx


class LeaderboardAccess:
    def board_access(self) -> tuple[bool, bool]:
        return leaderboard_access(user=self.request.user, challenge=self.challenge)


class LeaderboardView(LeaderboardAccess, ChallengeMixin, TemplateView):
    template_name = "challenge/public/leaderboard.html"
    permission_required = "challenge.view_challenge"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        track = track_get(challenge=self.challenge, slug=self.kwargs["track"])
        final, live = self.board_access()
        ctx.update(track=track, show_final=final, show_live=live)
        if final or live:
            page = leaderboard_get(track=track, final=final)
            ctx["page"] = page
            ctx["chart"] = pareto_svg(track=track, rows=page.rows)
        return ctx
