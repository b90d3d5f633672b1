"""Issue 12: supplementary material reaches reviewers of a double-blind paper only through
the same checks as the paper: a ZIP's member names, PDF members and text members."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emc2.enums import RoleKind
from papers.enums import Anonymity, FileKind
from papers.models import ReviewAssignment
from papers.services import paper_create, paper_file_upload
from papers.validators import check_supplementary
from tests.factories.emc2 import user_with_role
from tests.factories.papers import SubmissionTypeFactory, make_pdf

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Ada Lovelace", "ada@analytical-engines.org"


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def check(data: bytes):
    return check_supplementary(
        data=data, name="", author_names=[NAME], needles=[EMAIL, "analytical-engines.org"],
        blind=True,
    )  # fmt: skip


def test_zip_member_name_naming_an_author_is_held_back():
    info = check(zip_of({"lovelace_experiments/run.py": b"print(1)"}))
    assert info.blocked == [
        "the name of ZIP member lovelace_experiments/run.py names Lovelace",
    ]


def test_zip_text_member_naming_an_author_is_held_back():
    info = check(zip_of({"README.md": f"Contact {EMAIL}".encode()}))
    assert info.blocked == [
        f"ZIP member README.md names {EMAIL}",
        "ZIP member README.md names analytical-engines.org",
    ]


def test_zip_pdf_member_is_examined_like_the_paper():
    info = check(zip_of({"appendix.pdf": make_pdf(author=NAME)}))
    assert info.blocked == [
        f"ZIP member appendix.pdf: the document information (Author) names {NAME}"
    ]
    assert info.unchecked == []


def test_zip_members_that_cannot_be_read_are_listed_unchecked():
    info = check(zip_of({"code/train.py": b"x = 1", "figure.png": b"\x89PNG...", "inner.zip": b""}))
    assert (info.blocked, info.unchecked) == ([], ["ZIP member figure.png", "ZIP member inner.zip"])


def test_zip_bomb_member_is_not_read():
    bomb = zip_of({"data.csv": b"0" * (40 * 1024 * 1024)})
    assert len(bomb) < 100_000
    info = check(bomb)
    assert info.unchecked == ["ZIP member data.csv"]


def test_supplementary_pdf_gets_a_rebuilt_copy():
    info = check(make_pdf(author=NAME))
    assert info.ext == ".pdf"
    assert info.blocked == []
    assert NAME.encode() not in info.anonymized


@pytest.fixture
def world(edition, actors, topic):
    def make(*, allow_unchecked=False):
        submission_type = SubmissionTypeFactory(
            edition=edition,
            anonymity=Anonymity.DOUBLE_BLIND,
            reviewers_get_unchecked_supplementary=allow_unchecked,
        )
        paper = paper_create(
            edition=edition,
            by=actors["author"],
            title="Engines",
            abstract="Numbers.",
            submission_type=submission_type,
            topics=[topic],
            authors=[{"name": NAME, "email": actors["author"].email, "is_contact": True}],
            pdf=SimpleUploadedFile("p.pdf", make_pdf(), "application/pdf"),
        )
        ReviewAssignment.objects.create(paper=paper, reviewer=actors["pc_member"])
        return paper

    return make


def upload(paper, by, data: bytes, name="supp.zip"):
    return paper_file_upload(
        paper=paper, by=by, kind=FileKind.SUPPLEMENTARY, uploaded=SimpleUploadedFile(name, data)
    )


def fetch(client, paper):
    return client.get(reverse("papers:reviewer-supplementary", args=[paper.edition.slug, paper.pk]))


def test_reviewer_gets_a_clean_zip(world, actors, client):
    paper = world()
    data = zip_of({"code/train.py": b"x = 1"})
    upload(paper, actors["author"], data)
    client.force_login(actors["pc_member"])
    response = fetch(client, paper)
    assert b"".join(response.streaming_content) == data
    page = client.get(reverse("papers:reviewer-paper", args=[paper.edition.slug, paper.pk]))
    assert "Supplementary material</a>" in page.content.decode()


def test_reviewer_does_not_get_a_zip_naming_an_author(world, actors, client):
    paper = world()
    version = upload(paper, actors["author"], zip_of({"README.md": f"by {NAME}".encode()}))
    assert version.blind_findings == f"ZIP member README.md names {NAME}"
    client.force_login(actors["pc_member"])
    assert fetch(client, paper).status_code == 404
    page = client.get(reverse("papers:reviewer-paper", args=[paper.edition.slug, paper.pk]))
    assert "The supplementary material is held back until it is checked." in page.content.decode()


@pytest.mark.parametrize(("allowed", "status"), [(False, 404), (True, 200)])
def test_unchecked_members_reach_reviewers_only_if_the_chair_allows(
    world, actors, client, allowed, status
):
    paper = world(allow_unchecked=allowed)
    upload(paper, actors["author"], zip_of({"figure.png": b"\x89PNG"}))
    client.force_login(actors["pc_member"])
    assert fetch(client, paper).status_code == status


def test_reviewer_gets_the_rebuilt_supplementary_pdf(world, actors, client):
    paper = world()
    version = upload(paper, actors["author"], make_pdf(author=NAME), name="appendix.pdf")
    client.force_login(actors["pc_member"])
    data = b"".join(fetch(client, paper).streaming_content)
    assert data == version.anonymized.open("rb").read()
    assert NAME.encode() not in data


def test_unassigned_member_gets_no_supplementary(world, actors, client):
    paper = world()
    upload(paper, actors["author"], zip_of({"code/train.py": b"x = 1"}))
    client.force_login(user_with_role(paper.edition, RoleKind.PC_MEMBER, email="idle@example.org"))
    assert fetch(client, paper).status_code == 404
