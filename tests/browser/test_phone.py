"""On a phone (390 px wide) the list pages fit the screen: tables stack into cards instead of
clipping columns. Set EMC2_SCREENSHOTS=<dir> to keep a screenshot of each page."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from challenge.models import Track

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, email, password):
    page.goto(f"{base}/accounts/login/")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_load_state()


def _fits(page, name: str) -> tuple[int, int]:
    shots = os.environ.get("EMC2_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_list_pages_fit_a_phone(live_server, page, tmp_path):
    call_command("load_demo", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    base = live_server.url
    track = Track.objects.filter(challenge__edition__slug="2027-demo").order_by("pk").first()
    pages = {"leaderboard": f"/2027-demo/challenge/tracks/{track.slug}/"}
    for name, path in pages.items():
        page.goto(base + path)
        assert page.locator("table.stack").count() >= 1, name
        width, screen = _fits(page, name)
        assert width <= screen, f"{name}: {width}px wide on a {screen}px screen"

    _sign_in(page, base, "chair@emc2.example", "demo-chair-pass")
    page.goto(base + "/2027-demo/submissions/chair/")
    cards = page.locator("#submission-rows tbody tr")
    assert cards.count() >= 1
    # Stacked: a row is a card, its cells one under the other, each with its column's label.
    first = cards.first.locator("td").first
    assert page.evaluate("e => getComputedStyle(e).display", first.element_handle()) == "block"
    assert (
        page.evaluate("e => getComputedStyle(e, '::before').content", first.element_handle())
        == '"Select: "'
    )
    width, screen = _fits(page, "chair-submissions")
    assert width <= screen, f"chair list: {width}px wide on a {screen}px screen"

    page.context.clear_cookies()
    _sign_in(page, base, "author@emc2.example", "demo-author-pass")
    page.goto(base + "/2027-demo/submissions/")
    width, screen = _fits(page, "my-submissions")
    assert width <= screen, f"my submissions: {width}px wide on a {screen}px screen"
