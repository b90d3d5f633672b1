"""A review world: a double-blind paper by authors with distinctive strings, PC members
(assigned, unassigned, conflicted), the review deadline."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emc2.enums import AOE, DateKey, RoleKind
from emc2.models import ImportantDate
from papers.models import ReviewAssignment
from papers.services import paper_create
from tests.factories.emc2 import TopicFactory, user_with_role
from tests.factories.papers import SubmissionTypeFactory, make_pdf

# 2030-11-01 23:59 AoE == 2030-11-02 11:59 UTC.
REVIEW_DEADLINE = dt.datetime(2030, 11, 1, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-12)))
BEFORE = REVIEW_DEADLINE - dt.timedelta(seconds=1)
AFTER = REVIEW_DEADLINE + dt.timedelta(seconds=1)

# Strings that must never reach a reviewer of a double-blind paper.
AUTHOR_STRINGS = [
    "Zebulon Quillfeather",
    "Quillfeather Institute of Sparsity",
    "Xanthippe Morrowgale",
    "xanthippe@morrowgale.org",
    "Morrowgale Lab",
    "Quillfeather",
    "Morrowgale",
]


def submit_paper(
    edition,
    by,
    *,
    title="Sparse adapters for tiny devices",
    submission_type=None,
    coauthor=("Xanthippe Morrowgale", "xanthippe@morrowgale.org", "Morrowgale Lab"),
):
    """A submitted paper by ``by`` and ``coauthor`` (name, e-mail, affiliation): a paper with
    the same co-author makes its authors co-authors of this one's (an automatic conflict)."""
    submission_type = submission_type or SubmissionTypeFactory(edition=edition)
    topic = TopicFactory(edition=edition, name=f"Sparsity {title[:10]}")
    return paper_create(
        edition=edition,
        by=by,
        title=title,
        abstract="We prune adapters to save energy on small devices.",
        submission_type=submission_type,
        topics=[topic],
        authors=[
            {
                "name": "Zebulon Quillfeather",
                "email": by.email,
                "affiliation": "Quillfeather Institute of Sparsity",
                "is_contact": True,
            },
            {"name": coauthor[0], "email": coauthor[1], "affiliation": coauthor[2]},
        ],
        pdf=SimpleUploadedFile(
            "Quillfeather-paper.pdf",
            make_pdf(pages=2, author="Zebulon Quillfeather", creator="Morrowgale Lab TeX"),
            "application/pdf",
        ),
    )


@pytest.fixture
def rw(edition, actors, django_capture_on_commit_callbacks):
    """The review world. ``reviewer`` (= actors["pc_member"]) and ``second`` are assigned to
    ``paper``; ``conflicted`` shares the second author's e-mail domain; ``idle`` is an
    unassigned PC member."""
    author = actors["author"]
    with django_capture_on_commit_callbacks(execute=True):
        paper = submit_paper(edition, author)
    reviewer = actors["pc_member"]
    second = user_with_role(edition, RoleKind.PC_MEMBER, email="second@example.org")
    conflicted = user_with_role(edition, RoleKind.PC_MEMBER, email="colleague@morrowgale.org")
    idle = user_with_role(edition, RoleKind.PC_MEMBER, email="idle@example.org")
    for user in (reviewer, second):
        ReviewAssignment.objects.create(paper=paper, reviewer=user)
    ImportantDate.objects.create(
        edition=edition, key=DateKey.REVIEW, name="Reviews due", at=REVIEW_DEADLINE, time_zone=AOE
    )
    return SimpleNamespace(
        edition=edition,
        paper=paper,
        author=author,
        reviewer=reviewer,
        second=second,
        conflicted=conflicted,
        idle=idle,
        chair=actors["chair"],
        actors=actors,
    )


def fresh(user):
    """The same user without per-request permission caches."""
    return type(user).objects.get(pk=user.pk)


GOOD_REVIEW = {
    "scores": {"overall": 2, "confidence": 4, "relevance": 5},
    "texts": {"summary": "Prunes adapters.", "strengths": "Clear.", "weaknesses": "Small data."},
}


# A co-author unrelated to the review world's paper (no co-author conflict through it).
SOLO = ("Ilse Wendeborn", "ilse@wendeborn-research.net", "Wendeborn Research")
