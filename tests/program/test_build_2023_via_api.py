"""Issue 14, "done when": a chair builds the 2023 program from nothing through the API alone,
with personal API tokens, then the public program and the frab/c3voc exports show it and
validate against the shared schemas.

Every title, name, affiliation, time and room comes from /work/shared/seeds/002_*.txt (the
AAAI 2023 page). That page names no organizers and only one room (146A); the poster session
overlaps the lightning session, so it goes in a second room, "Poster area", as in the demo.
The paper and lightning talks have no times of their own on the page: they stay untimed
inside their sessions.
"""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from lxml import etree

from emc2.models import Person
from emc2.services import api_token_create
from tests.factories.emc2 import UserFactory
from tests.schemas import schema_path

pytestmark = pytest.mark.django_db

DAY = "2023-02-14"
TZ = "-05:00"  # America/New_York in February


def t(hhmm: str) -> str:
    return f"{DAY}T{hhmm}:00{TZ}"


MAIN = [
    # kind, session title, start, end, talk title, speaker, affiliation
    ("opening", "Welcome", "08:30", "08:45", "Welcome and Opening Remarks",
     "Fanny Nina Paravecino", "Microsoft"),
    ("keynote", "Keynote", "08:45", "09:45",
     "Efficient Learning in Single- and Multi-Modal Vision Transformers",
     "Diana Marculescu", "UT Austin"),
    ("invited", "Invited Talk", "09:45", "10:15",
     "Efficient transformers - From supercomputers to smartphones", "Torsten Hoefler",
     "ETH Zurich"),
    ("invited", "Invited Talk", "10:15", "10:45", "Faster Neural Network Training, Algorithmically",
     "Jonathan Frankle", "Mosaic ML"),
    ("break", "Break", "10:45", "10:55", None, None, None),
    ("papers", "Paper Session #1", "10:55", "12:10", None, None, None),
    ("lightning", "Lightning Session #1", "12:10", "12:30", None, None, None),
    ("lunch", "Lunch Break", "12:30", "14:00", None, None, None),
    ("invited", "Invited Talk", "14:00", "14:30",
     "Neural Network Design and Training for Efficient On-Device Learning", "Tien-Ju Yang",
     "Google Research"),
    ("invited", "Invited Talk", "14:30", "15:00",
     "Hardware/Software Codesign to Accelerate Vision Transformers on FPGAs", "Zhenman Fang",
     "Simon Fraser University"),
    ("break", "Break", "15:00", "15:15", None, None, None),
    ("keynote", "Keynote", "15:15", "16:15", "On-Device Training under 256KB Memory", "Song Han",
     "MIT"),
    ("invited", "Invited Talk", "16:15", "16:45",
     "Accelerating Recommender Model Training by Leveraging Popular Choices", "Divya Mahajan",
     "Microsoft"),
    ("panel", "Panel", "16:45", "17:45", None, None, None),
    ("closing", "Close", "17:45", "17:55", None, None, None),
]  # fmt: skip

PAPERS = [
    ("Enabling Faster Vision Transformers via Soft Token Pruning", "Zhenglun Kong"),
    ("TangoBERT: A Cascaded Architecture for Reduced Inference Cost", "Jonathan Mamou"),
    ("MBR-Sim: A Speed-of-Light Model to Explore Machine Learning Accelerator Architectures",
     "Ben Maydan"),
    ("Input-length-shortening and text generation via attention values", "Michael Witbrock"),
    ("Block Format Error Bounds and Optimal Block Size Selection", "Ilya Soloveychik"),
]  # fmt: skip
LIGHTNING = [
    ("Pruning Compact ConvNets For Efficient Inference", "Karthik Prasad"),
    ("A Reinforcement Learning Based Compiler Framework For In-Memory Compute Accelerator",
     "Tristan Trouwen"),
]  # fmt: skip
PANELISTS = [
    ("Sudeep Bhoja", "d-Matrix", "CTO, d-Matrix"),
    ("Russel Hewitt", "Microsoft", "Senior SW Engineer, Microsoft"),
    ("David Kanter", "MLCommons", "Executive Director, MLCommons"),
]


class Api:
    """A client that speaks only to the API, with a personal write token."""

    def __init__(self, client, user):
        _token, key = api_token_create(user=user, name="build", scope="write")
        self.client, self.auth = client, {"HTTP_AUTHORIZATION": f"Token {key}"}

    def __call__(self, method, url, body=None, expect=200):
        if method == "get":
            response = self.client.get(url, **self.auth)
        else:
            response = getattr(self.client, method)(
                url, data=json.dumps(body or {}), content_type="application/json", **self.auth
            )
        assert response.status_code == expect, (url, response.content[:500])
        return response.json() if response.content else None


