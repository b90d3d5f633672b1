from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict
from django.views.generic import TemplateView

from challenge.exporters import leaderboard_access
from challenge.measure import SIZE_DEFINITION
from challenge.ranking import tie_rules
from challenge.selectors import (
    PAGE_SIZE,
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


@dataclass
class Pager:
    """One page of a list on the leaderboard; each list pages on its own query parameter."""

    items: list
    number: int
    pages: int
    total: int
    param: str
    query: QueryDict

    def _url(self, number: int) -> str:
        query = self.query.copy()
        query[self.param] = str(number)
        return f"?{query.urlencode()}"

    @property
    def previous_url(self) -> str:
        return self._url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self._url(self.number + 1) if self.number < self.pages else ""


def pager(request, param: str, items: list) -> Pager:
    paginator = Paginator(items, PAGE_SIZE)
    page = paginator.get_page(request.GET.get(param))
    return Pager(
        items=list(page.object_list), number=page.number, pages=paginator.num_pages,
        total=paginator.count, param=param, query=request.GET,
    )  # fmt: skip


class LeaderboardView(LeaderboardAccess, ChallengeMixin, TemplateView):
    """Best per team by default (``?all=1``: every submission), each list paginated. Once the
    final board is public, its rankings, "not ranked" lists and chart all come from the frozen
    snapshot; organizers also see the live rankings."""

    template_name = "challenge/public/leaderboard.html"
    permission_required = "challenge.view_challenge"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        track = track_get(challenge=self.challenge, slug=self.kwargs["track"])
        final, live = self.board_access()
        per_team = self.request.GET.get("all") != "1"
        ctx.update(track=track, show_final=final, show_live=live, per_team=per_team)
        ctx["tie_rules"] = tie_rules(track.metric_name)
        if final or live:
            page = leaderboard_get(track=track, final=final, live=live, per_team=per_team)
            ctx["page"] = page
            main = page.main
            if main is not None:
                r = self.request
                ctx["corrections"] = page.corrections_by_team()
                ctx["over"] = pager(r, "over", main.board.over_size)
                ctx["under"] = pager(r, "under", main.board.under_metric)
                if page.final:
                    ctx["final_metric"] = pager(r, "metric", page.final.board.by_metric)
                    ctx["final_size"] = pager(r, "size", page.final.board.by_size)
                if page.live:
                    ctx["live_metric"] = pager(r, "metric", page.live.board.by_metric)
                    ctx["live_size"] = pager(r, "size", page.live.board.by_size)
        return ctx
