"""Demo data of the shared domain: the series, three editions, demo accounts.

Facts (titles, places, dates, topics, sponsors) follow the public pages of past editions;
all prose here is written for the demo. ``load`` is idempotent.
"""

import datetime as dt
import zoneinfo

from allauth.account.models import EmailAddress

from emc2.enums import AOE, DateKey, RoleKind
from emc2.models import Edition, ImportantDate, Person, Role, Series, Sponsor, Topic, User

DEMO_ACCOUNTS = {
    # key: (e-mail, password, name, affiliation)
    "chair": ("chair@emc2.example", "demo-chair-pass", "Dana Chair", "EMC2 Organizing Committee"),
    "reviewer": (
        "reviewer@emc2.example",
        "demo-review-pass",
        "Riley Reviewer",
        "Example University",
    ),
    "author": ("author@emc2.example", "demo-author-pass", "Alex Author", "Example Institute"),
    "challenge": ("challenge@emc2.example", "demo-challenge-pass", "Casey Organizer", "EMC2"),
    "evaluator": ("evaluator@emc2.example", "demo-evaluator-pass", "Eval Bot", "EMC2"),
}

TOPICS_2019 = [
    "Architectures for the edge: IoT, automotive, and mobile",
    "Approximation, quantization reduced precision computing",
    "Hardware/software techniques for sparsity",
    "Neural network architectures for resource constrained devices",
    "Neural network pruning, tuning and automatic architecture search",
    "Novel memory architectures for machine learning",
    "Communication/computation scheduling for better performance and energy",
    "Load balancing and efficient task distribution techniques",
    "Exploring the interplay between precision, performance, power and energy",
    "Exploration of new and efficient applications for machine learning",
    "Characterization of machine learning benchmarks and workloads",
    "Performance profiling and synthesis of workloads",
    "Simulation and emulation techniques, frameworks and platforms for machine learning",
    "Power, performance and area (PPA) based comparison of neural networks",
    "Verification, validation and determinism in neural networks",
    "Efficient on-device learning techniques",
    "Security, safety and privacy challenges and building secure AI systems",
]

TOPICS_2023 = [
    "Neural network architectures for resource constrained applications",
    "Efficient hardware designs to implement neural networks including sparsity, locality, "
    "and systolic designs",
    "Power and performance efficient memory architectures suited for neural networks",
    "Network reduction techniques – approximation, quantization, reduced precision, pruning, "
    "distillation, and reconfiguration",
    "Exploring interplay of precision, performance, power, and energy through benchmarks, "
    "workloads, and characterization",
    "Simulation and emulation techniques, frameworks, tools, and platforms for machine learning",
    "Optimizations to improve performance of training techniques including on-device and "
    "large-scale learning",
    "Load balancing and efficient task distribution, communication and computation overlapping "
    "for optimal performance",
    "Verification, validation, determinism, robustness, bias, safety, and privacy challenges "
    "in AI systems",
]

OBJECTIVE_2019 = """Machine learning is moving onto phones, cars and sensors, where every joule
counts. This workshop brings together people who make learning and inference cheaper in power,
energy and silicon area, from circuits up to algorithms, and gives industry and academia a place
to compare notes."""

CFP_2019 = """We welcome papers on energy-efficient machine learning across the stack:
hardware, compilers, systems and algorithms. Work in progress is welcome. Accepted papers are
presented as talks or posters."""

OBJECTIVE_2023 = """Large models bring new costs. This edition looks at how to train and serve
them efficiently: model compression, efficient hardware, systems software and the measurement
of what all of it really costs."""

CFP_2023 = """We invite full papers and work-in-progress reports on efficient machine learning.
Suggested topics are listed below; other topics on efficiency are welcome too."""

OBJECTIVE_DEMO = """An upcoming edition used to try the whole site: the call for papers is open,
so you can submit, review and build a program."""


def _aware(y, m, d, hh=23, mm=59, tz=AOE):
    return dt.datetime(y, m, d, hh, mm, tzinfo=zoneinfo.ZoneInfo(tz))


def _account(key: str) -> User:
    email, password, name, affiliation = DEMO_ACCOUNTS[key]
    first, _, last = name.partition(" ")
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    person, _ = Person.objects.get_or_create(
        email=email,
        defaults={"name": name, "affiliation": affiliation, "slug": name.lower().replace(" ", "-")},
    )
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    return user


def _edition(series: Series, *, slug: str, topics, dates, sponsors, **fields) -> Edition:
    edition, _ = Edition.objects.update_or_create(slug=slug, defaults={"series": series, **fields})
    for i, name in enumerate(topics):
        Topic.objects.update_or_create(edition=edition, name=name, defaults={"order": i})
    for i, (key, name, at, extended) in enumerate(dates):
        ImportantDate.objects.update_or_create(
            edition=edition,
            name=name,
            defaults={"key": key, "at": at, "extended_at": extended, "order": i},
        )
    for i, (name, tier, url) in enumerate(sponsors):
        Sponsor.objects.update_or_create(
            edition=edition, name=name, defaults={"tier": tier, "url": url, "order": i}
        )
    return edition


