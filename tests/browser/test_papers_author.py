"""An author submits a paper in a real browser (headless Chromium), JavaScript included."""

import pytest
from django.core.management import call_command

from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories.papers import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_author_submits_with_an_added_coauthor(live_server, page, tmp_path):
    call_command("load_demo", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    pdf = tmp_path / "my paper.pdf"
    pdf.write_bytes(make_pdf(pages=3, text="Browser paper"))

    page.goto(f"{live_server.url}/accounts/login/?next=/2027-demo/")
    page.locator('input[name="login"]').fill("author@emc2.example")
    page.locator('input[name="password"]').fill("demo-author-pass")
    page.locator('input[name="password"]').press("Enter")
    page.get_by_role("button", name="Start a submission").click()

    page.locator("#id_title").fill("Low-rank adapters on a phone")
    page.locator("#id_abstract").fill("We fine-tune **on the phone**.")
    page.get_by_role("radio", name="Full paper").check()
    page.locator('input[name="topics"]').first.check()
    page.locator("#id_pdf").set_input_files(str(pdf))
    # The first row is the submitter; JavaScript adds a third row for the co-author.
    page.get_by_role("button", name="Add an author").click()
    page.locator('input[name="authors-3-name"]').fill("Mira Okafor")
    page.locator('input[name="authors-3-email"]').fill("mira.okafor@example.org")
    page.get_by_role("button", name="Submit").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Low-rank adapters on a phone"
    paper = Paper.objects.get(title="Low-rank adapters on a phone")
    assert paper.status == PaperStatus.SUBMITTED
    assert [a.name for a in paper.authors.all()] == ["Alex Author", "Mira Okafor"]
    assert paper.files.get().page_count == 3
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)
