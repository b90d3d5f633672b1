"""Demo data: the 2019 model compression challenge (three tracks, a dozen teams, results).

Track targets follow the 2019 challenge page (3.5 / 6.2 / 2.1 MB with a 5% size budget; 70%
top-1, 26% mAP, 70% mIoU with a 5% budget). Teams and results are invented. Also an open
challenge in 2027-demo, so the evaluator client has something to evaluate. Idempotent.
"""

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token

from challenge.enums import MemberStatus, SizeMethod, SubmissionStatus, TeamStatus
from challenge.models import Challenge, Submission, Team, TeamMember, Track
from challenge.services import final_compute, result_record
from emc2.models import Edition, User

DESCRIPTION = """Compress a vision model as far as it goes, in one of three tracks. Each track is
ranked twice: the best metric among models that fit the size target, and the smallest model that
still reaches the metric target. Models outside a target range are listed but not ranked; final
scores are computed after submissions close."""

RULES = """* One team per participant; teams may submit to any or all tracks.
* Submit a TensorFlow or PyTorch model (ONNX and safetensors are measured exactly).
* Sizes count bytes, 1 MB = 10^6 bytes.
* The organizers' evaluation is final."""

TRACKS = [
    # slug, name, task, dataset, metric, cap bytes, target
    ("imagenet", "ImageNet classification", "Image classification", "ImageNet 2012",
     "top-1 accuracy (%)", 3_500_000, "70"),
    ("coco", "COCO object detection", "Object detection", "COCO 2017", "mAP (%)", 6_200_000,
     "26"),
    ("pascal", "PASCAL segmentation", "Semantic segmentation", "PASCAL VOC 2012", "mIoU (%)",
     2_100_000, "70"),
]  # fmt: skip

TEAMS = [
    ("Tiny Tensors", "Example University"), ("Prune Juice", "North Lab"),
    ("Quant Quartet", "Edge Devices Inc."), ("Sparse Sparrows", "Institute of Compute"),
    ("Bit Shifters", "South Polytechnic"), ("Low Rankers", "Lakeside College"),
    ("Distillery", "Mountain AI"), ("Int8 Inc", "Harbor Research"),
    ("Pico Nets", "City University"), ("Lean Layers", "Valley Labs"),
    ("Zero Skippers", "River Institute"), ("Half Precision", "Coast University"),
]  # fmt: skip

# (team index, track slug, metric, size bytes): some over the size cap, some under the target.
RESULTS = [
    (0, "imagenet", 71.2, 3_480_000), (1, "imagenet", 72.4, 3_675_000),
    (2, "imagenet", 73.9, 3_900_000), (3, "imagenet", 69.1, 2_950_000),
    (4, "imagenet", 66.5, 2_400_000), (5, "imagenet", 64.0, 1_900_000),
    (6, "imagenet", 70.8, 3_300_000), (0, "imagenet", 71.9, 3_600_000),
    (7, "coco", 27.3, 6_100_000), (8, "coco", 25.1, 5_200_000), (9, "coco", 24.0, 4_100_000),
    (2, "coco", 28.0, 6_600_000), (10, "coco", 26.4, 6_510_000),
    (11, "pascal", 71.5, 2_050_000), (3, "pascal", 68.2, 1_600_000),
    (5, "pascal", 63.0, 1_200_000), (9, "pascal", 72.8, 2_300_000),
]  # fmt: skip


# The track the reference evaluator (tools/evaluator/emc2_evaluator.py) really evaluates: a
# demo, not a task of any real challenge. Its data set ships with scikit-learn.
DIGITS_DEMO = {
    "name": "Digits demo track (demo only)",
    "task": "Demo: handwritten digit classification",
    "dataset": "scikit-learn digits (load_digits), 30% held out, seed 0",
    "metric_name": "accuracy (fraction)",
    "higher_is_better": True,
    "size_cap_bytes": 10_000,
    "size_tolerance": Decimal(0),
    "metric_target": Decimal("0.9"),
    "metric_tolerance": Decimal(0),
    "metric_min": 0.0,
    "metric_max": 1.0,
    "logs_visible_to_teams": True,
    "order": 100,
}


def digits_demo_track(challenge: Challenge) -> Track:
    track, _ = Track.objects.update_or_create(
        challenge=challenge, slug="digits-demo", defaults=DIGITS_DEMO
    )
    return track


def _at(y, m, d, tz):
    return dt.datetime(y, m, d, 23, 59, tzinfo=zoneinfo.ZoneInfo(tz))


