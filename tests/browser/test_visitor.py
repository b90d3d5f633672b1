import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_the_2019_edition_page(live_server, page, tmp_path):
    call_command("load_demo", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="The 5th Workshop on Energy Efficient Machine Learning").click()

    assert page.url == f"{live_server.url}/2019-neurips/"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "The 5th Workshop on Energy Efficient Machine Learning and Cognitive Computing"
    )
    assert page.get_by_role("heading", name="Call for papers").is_visible()
    topics = page.locator("ul.topics li").all_inner_texts()
    assert topics[0] == "Architectures for the edge: IoT, automotive, and mobile"
    assert len(topics) == 17
    dates = page.locator("#dates").inner_text()
    assert "extended to October 1, 2019, 23:59 AoE" in dates
    assert page.locator("#sponsors").inner_text().count("Gold") == 2
    # Keyboard users can skip the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.screenshot(path=str(tmp_path / "edition.png"), full_page=True)
