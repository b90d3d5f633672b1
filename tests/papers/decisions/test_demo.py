"""Demo decisions: 2019 released and published from the workshop page, 2027 pending."""

import io

import pytest

from emc2 import demo as emc2_demo
from papers import demo
from papers.models import DecisionLog, Paper, PaperDecision
from papers.selectors import accepted_papers_grouped, papers_settings_get

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    emc2_demo.load(stdout=out)
    demo.load(stdout=out)


def test_demo_decisions_2019_and_2027():
    _load()
    e2019 = Paper.objects.filter(edition__slug="2019-neurips").first().edition
    groups = {g["decision"]: len(g["papers"]) for g in accepted_papers_grouped(edition=e2019)}
    assert groups == {"oral": 14, "poster": 11}
    settings = papers_settings_get(edition=e2019)
    assert (settings.decisions_released, settings.accepted_page_published) == (True, True)
    yolo = Paper.objects.get(title__startswith="YOLO Nano")
    assert [a.name for a in yolo.authors.all()][:2] == ["Alexander Wong", "Mahmoud Famuori"]
    assert {a.affiliation for a in yolo.authors.all()} == {
        "University of Waterloo and DarwinAI Corp"
    }
    pending = PaperDecision.objects.filter(paper__edition__slug="2027-demo")
    assert sorted(pending.values_list("decision", flat=True)) == ["oral", "poster"]
    assert (
        list(
            Paper.objects.filter(edition__slug="2027-demo")
            .exclude(decision="")
            .values_list("title", flat=True)
        )
        == []
    )


def test_demo_decisions_are_idempotent():
    _load()
    counts = (Paper.objects.count(), DecisionLog.objects.count())
    _load()
    assert (Paper.objects.count(), DecisionLog.objects.count()) == counts