def _role(edition: Edition, user: User, kind: str, title: str = "") -> None:
    Role.objects.get_or_create(
        edition=edition, person=user.person, kind=kind, defaults={"title": title}
    )


def load(*, stdout) -> None:
    series, _ = Series.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Workshop on Energy Efficient Machine Learning and Cognitive Computing",
            "short_name": "EMC2",
            "description": "A workshop series on making machine learning cheaper to run, "
            "from chips to algorithms, co-located with major AI conferences.",
        },
    )
    users = {key: _account(key) for key in DEMO_ACCOUNTS}

    e2019 = _edition(
        series,
        slug="2019-neurips",
        number=5,
        title="The 5th Workshop on Energy Efficient Machine Learning and Cognitive Computing",
        conference="NeurIPS 2019 (33rd Conference on Neural Information Processing Systems)",
        city="Vancouver BC, Canada",
        venue="Vancouver Convention Centre",
        room="",
        start_date=dt.date(2019, 12, 13),
        end_date=dt.date(2019, 12, 13),
        time_zone="America/Vancouver",
        objective=OBJECTIVE_2019,
        cfp_text=CFP_2019,
        published=True,
        topics=TOPICS_2019,
        dates=[
            (DateKey.SUBMISSION, "Paper submission deadline", _aware(2019, 9, 9), None),
            (
                DateKey.NOTIFICATION,
                "Acceptance notification",
                _aware(2019, 9, 23),
                _aware(2019, 10, 1),
            ),
            (DateKey.CAMERA_READY, "Camera-ready deadline", _aware(2019, 11, 15), None),
        ],
        sponsors=[
            ("Qualcomm", "gold", "https://www.qualcomm.com/"),
            ("Cadence", "gold", "https://www.cadence.com/"),
        ],
    )
    e2023 = _edition(
        series,
        slug="2023-aaai",
        number=8,
        title="The 8th EMC2 – Energy Efficient Machine Learning and Cognitive Computing",
        conference="AAAI 2023 (37th AAAI Conference on Artificial Intelligence)",
        city="Washington DC, USA",
        venue="Walter E. Washington Convention Center",
        room="146A",
        start_date=dt.date(2023, 2, 14),
        end_date=dt.date(2023, 2, 14),
        time_zone="America/New_York",
        objective=OBJECTIVE_2023,
        cfp_text=CFP_2023,
        published=True,
        topics=TOPICS_2023,
        dates=[
            (
                DateKey.SUBMISSION,
                "Paper submission deadline",
                _aware(2022, 11, 18),
                _aware(2022, 11, 25),
            ),
            (DateKey.NOTIFICATION, "Acceptance notification", _aware(2022, 12, 16), None),
            (DateKey.CAMERA_READY, "Camera-ready deadline", _aware(2023, 1, 13), None),
        ],
        sponsors=[],
    )
    upcoming = _edition(
        series,
        slug="2027-demo",
        number=12,
        title="The 12th EMC2 Workshop (demo edition)",
        conference="a major AI conference, 2027",
        city="Vancouver BC, Canada",
        venue="Convention centre",
        room="TBD",
        start_date=dt.date(2027, 7, 16),
        end_date=dt.date(2027, 7, 16),
        time_zone="America/Vancouver",
        objective=OBJECTIVE_DEMO,
        cfp_text=CFP_2023,
        published=True,
        topics=TOPICS_2023,
        dates=[
            (DateKey.SUBMISSION, "Paper submission deadline", _aware(2027, 4, 30), None),
            (DateKey.NOTIFICATION, "Acceptance notification", _aware(2027, 5, 28), None),
            (DateKey.CAMERA_READY, "Camera-ready deadline", _aware(2027, 6, 18), None),
        ],
        sponsors=[("Example Silicon", "silver", "")],
    )
    for edition in (e2019, e2023, upcoming):
        _role(edition, users["chair"], RoleKind.CHAIR, "General Chair")
        _role(edition, users["reviewer"], RoleKind.PC_MEMBER)
        _role(edition, users["challenge"], RoleKind.CHALLENGE_ORGANIZER, "Challenge Chair")
        _role(edition, users["evaluator"], RoleKind.EVALUATOR)

    stdout.write("Demo accounts (e-mail / password):")
    for key, (email, password, *_rest) in DEMO_ACCOUNTS.items():
        stdout.write(f"  {key:<10} {email:<28} {password}")
