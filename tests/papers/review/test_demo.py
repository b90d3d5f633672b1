"""The demo edition gains a committee, bids, an assignment and reviews, idempotently."""

import io

import pytest
from django.core.management import call_command

from papers.models import Bid, Review, ReviewAssignment, ReviewStatus
from papers.selectors import conflicted_pairs, pc_member_users, review_scores

pytestmark = pytest.mark.django_db


def test_demo_review_data_is_consistent_and_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    from emc2.models import Edition

    demo = Edition.objects.get(slug="2027-demo")
    counts = (
        ReviewAssignment.objects.filter(paper__edition=demo).count(),
        Review.objects.filter(paper__edition=demo, status=ReviewStatus.SUBMITTED).count(),
        Bid.objects.filter(paper__edition=demo).count(),
    )
    call_command("load_demo", stdout=io.StringIO())

    assert counts == (
        ReviewAssignment.objects.filter(paper__edition=demo).count(),
        Review.objects.filter(paper__edition=demo, status=ReviewStatus.SUBMITTED).count(),
        Bid.objects.filter(paper__edition=demo).count(),
    )
    assert pc_member_users(edition=demo).filter(email="reviewer@emc2.example").count() == 1
    assert counts[0] > 0 and 0 < counts[1] < counts[0]
    assigned = set(
        ReviewAssignment.objects.filter(paper__edition=demo).values_list("paper_id", "reviewer_id")
    )
    assert assigned & conflicted_pairs(edition=demo) == set()
    assert any(s["mean_overall"] is not None for s in review_scores(edition=demo).values())
