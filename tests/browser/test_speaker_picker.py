"""The speaker picker ("Find person" as an ARIA combobox) in a real browser: keyboard only,
and not one Content-Security-Policy violation.

In tests/browser/ to share the session's one Chromium."""

import pytest

from emc2.enums import RoleKind
from program.models import ItemSpeaker
from program.services import item_create
from tests.browser.test_csp import RECORD_VIOLATIONS
from tests.conftest import user_with_role
from tests.factories.emc2 import EditionFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(live_server, browser, client):
    edition = EditionFactory(slug="2030-picker", title="Picker edition")
    chair = user_with_role(edition, RoleKind.CHAIR, email="picker-chair@example.org")
    ada = PersonFactory(name="Ada Lovelace", affiliation="Engines")
    grace = PersonFactory(name="Ada Hopper", affiliation="Navy")
    item = item_create(edition=edition, title="Picked talk", speakers=[(grace, "speaker", "")])
    item_create(edition=edition, title="Other", speakers=[(ada, "speaker", "")])
    client.force_login(chair)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(RECORD_VIOLATIONS)
    url = f"{live_server.url}/{edition.slug}/program/chair/items/{item.pk}/"
    yield page, url, item, ada, grace, errors
    context.close()


def test_keyboard_picks_a_speaker_without_csp_violations(setup):
    page, url, item, ada, grace, errors = setup
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    box = page.get_by_role("combobox", name="Name, e-mail or ORCID iD")
    listbox = page.get_by_role("listbox", name="People found")
    box.focus()
    page.keyboard.type("Ada")
    options = listbox.get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert options.all_inner_texts() == [
        f"#{grace.pk} Ada Hopper (Navy)",
        f"#{ada.pk} Ada Lovelace (Engines)",
    ]
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == f"find-option-{grace.pk}"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == f"find-option-{ada.pk}"
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    page.keyboard.press("ArrowDown")  # wraps to the first
    page.keyboard.press("ArrowUp")  # and back to the last
    assert box.get_attribute("aria-activedescendant") == f"find-option-{ada.pk}"
    page.keyboard.press("Enter")  # picks; the no-JS search form is not sent
    assert page.url == url
    speakers = page.locator("#id_speakers")
    assert speakers.input_value() == (
        f"#{grace.pk} Ada Hopper | Navy |  | speaker\n#{ada.pk} Ada Lovelace"
    )
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == ""
    assert page.get_by_role("status").filter(has_text="Added").inner_text() == (
        f"Added #{ada.pk} Ada Lovelace to the speakers."
    )

    # Escape closes the list, a second Escape clears the box; nothing is added.
    page.keyboard.type("Hop")
    options.first.wait_for()
    page.keyboard.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Escape")
    assert box.input_value() == ""
    assert speakers.input_value().count("\n") == 1

    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert list(
        ItemSpeaker.objects.filter(item=item).order_by("order").values_list("person_id", flat=True)
    ) == [grace.pk, ada.pk]
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []


def test_no_javascript_find_still_works(setup, browser, live_server):
    page, url, item, ada, grace, errors = setup
    page.goto(url)
    box = page.get_by_role("combobox", name="Name, e-mail or ORCID iD")
    box.fill("Lovelace")
    with page.expect_navigation():
        page.get_by_role("button", name="Find").click()
    assert f"#{ada.pk} Ada Lovelace" in page.locator(".finder-results").inner_text()
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
