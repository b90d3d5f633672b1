"""Reads of assignment proposals for the chairs' page and API: pairs with their "why",
kept or new, each reviewer's load, and the fair run's cost next to the plain optimum."""

from __future__ import annotations

from papers.models import AssignmentProposal, ProposedPair
from papers.selectors.review import person_label


def proposal_pairs_for_chair(*, proposal: AssignmentProposal, user) -> list[ProposedPair]:
    """The proposal's pairs, without those of papers the chair may not handle (papers.access:
    they wrote them or are conflicted): those pairs name the paper's reviewers."""
    from papers.access import chair_conflicted_ids

    hidden = chair_conflicted_ids(user=user, edition=proposal.edition)
    return list(
        proposal.pairs.exclude(paper_id__in=hidden)
        .select_related("paper", "reviewer", "reviewer__person")
        .order_by("paper_id", "-affinity", "pk")
    )


def proposal_summary(*, proposal: AssignmentProposal) -> dict:
    """Objective and lowest paper total, with the plain optimum's for a fair run.

    ``cost`` (total affinity given up for fairness) and ``cost_share`` (of the plain optimum)
    are None for a plain run.
    """
    params = proposal.parameters or {}
    plain = params.get("plain_objective")
    cost = None if plain is None else plain - proposal.objective
    return {
        "fair": bool(params.get("fair")),
        "objective": proposal.objective,
        "lowest": params.get("lowest"),
        "plain_objective": plain,
        "plain_lowest": params.get("plain_lowest"),
        "lowest_bound": params.get("lowest_bound"),
        "proven": params.get("fair_proven"),
        "cost": cost,
        "cost_share": (cost / plain) if cost is not None and plain else None,
        "cost_percent": f"{100 * cost / plain:.4g}" if cost is not None and plain else None,
    }


def proposal_view(*, proposal: AssignmentProposal, user) -> dict:
    """Everything the chair's proposal page shows, in a fixed number of queries.

    ``by_paper``: [(paper, [pair, ...])]; ``by_reviewer``: [(reviewer, {"pairs", "load",
    "new", "max_load"})] by name; loads count only the pairs the chair may see, so a hidden
    paper's reviewers cannot be inferred from them.
    """
    pairs = proposal_pairs_for_chair(proposal=proposal, user=user)
    by_paper: dict = {}
    by_reviewer: dict = {}
    for pair in pairs:
        by_paper.setdefault(pair.paper, []).append(pair)
        row = by_reviewer.setdefault(
            pair.reviewer, {"pairs": [], "load": 0, "new": 0, "max_load": None}
        )
        row["pairs"].append(pair)
        row["load"] += 1
        row["new"] += 0 if pair.kept else 1
        row["max_load"] = (pair.explanation or {}).get("max_load", row["max_load"])
    return {
        "by_paper": list(by_paper.items()),
        "by_reviewer": sorted(
            by_reviewer.items(), key=lambda kv: (person_label(kv[0]).lower(), kv[0].pk)
        ),
        "summary": proposal_summary(proposal=proposal),
        "new_count": sum(1 for p in pairs if not p.kept),
        "kept_count": sum(1 for p in pairs if p.kept),
    }


def bid_table_for_chair(*, edition, user) -> list:
    """Papers under review with how many PC members bid each value (``bid_counts``, in
    BidValue order, and ``bid_total``), without the papers the chair may not handle. Two
    queries whatever the sizes."""
    from django.db.models import Count

    from papers.access import chair_conflicted_ids
    from papers.enums import REVIEWABLE, BidValue
    from papers.models import Bid, Paper

    hidden = chair_conflicted_ids(user=user, edition=edition)
    papers = list(
        Paper.objects.filter(edition=edition, status__in=REVIEWABLE)
        .exclude(pk__in=hidden)
        .order_by("pk")
    )
    counts: dict = {}
    for paper_id, value, n in (
        Bid.objects.filter(paper__in=[p.pk for p in papers])
        .values_list("paper_id", "value")
        .annotate(n=Count("pk"))
        .values_list("paper_id", "value", "n")
    ):
        counts[(paper_id, value)] = n
    for paper in papers:
        paper.bid_counts = [counts.get((paper.pk, v), 0) for v in BidValue.values]
        paper.bid_total = sum(paper.bid_counts)
    return papers
