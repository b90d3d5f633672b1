"""The public program in a real browser: grid, day switcher, filters, search, "my schedule"
stars kept over a reload with their iCal link, the release feed, and no CSP violation.

Screenshots (phone and desktop) go to $EMC2_SCREENSHOTS when it is set."""

import datetime as dt
import os
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.test import Client

from program.enums import SessionKind
from program.services import item_create, release_publish, room_create, session_create
from tests.factories.emc2 import EditionFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture
def two_days():
    """Two days; on the first a poster session runs beside a paper session."""
    edition = EditionFactory(
        slug="2031-test",
        title="EMC2 2031",
        time_zone="America/Vancouver",
        start_date=dt.date(2031, 12, 12),
        end_date=dt.date(2031, 12, 13),
    )
    tz = edition.tz
    main = room_create(edition=edition, name="Main room")
    posters = room_create(edition=edition, name="Poster area")

    def t(day, hh, mm=0):
        return dt.datetime(2031, 12, day, hh, mm, tzinfo=tz)

    ada = PersonFactory(name="Ada Lovelace", affiliation="Analytical Engines")
    kurt = PersonFactory(name="Kurt Keutzer", affiliation="UC Berkeley")
    keynote = session_create(
        edition=edition,
        kind=SessionKind.KEYNOTE,
        title="Keynote",
        room=main,
        start=t(12, 9),
        end=t(12, 10),
    )
    item_create(
        edition=edition,
        session=keynote,
        title="",
        label="Keynote 1",
        speakers=[(ada, "speaker", "")],
    )
    papers = session_create(
        edition=edition,
        kind=SessionKind.PAPERS,
        title="Paper Session #1",
        room=main,
        start=t(12, 10),
        end=t(12, 11),
    )
    item_create(
        edition=edition,
        session=papers,
        title="Sparse kernels on phones",
        label="Contributed 3",
        speakers=[(kurt, "speaker", "")],
    )
    poster = session_create(
        edition=edition,
        kind=SessionKind.POSTERS,
        title="Poster Session #1",
        room=posters,
        start=t(12, 10),
        end=t(12, 11),
    )
    item_create(edition=edition, session=poster, title="Pruning with a ruler", board="4")
    session_create(
        edition=edition,
        kind=SessionKind.BREAK,
        title="Break",
        room=main,
        start=t(12, 11),
        end=t(12, 11, 15),
    )
    invited = session_create(
        edition=edition,
        kind=SessionKind.INVITED,
        title="Invited Talk",
        room=main,
        start=t(13, 9),
        end=t(13, 10),
    )
    item_create(
        edition=edition, session=invited, title="Day two talk", speakers=[(ada, "speaker", "")]
    )
    release_publish(edition=edition)
    return edition


def _shot(page, name):
    folder = os.environ.get("EMC2_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def test_program_grid_filters_and_my_schedule(live_server, browser, two_days):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    url = f"{live_server.url}/2031-test/program/"
    page.goto(url)
    main = page.locator("#main")

    # The grid: rooms side by side on the first day, the poster area beside the main room.
    grid = main.locator("#day-2031-12-12 table.program-grid")
    assert grid.is_visible()
    assert grid.locator("thead th").all_inner_texts() == ["Time", "Main room", "Poster area"]
    assert grid.locator("tbody tr").first.locator("th").inner_text() == "09:00"
    assert "Poster Session #1" in grid.inner_text()
    assert "Keynote 1" in grid.inner_text()  # the chair's numbered label of an untitled talk
    # A day with one room is a list, no grid.
    assert main.locator("#day-2031-12-13 table.program-grid").count() == 0
    _shot(page, "program-desktop.png")

    # Day switcher: only the second day.
    page.get_by_role("link", name="Sat Dec 13").click()
    assert main.locator("#day-2031-12-12").is_hidden()
    assert main.locator("#day-2031-12-13").is_visible()
    page.get_by_role("link", name="All days").click()
    assert main.locator("#day-2031-12-12").is_visible()

    # Filter by type (client-side, instant) and search.
    page.get_by_label("Session type").select_option(label="Poster session")
    assert grid.get_by_role("link", name="Pruning with a ruler").is_visible()
    assert grid.get_by_role("link", name="Sparse kernels on phones").is_hidden()
    page.get_by_label("Session type").select_option("")
    page.get_by_label("Search").fill("keutzer")
    assert page.locator("[data-program-status]").inner_text() == "1 session matches."
    assert grid.get_by_role("link", name="Sparse kernels on phones").is_visible()
    assert grid.get_by_role("link", name="Pruning with a ruler").is_hidden()
    page.get_by_label("Search").fill("")

    # Star a talk by keyboard; the star survives a reload and feeds the personal iCal link.
    from program.models import Item

    pk = Item.objects.get(label="Contributed 3").pk
    star = grid.locator(f'[data-star="{pk}"]')
    name = "Add “Contributed 3: Sparse kernels on phones” to my schedule"
    assert grid.get_by_role("button", name=name).count() == 1
    star.focus()
    page.keyboard.press("Enter")
    assert star.get_attribute("aria-pressed") == "true"
    assert star.inner_text().startswith("★")
    page.reload()
    assert star.get_attribute("aria-pressed") == "true"
    # The list has the same star, pressed too.
    listed = main.locator(f'.program-list [data-star="{pk}"]')
    assert listed.get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Only my schedule (1)").click()
    assert grid.get_by_role("link", name="Sparse kernels on phones").is_visible()
    assert grid.get_by_role("link", name="Pruning with a ruler").is_hidden()
    ics = page.get_by_role("link", name="My schedule as iCal (.ics)")
    href = ics.get_attribute("href")
    assert "?items=" in href
    body = Client().get(href.replace(live_server.url, "")).content
    events = list(icalendar.Calendar.from_ical(body).walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Sparse kernels on phones"]

    # The release feed is linked and parses.
    feed = page.locator('link[rel=alternate][type="application/atom+xml"]')
    feed_url = feed.get_attribute("href")
    atom = ET.fromstring(Client().get(feed_url).content)
    assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == 1

    assert page.evaluate("window.__cspViolations") == []
    context.close()


def test_program_on_a_phone_is_a_list(live_server, browser, two_days):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{live_server.url}/2031-test/program/")
    main = page.locator("#main")
    assert main.locator("table.program-grid").first.is_hidden()
    sessions = main.locator("#day-2031-12-12 .program-session h3")
    assert [t.split(" ☆")[0] for t in sessions.all_inner_texts()] == [
        "Keynote 1",
        "Paper Session #1",
        "Poster Session #1",
        "Break",
    ]
    assert sessions.first.is_visible()
    _shot(page, "program-phone.png")
    assert page.evaluate("window.__cspViolations") == []
    context.close()