def _tracks(challenge: Challenge) -> dict[str, Track]:
    tracks = {}
    for order, (slug, name, task, dataset, metric, cap, target) in enumerate(TRACKS):
        tracks[slug], _ = Track.objects.update_or_create(
            challenge=challenge,
            slug=slug,
            defaults={
                "name": name, "task": task, "dataset": dataset, "metric_name": metric,
                "higher_is_better": True, "size_cap_bytes": cap, "size_tolerance": Decimal(5),
                "size_tolerance_kind": "relative", "metric_target": Decimal(target),
                "metric_tolerance": Decimal(5), "metric_tolerance_kind": "relative",
                "order": order,
            },
        )  # fmt: skip
    return tracks


def _challenge(edition: Edition, **phases) -> Challenge:
    challenge, _ = Challenge.objects.update_or_create(
        edition=edition,
        defaults={
            "title": "EMC2 Model Compression Challenge",
            "description": DESCRIPTION,
            "rules_text": RULES,
            "frameworks": ["TensorFlow", "PyTorch", "ONNX"],
            "daily_quota": 3,
            "total_quota": 20,
            "byte_unit": "decimal",
            "leaderboard_public": True,
            **phases,
        },
    )
    challenge.edition = edition
    return challenge


def _submission(team, track, *, name, submitted_at, size) -> Submission:
    submission = Submission.objects.filter(team=team, artifact_name=name).first()
    if submission is None:
        submission = Submission(
            team=team,
            track=track,
            artifact_name=name,
            framework="PyTorch",
            submitted_at=submitted_at,
            status=SubmissionStatus.QUEUED,
            measured_size_bytes=size,
            size_method=SizeMethod.EVALUATOR,  # the 2019 sizes were reported, not measured
            description="Demo submission.",
        )
        submission.artifact.save(name, ContentFile(b"demo artifact\n"), save=False)
        submission.save()
    return submission


def load(*, stdout) -> None:
    evaluator = User.objects.get(email="evaluator@emc2.example")
    organizer = User.objects.get(email="challenge@emc2.example")
    tz = "America/Vancouver"

    edition = Edition.objects.get(slug="2019-neurips")
    challenge = _challenge(
        edition,
        registration_opens_at=_at(2019, 8, 1, tz),
        registration_closes_at=_at(2019, 10, 31, tz),
        submission_opens_at=_at(2019, 8, 15, tz),
        submission_closes_at=_at(2019, 11, 15, tz),
        results_published_at=_at(2019, 12, 1, tz),
    )
    tracks = _tracks(challenge)
    teams = []
    for i, (name, affiliation) in enumerate(TEAMS):
        team, _ = Team.objects.update_or_create(
            challenge=challenge,
            name=name,
            defaults={
                "affiliation": affiliation,
                "status": TeamStatus.APPROVED,
                "rules_accepted_at": _at(2019, 8, 20, tz),
            },
        )
        TeamMember.objects.get_or_create(
            team=team,
            email=f"team{i + 1}@emc2.example",
            defaults={"challenge": challenge, "status": MemberStatus.INVITED},
        )
        teams.append(team)
    for n, (team_i, slug, metric, size) in enumerate(RESULTS):
        sub = _submission(
            teams[team_i],
            tracks[slug],
            name=f"{slug}-{team_i + 1}-{n}.onnx",
            submitted_at=_at(2019, 10, 1 + n, tz),
            size=size,
        )
        result_record(submission=sub, by=evaluator, metric_value=metric, size_bytes=size)
    if not challenge.is_frozen:
        final_compute(challenge=challenge, by=organizer, now=_at(2019, 11, 20, tz))

    # An open challenge to try registration, submission and the evaluator client.
    demo = Edition.objects.filter(slug="2027-demo").first()
    if demo is not None:
        open_challenge = _challenge(
            demo,
            registration_opens_at=_at(2026, 1, 1, tz),
            registration_closes_at=_at(2027, 10, 1, tz),
            submission_opens_at=_at(2026, 1, 1, tz),
            submission_closes_at=_at(2027, 11, 1, tz),
            results_published_at=_at(2027, 12, 1, tz),
        )
        _tracks(open_challenge)
        digits_demo_track(open_challenge)

    token, _ = Token.objects.get_or_create(user=evaluator)
    stdout.write(
        f"challenge: {len(teams)} teams, {len(RESULTS)} results in 2019-neurips; "
        f"evaluator API token (evaluator@emc2.example): {token.key}"
    )
