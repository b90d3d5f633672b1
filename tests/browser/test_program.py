"""The program in a real browser: the local-time switch and the drag-and-drop editor.

Kept in tests/browser/ to share its one session-wide Chromium: Playwright's sync API cannot
run two instances in one process."""

import io

import pytest
from django.core.management import call_command

from program.models import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_visitor_switches_the_2023_program_to_local_time(live_server, browser, demo):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{live_server.url}/2023-aaai/program/")
    first = page.locator("#main time[data-ts]").first
    assert first.inner_text() == "08:30"  # venue time, America/New_York
    page.get_by_role("button", name="Show my local time").click()
    # 08:30 in Washington (UTC-5) is 22:30 in Tokyo (UTC+9).
    assert first.inner_text() == "22:30"
    assert page.locator("[data-tz-label]").inner_text() == "Asia/Tokyo"
    page.get_by_role("button", name="Show venue time").click()
    assert first.inner_text() == "08:30"
    context.close()


def test_local_time_day_headings_follow_the_viewer_zone(live_server, browser, demo):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{live_server.url}/2023-aaai/program/")
    headings = page.locator("#main .program-day h2:visible")
    assert headings.all_inner_texts() == ["Tuesday, February 14, 2023"]
    page.get_by_role("button", name="Show my local time").click()
    # 08:30 on Tuesday in Washington (UTC-5) is 22:30 on Tuesday in Tokyo (UTC+9); from
    # 10:00 on it is Wednesday there.
    assert headings.all_inner_texts() == [
        "Tuesday, February 14, 2023",
        "Wednesday, February 15, 2023",
    ]
    page.get_by_role("button", name="Show venue time").click()
    assert headings.all_inner_texts() == ["Tuesday, February 14, 2023"]
    context.close()


def test_talk_and_speaker_pages_have_the_local_time_switch(live_server, browser, demo):
    from program.models import Item

    welcome = Item.objects.get(edition__slug="2023-aaai", title="Welcome and Opening Remarks")
    speaker = welcome.speakers.get().person
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{live_server.url}/2023-aaai/program/talks/{welcome.pk}/")
    when = page.locator("#main time[data-ts]")
    assert when.all_inner_texts() == ["Tuesday, February 14, 2023, 08:30", "08:45"]
    page.get_by_role("button", name="Show my local time").click()
    assert when.all_inner_texts()[1] == "22:45"
    assert "22:30" in when.all_inner_texts()[0]
    page.goto(f"{live_server.url}/2023-aaai/program/speakers/{speaker.slug}/")
    first = page.locator("#main time[data-ts]").first
    assert first.inner_text() == "Feb 14, 08:30"
    page.get_by_role("button", name="Show my local time").click()
    assert first.inner_text() == "Feb 14, 22:30"
    context.close()


def test_chair_drags_a_session_to_another_slot(live_server, browser, demo, client):
    from emc2.models import User

    client.force_login(User.objects.get(email="chair@emc2.example"))
    cookie = client.cookies["sessionid"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/2027-demo/program/chair/")
    keynote = Session.objects.get(edition__slug="2027-demo", title="Opening Keynote")
    source = page.locator(".grid-session", has_text="Opening Keynote")
    target = page.locator('td.slot[data-start="2027-07-16T14:00"]').first
    # Sortable runs in fallback mode (mouse events), so drag with real mouse moves.
    box, goal = source.bounding_box(), target.bounding_box()
    with page.expect_response(lambda r: "/move/" in r.url):
        page.mouse.move(box["x"] + 10, box["y"] + 10)
        page.mouse.down()
        page.mouse.move(goal["x"] + 20, goal["y"] + 10, steps=15)
        page.mouse.up()
    page.wait_for_selector("text=Moved “Opening Keynote”.")
    keynote.refresh_from_db()
    local = keynote.start.astimezone(keynote.edition.tz)
    assert local.strftime("%H:%M") == "14:00"

    # Then an unscheduled talk from the side list into the keynote (grid re-rendered by htmx).
    talk = page.locator(".editor-side .grid-item", has_text="A waiting invited talk")
    into = page.locator(f'ol.item-list[data-session="{keynote.pk}"]')
    box, goal = talk.bounding_box(), into.bounding_box()
    with page.expect_response(lambda r: "/move/" in r.url):
        page.mouse.move(box["x"] + 5, box["y"] + 5)
        page.mouse.down()
        page.mouse.move(goal["x"] + 10, goal["y"] + 5, steps=15)
        page.mouse.up()
    page.wait_for_selector("text=Moved “A waiting invited talk”.")
    assert list(keynote.items.values_list("title", flat=True)) == ["A waiting invited talk"]
    context.close()
