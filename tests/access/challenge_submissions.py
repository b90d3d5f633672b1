"""Access rows of the submission lifecycle: history, moderation, evaluator logs and files.

Uses the world of ``tests/access/challenge.py`` (``author``'s team has ``world.submission``);
adds a log and a result file to it. Teams do not see evaluator output by default (the host's
setting), so ``author`` gets a 404 on those routes here; tests/challenge/test_lifecycle.py
covers the setting turned on.
"""

from django.core.files.base import ContentFile

from challenge.models import EvaluatorLog, ResultFile, SubmissionEvent
from challenge.models import Submission as ChallengeSubmission
from tests.access.table import NOT_FOUND, REDIRECT, Route, api_only, goes_to, only, tables

STAFF = ("chair", "challenge_organizer")


def build(world) -> None:
    world.log = EvaluatorLog.objects.create(submission=world.submission, text="epoch 1: ok")
    world.result_file = ResultFile.objects.create(
        submission=world.submission,
        file=ContentFile(b"label\n1\n", name="predictions.csv"),
        name="predictions.csv",
        size_bytes=8,
    )


sub = lambda w: {"edition": w.edition.slug, "pk": w.submission.pk}  # noqa: E731
fil = lambda w: {"edition": w.edition.slug, "pk": w.submission.pk, "file": w.result_file.pk}  # noqa: E731

STATE = tables(ChallengeSubmission, SubmissionEvent, EvaluatorLog, ResultFile)


def private(*allowed, ok=200, api=False):
    return (api_only if api else only)(*allowed, ok=ok, denied=NOT_FOUND)


def moderation(name, data, ok=200, note=""):
    return Route(
        name,
        private(*STAFF, ok=ok, api=True),
        sub,
        method="post",
        state=STATE,
        data=data,
        fresh_world_per_actor=True,
        changes=None if ok == 200 else frozenset(),
        note=note,
    )


ROUTES = [
    Route("challenge:team-result-file", private("evaluator", *STAFF), fil),
    Route(
        "challenge:organizer-submission-moderate",
        only(*STAFF, ok=REDIRECT),
        sub,
        method="post",
        state=STATE,
        data=lambda w: {"moderate-action": "hide", "moderate-reason": "access check"},
        location=goes_to("challenge:team-submission", sub),
        fresh_world_per_actor=True,
    ),
    Route("api:challenge:submission", private("author", *STAFF, api=True), sub),
    moderation(
        "api:challenge:reevaluate",
        lambda w: {"reason": "access check"},
        ok=400,
        note="the world's submission is queued already: refused with the reason",
    ),
    moderation("api:challenge:disqualify", lambda w: {"reason": "access check"}),
    moderation("api:challenge:hide", lambda w: {"reason": "access check"}),
    Route("api:challenge:logs", private("evaluator", *STAFF, api=True), sub),
    Route(
        "api:challenge:logs",
        private("evaluator", *STAFF, ok=201, api=True),
        sub,
        method="post",
        state=STATE,
        data=lambda w: {"text": "epoch 2: ok"},
        fresh_world_per_actor=True,
        note="post",
    ),
    Route("api:challenge:result-files", private("evaluator", *STAFF, api=True), sub),
    Route(
        "api:challenge:result-files",
        private("evaluator", *STAFF, ok=400, api=True),
        sub,
        method="post",
        state=STATE,
        changes=frozenset(),
        fresh_world_per_actor=True,
        note="post without a file: 400",
    ),
    Route("api:challenge:result-file", private("evaluator", *STAFF, api=True), fil),
]
