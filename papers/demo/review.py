"""Demo data of the review half: a committee, profiles, bids, an assignment and reviews for
the 2027-demo edition. Idempotent: running it twice changes nothing."""

import datetime as dt

from django.contrib.auth import get_user_model

from emc2.enums import AOE, DateKey
from emc2.models import Edition, ImportantDate
from papers.models import Bid, BidValue, Review, ReviewAssignment, ReviewerProfile
from papers.selectors import (
    decidable_papers,
    paper_is_decided,
    paper_list_for_assignment,
    pc_member_users,
)
from papers.services import assignment_run, pc_member_add, review_save

# (name, e-mail, affiliation, expertise)
COMMITTEE = [
    (
        "Morgan Reviewer",
        "reviewer@emc2.example",
        "Demo University",
        "Quantization and low-precision arithmetic for neural network inference on edge devices.",
    ),
    (
        "Priya Natarajan",
        "priya.pc@emc2.example",
        "Lakeside Institute of Technology",
        "Pruning and sparsity in large language models; structured sparsity on GPUs.",
    ),
    (
        "Tomasz Wierzbicki",
        "tomasz.pc@emc2.example",
        "Northern Computing Lab",
        "Hardware accelerators, dataflow architectures and energy measurement of DNN training.",
    ),
    (
        "Lucía Ferreira",
        "lucia.pc@emc2.example",
        "Atlantic AI Research",
        "Knowledge distillation, efficient transformers and neural architecture search.",
    ),
]

REVIEW_DUE = dt.datetime(2027, 5, 21, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-12)))
WRITTEN_AT = dt.datetime(2027, 5, 10, 12, 0, tzinfo=dt.UTC)
BID_CYCLE = [BidValue.EAGER, BidValue.WILLING, BidValue.PINCH, "", BidValue.NOT_WILLING]
OVERALL_CYCLE = [2, 1, -1, 3, 0, -2]


def load_review_demo(*, stdout) -> None:
    edition = Edition.objects.filter(slug="2027-demo").first()
    if edition is None:
        return
    User = get_user_model()
    ImportantDate.objects.update_or_create(
        edition=edition,
        key=DateKey.REVIEW,
        defaults={"name": "Reviews due", "at": REVIEW_DUE, "time_zone": AOE},
    )
    for name, email, affiliation, expertise in COMMITTEE:
        role = pc_member_add(edition=edition, name=name, email=email, affiliation=affiliation)
        person = role.person
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None)
            user.set_unusable_password()
            user.save()
        if person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
        profile, _ = ReviewerProfile.objects.update_or_create(
            edition=edition, user=person.user, defaults={"expertise": expertise}
        )
        profile.topics.set(edition.topics.order_by("order", "pk")[: 2 + len(name) % 3])

    # Bids on every paper under review, decided ones too: a second run sees the same papers.
    papers = list(decidable_papers(edition=edition).order_by("pk"))
    members = list(pc_member_users(edition=edition))
    for i, paper in enumerate(papers):
        for j, user in enumerate(members):
            value = BID_CYCLE[(i + j) % len(BID_CYCLE)]
            if value:
                Bid.objects.update_or_create(paper=paper, user=user, defaults={"value": value})

    papers = list(paper_list_for_assignment(edition=edition))
    if papers and not ReviewAssignment.objects.filter(paper__edition=edition).exists():
        k = min(2, len(members))
        proposal = assignment_run(edition=edition, by=None, reviewers_per_paper=k)
        for pair in proposal.pairs.all():
            ReviewAssignment.objects.get_or_create(
                paper_id=pair.paper_id,
                reviewer_id=pair.reviewer_id,
                defaults={"affinity": pair.affinity, "notified_at": WRITTEN_AT},
            )
        proposal.committed_at = WRITTEN_AT
        proposal.save(update_fields=["committed_at"])

    # About two thirds of the assignments have a submitted review; the rest are missing.
    assignments = ReviewAssignment.objects.filter(paper__edition=edition).select_related(
        "paper", "paper__edition", "reviewer"
    )
    written = 0
    for n, assignment in enumerate(assignments.order_by("pk")):
        if (
            n % 3 == 2
            or paper_is_decided(paper=assignment.paper)
            or Review.objects.filter(paper=assignment.paper, reviewer=assignment.reviewer).exists()
        ):
            continue
        overall = OVERALL_CYCLE[n % len(OVERALL_CYCLE)]
        review_save(
            assignment=assignment,
            scores={"overall": overall, "confidence": 3 + n % 3, "relevance": 4},
            texts={
                "summary": f"The paper “{assignment.paper.title}” studies an efficiency idea "
                "and reports measurements on standard benchmarks.",
                "strengths": "A clear question and honest energy measurements.",
                "weaknesses": "The baselines could be stronger; please add variance over seeds.",
            },
            submit=True,
            now=WRITTEN_AT,
        )
        written += 1
    stdout.write(
        f"papers: committee of {len(members)}, {assignments.count()} assignments, "
        f"{written} new reviews in {edition.slug}"
    )