def test_chair_builds_the_2023_program_through_the_api_alone(client):
    # Public pages are cached per edition and release; other tests publish a "2023-aaai" too.
    cache.clear()
    staff = Api(client, UserFactory(email="staff@example.org", is_staff=True))
    chair_user = UserFactory(email="chair-2023@example.org")
    # Staff create the edition and name its chair; everything else is the chair's.
    staff(
        "post",
        reverse("api:edition-list"),
        {
            "number": 8,
            "title": "The 8th EMC2 - Energy Efficient Machine Learning and Cognitive Computing",
            "slug": "2023-aaai",
            "conference": "The 37th AAAI Conference on Artificial Intelligence AAAI 2023",
            "city": "Washington DC, USA",
            "room": "146A",
            "start_date": DAY,
            "end_date": DAY,
            "time_zone": "America/New_York",
            "published": True,
            "chairs": [{"name": "Chair of 2023", "email": chair_user.email}],
            "series_name": "Energy Efficient Machine Learning and Cognitive Computing",
            "series_short_name": "EMC2",
        },
        expect=201,
    )
    api = Api(client, chair_user)
    base = "/api/editions/2023-aaai/program/"
    main = api("post", base + "draft/rooms/", {"name": "146A"}, expect=201)["id"]
    posters = api("post", base + "draft/rooms/", {"name": "Poster area"}, expect=201)["id"]
    # A speaker profile first, then picked by id; the rest are typed as name + affiliation.
    marculescu = api(
        "post", base + "people/", {"name": "Diana Marculescu", "affiliation": "UT Austin"},
        expect=201,
    )["id"]  # fmt: skip

    sessions = {}
    for kind, title, start, end, talk, name, affiliation in MAIN:
        session = api(
            "post",
            base + "draft/sessions/",
            {"kind": kind, "title": title, "room": main, "start": t(start), "end": t(end)},
            expect=201,
        )
        sessions[start] = session["id"]
        if talk:
            speaker = (
                {"person": marculescu}
                if name == "Diana Marculescu"
                else {"name": name, "affiliation": affiliation}
            )
            api(
                "post",
                base + "draft/items/",
                {"title": talk, "session": session["id"], "speakers": [speaker]},
                expect=201,
            )
    for start, rows in (("10:55", PAPERS), ("12:10", LIGHTNING)):
        for title, name in rows:
            api(
                "post",
                base + "draft/items/",
                {"title": title, "session": sessions[start], "speakers": [{"name": name}]},
                expect=201,
            )
    api(
        "post",
        base + "draft/sessions/",
        {"kind": "posters", "title": "Poster Session #1", "room": posters, "start": t("12:05"),
         "end": t("12:30")},
        expect=201,
    )  # fmt: skip
    # The panel: Jonathan Frankle is picked from the search, not typed a second time.
    found = api("get", base + "people/?q=Frankle")
    assert [p["name"] for p in found] == ["Jonathan Frankle"]
    moderator = api("post", base + "people/", {"name": "Satyam Srivastava"}, expect=201)["id"]
    api("patch", base + f"draft/sessions/{sessions['16:45']}/", {"chair": moderator})
    api(
        "post",
        base + "draft/items/",
        {
            "title": "ML ASIC, how specific is too specific?",
            "kind": "panel",
            "session": sessions["16:45"],
            "speakers": [
                {"person": moderator, "role": "moderator", "role_line": "Moderator"},
                {"person": found[0]["id"], "role": "panelist", "affiliation": "MosaicML",
                 "role_line": "Chief Scientist, MosaicML"},
            ]
            + [
                {"name": n, "affiliation": a, "role": "panelist", "role_line": line}
                for n, a, line in PANELISTS
            ],
        },
        expect=201,
    )  # fmt: skip
    api("post", base + "draft/releases/", {"note": "Program"}, expect=201)

    # What the public sees.
    items = client.get(base + "items/").json()
    assert len(items) == 16
    assert Person.objects.filter(name="Jonathan Frankle").count() == 1
    page = client.get(reverse("program:public-program", kwargs={"edition": "2023-aaai"}))
    html = page.content.decode()
    for text in ("08:30", "Welcome and Opening Remarks", "17:45", "Poster Session #1",
                 "ML ASIC, how specific is too specific?", "Satyam Srivastava"):  # fmt: skip
        assert text in html, text
    welcome = next(i for i in items if i["title"] == "Welcome and Opening Remarks")
    assert welcome["start"] == "2023-02-14T13:30:00+00:00"  # 08:30 in Washington
    untimed = next(i for i in items if i["title"].startswith("TangoBERT"))
    assert untimed["own_time"] is False

    import jsonschema
    import xmlschema

    export = reverse("program:public-export", kwargs={"edition": "2023-aaai", "name": "x"})
    xml = client.get(export.replace("/x", "/schedule.xml")).content
    data = json.loads(client.get(export.replace("/x", "/schedule.json")).content)
    xmlschema.XMLSchema(str(schema_path("schedule.xml.xsd", env="FRAB_XSD"))).validate(
        etree.fromstring(xml)
    )
    jsonschema.validate(data, json.loads(schema_path("schedule.json").read_text()))
    root = etree.fromstring(xml)
    titles = [e.findtext("title") for e in root.iter("event")]
    assert "Faster Neural Network Training, Algorithmically" in titles
    assert root.findtext("conference/time_zone_name") == "America/New_York"
