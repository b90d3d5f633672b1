"""The booklet prints venue times: the 2023 demo welcome is at 08:30 in Washington, not 13:30."""

import pytest
from pypdf import PdfReader

from emc2.models import Edition
from program.proceedings.booklet import build_booklet
from program.publish.selectors import booklet_inputs

pytestmark = pytest.mark.django_db


def test_booklet_2023_demo_prints_the_welcome_at_venue_time(tmp_path, loaded):
    edition = Edition.objects.get(slug="2023-aaai")
    data = booklet_inputs(edition=edition)
    build_booklet(data=data, out_path=tmp_path / "booklet.pdf")

    texts = [page.extract_text() for page in PdfReader(tmp_path / "booklet.pdf").pages]
    glance = next(
        [line.strip() for line in t.splitlines()] for t in texts if t.startswith("AT A GLANCE")
    )
    welcome = [line for line in glance if "Welcome" in line]
    assert welcome == ["08:30–08:45 Welcome 146A"]
    assert f"Times are in {edition.time_zone}." in glance
    assert not any(line.startswith("13:30") for t in texts for line in t.splitlines())
