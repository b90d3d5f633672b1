from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from challenge.charts import pareto_svg
from challenge.exporters import leaderboard_csv
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
    """Which boards the user may see: the frozen final one, the live one, or neither."""

    def board_access(self) -> tuple[bool, bool]:
        """Once the final board is public, only organizers still see the live one beside it."""
        user = self.request.user
        final = self.challenge.is_frozen and user.has_perm(
            "challenge.view_final_leaderboard", self.challenge
        )
        live = user.has_perm("challenge.view_live_leaderboard", self.challenge) and (
            not final or user.has_perm("challenge.change_challenge", self.challenge)
        )
        return final, live


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


class LeaderboardCsvView(LeaderboardAccess, ChallengeMixin, View):
    permission_required = "challenge.view_challenge"

    def get(self, request, *args, **kwargs):
        track = track_get(challenge=self.challenge, slug=kwargs["track"])
        final, live = self.board_access()
        if not (final or live):
            raise Http404("The leaderboard is not published.")
        page = leaderboard_get(track=track, final=final)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"{self.edition.slug}-{track.slug}-{'final' if final else 'live'}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write(leaderboard_csv(page=page, final=final))
        return response
