"""Double-blind uploads end to end: a reviewers' copy that still names an author is held
back, and the authors and the chairs are told what was found and where."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from papers.enums import Anonymity
from papers.models import ReviewAssignment
from papers.services import paper_create, paper_file_upload
from tests.factories.papers import SubmissionTypeFactory

pytestmark = pytest.mark.django_db

AFFILIATION = "Fjordtech University"


def paper_pdf(*, header: str = "") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setAuthor("")
    if header:
        pdf.drawString(72, 800, header)
    pdf.drawString(72, 420, "Sparse adapters for tiny devices")
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile("paper.pdf", buffer.getvalue(), "application/pdf")


def submit(edition, author, topic, anonymity):
    """A paper whose PDF header names its first author and her university."""
    return paper_create(
        edition=edition,
        by=author,
        title="Sparse adapters",
        abstract="We prune adapters.",
        submission_type=SubmissionTypeFactory(edition=edition, anonymity=anonymity),
        topics=[topic],
        authors=[
            {
                "name": "Ada Lovelace",
                "email": author.email,
                "affiliation": AFFILIATION,
                "is_contact": True,
            },
            {"name": "Grace Hopper", "email": "grace@hopper-lab.net", "affiliation": ""},
        ],  # fmt: skip
        pdf=paper_pdf(header=f"Ada Lovelace, {AFFILIATION}"),
    )


@pytest.fixture
def blind(edition, actors, topic, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        paper = submit(edition, actors["author"], topic, Anonymity.DOUBLE_BLIND)
    ReviewAssignment.objects.create(paper=paper, reviewer=actors["pc_member"])
    return paper


def test_copy_naming_an_author_is_held_back_with_the_place(blind):
    version = blind.files.get()
    assert version.blind_findings.splitlines() == [
        "page 1 header names Ada Lovelace",
        f"page 1 header names {AFFILIATION}",
    ]
    assert version.held_back is True


def test_reviewer_gets_no_held_back_copy(blind, actors, client):
    client.force_login(actors["pc_member"])
    slug = blind.edition.slug
    assert client.get(reverse("papers:reviewer-pdf", args=[slug, blind.pk])).status_code == 404
    page = client.get(reverse("papers:reviewer-paper", args=[slug, blind.pk])).content.decode()
    assert "The PDF is held back until its anonymity is fixed." in page
    assert "Download the PDF" not in page
    assert AFFILIATION not in page


def test_authors_are_told_on_the_page_and_by_mail(blind, actors, client, mailoutbox):
    client.force_login(actors["author"])
    page = client.get(blind.get_absolute_url()).content.decode()
    assert (
        "Held back from reviewers:</strong> page 1 header names Ada Lovelace; "
        f"page 1 header names {AFFILIATION}." in page
    )
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert set(bodies) == {actors["author"].email, "grace@hopper-lab.net"}
    for body in bodies.values():
        assert (
            "The reviewers' copy of this PDF is held back: page 1 header names Ada Lovelace; "
            f"page 1 header names {AFFILIATION}." in body
        )


def test_chair_sees_what_was_found(blind, chair_client):
    page = chair_client.get(
        reverse("papers:chair-detail", args=[blind.edition.slug, blind.pk])
    ).content.decode()
    assert "Held back from reviewers:</strong> page 1 header names Ada Lovelace; " in page


def test_upload_warns_the_author_where_the_name_is(blind):
    warnings = blind.files.get().warnings.splitlines()
    assert warnings[0] == (
        "The PDF's page 1 header names Ada Lovelace (visible to reviewers of a double-blind paper)."
    )
    assert warnings[-1].startswith("The reviewers' copy is held back until a new version")


def test_clean_version_reaches_the_reviewer(blind, actors, client):
    version = paper_file_upload(paper=blind, by=actors["author"], uploaded=paper_pdf())
    assert version.blind_findings == ""
    client.force_login(actors["pc_member"])
    response = client.get(reverse("papers:reviewer-pdf", args=[blind.edition.slug, blind.pk]))
    assert b"".join(response.streaming_content) == version.anonymized.open("rb").read()


def test_single_blind_upload_is_not_scanned(edition, actors, topic):
    paper = submit(edition, actors["author"], topic, Anonymity.SINGLE_BLIND)
    version = paper.files.get()
    assert (version.blind_findings, version.warnings, version.anonymized.name) == ("", "", "")
