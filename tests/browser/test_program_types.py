"""Session types and tracks in a real browser: the legend's swatches take their colours
from data attributes (no inline styles under the CSP), and the track filter hides the other
tracks' sessions at once."""

import datetime as dt

import pytest

from program.categories import session_type_create, track_create
from program.services import item_create, release_publish, room_create, session_create
from tests.factories.emc2 import EditionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture
def tracked():
    edition = EditionFactory(
        slug="2032-tracks", title="EMC2 2032", start_date=dt.date(2032, 6, 1), end_date=None
    )
    tz = edition.tz
    main = room_create(edition=edition, name="Main room")
    side = room_create(edition=edition, name="Side room")
    hardware = track_create(edition=edition, name="Hardware", colour="#aa0000")
    learning = track_create(edition=edition, name="Learning", colour="#0000aa")
    workshop = session_type_create(
        edition=edition, name="Workshop", colour="#00aa00", kind="tutorial"
    )

    def t(hh):
        return dt.datetime(2032, 6, 1, hh, tzinfo=tz)

    a = session_create(
        edition=edition, kind="papers", track=hardware, title="Accelerators", room=main,
        start=t(9), end=t(10),
    )  # fmt: skip
    item_create(edition=edition, session=a, title="A systolic array on a budget")
    b = session_create(
        edition=edition, type=workshop, track=learning, title="Sparse training", room=side,
        start=t(9), end=t(10),
    )  # fmt: skip
    item_create(edition=edition, session=b, title="Hands-on sparsity")
    release_publish(edition=edition)
    return edition


def test_filter_by_track_and_coloured_legend(live_server, browser, tracked):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{live_server.url}/2032-tracks/program/")
    legend = page.locator(".program-legend")
    assert legend.get_by_text("Hardware").is_visible()
    swatch = legend.locator('[data-colour="#aa0000"]')
    colour = swatch.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(170, 0, 0)"
    listed = page.locator(".program-list")
    grid = page.locator("table.program-grid")
    assert grid.get_by_role("link", name="Hands-on sparsity").is_visible()

    page.get_by_label("Track").select_option(label="Hardware")
    assert grid.get_by_role("link", name="A systolic array on a budget").is_visible()
    assert grid.get_by_role("link", name="Hands-on sparsity").is_hidden()
    assert page.locator("[data-program-status]").inner_text() == "1 session matches."
    page.get_by_label("Track").select_option(label="Learning")
    assert grid.get_by_role("link", name="Hands-on sparsity").is_visible()
    assert grid.get_by_role("link", name="A systolic array on a budget").is_hidden()
    page.get_by_label("Track").select_option("")
    page.get_by_label("Session type").select_option(label="Workshop")
    assert grid.get_by_role("link", name="A systolic array on a budget").is_hidden()
    assert grid.get_by_role("link", name="Hands-on sparsity").is_visible()
    # The list view names the track in words, next to its colour.
    assert "Track: Learning" in listed.inner_text()
    assert page.evaluate("window.__cspViolations") == []
    context.close()
