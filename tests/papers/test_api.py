import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories.emc2 import UserFactory
from tests.papers.conftest import DEADLINE, pdf_upload, set_deadline


@pytest.fixture
def api(author_user):
    client = APIClient()
    client.force_authenticate(author_user)
    return client


def _url(name, edition, **kw):
    return reverse(f"api:papers:{name}", kwargs={"edition": edition.slug, **kw})


def _payload(user, submission_type, topic, **overrides):
    return {
        "title": "Sparse attention on microcontrollers",
        "abstract": "We fit attention into 256 KB.",
        "keywords": "sparsity, MCU",
        "submission_type": submission_type.pk,
        "topics": [topic.pk],
        "authors": [
            {"name": "Ada Lovelace", "email": user.email, "is_contact": True},
            {"name": "Grace Hopper", "email": "grace@example.org"},
        ],
        **overrides,
    }


def test_api_create_then_upload_then_list_versions(
    api, edition, submission_type, topic, author_user
):
    created = api.post(
        _url("my-submission-list", edition),
        _payload(author_user, submission_type, topic),
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], [a["name"] for a in body["authors"]]) == (
        "draft", ["Ada Lovelace", "Grace Hopper"],
    )  # fmt: skip
    pk = body["id"]
    uploaded = api.post(
        _url("submission-files", edition, pk=pk),
        {"file": pdf_upload(2), "file_kind": "paper"},
        format="multipart",
    )
    assert uploaded.status_code == 201
    assert uploaded.json()["page_count"] == 2
    versions = api.get(_url("submission-files", edition, pk=pk)).json()
    assert [v["file_kind"] for v in versions] == ["paper"]
    assert Paper.objects.get(pk=pk).status == PaperStatus.SUBMITTED


def test_api_errors_are_json_with_field_messages(api, edition, submission_type, topic, author_user):
    response = api.post(
        _url("my-submission-list", edition),
        _payload(author_user, submission_type, topic, topics=[999999]),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "No such topic in this edition.",
        "topics": ["No such topic in this edition."],
    }


def test_api_upload_of_corrupt_pdf_is_refused_with_field(api, paper):
    response = api.post(
        _url("submission-files", paper.edition, pk=paper.pk),
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 junk")},
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["detail", "file"]
    assert paper.files.count() == 1


def test_api_update_after_deadline_is_refused(api, paper, submission_type, topic, author_user):
    set_deadline(paper.edition)
    with time_machine.travel(DEADLINE.timestamp() + 1, tick=False):
        response = api.put(
            _url("submission-detail", paper.edition, pk=paper.pk),
            _payload(author_user, submission_type, topic, title="Changed"),
            format="json",
        )
    assert response.status_code == 400
    assert "has passed" in response.json()["detail"]
    paper.refresh_from_db()
    assert paper.title == "Cheaper inference"


def test_api_update_before_deadline(api, paper, submission_type, topic, author_user):
    response = api.put(
        _url("submission-detail", paper.edition, pk=paper.pk),
        _payload(author_user, submission_type, topic, title="Changed"),
        format="json",
    )
    assert (response.status_code, response.json()["title"]) == (200, "Changed")


def test_api_withdraw(api, paper):
    response = api.post(_url("submission-withdraw", paper.edition, pk=paper.pk))
    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")


def test_api_stranger_cannot_see_or_upload(paper):
    client = APIClient()
    client.force_authenticate(UserFactory())
    detail = client.get(_url("submission-detail", paper.edition, pk=paper.pk))
    upload = client.post(
        _url("submission-files", paper.edition, pk=paper.pk),
        {"file": pdf_upload(1)},
        format="multipart",
    )
    mine = client.get(_url("my-submission-list", paper.edition))
    assert (detail.status_code, upload.status_code) == (404, 404)
    assert "Cheaper inference" not in detail.content.decode()
    assert mine.json()["results"] == []
    assert paper.files.count() == 1


def test_api_chair_lists_all_submissions(paper, chair):
    client = APIClient()
    client.force_authenticate(chair)
    response = client.get(_url("submission-list", paper.edition))
    assert [p["title"] for p in response.json()["results"]] == ["Cheaper inference"]


def test_api_my_list_only_this_edition(api, paper):
    response = api.get(_url("my-submission-list", paper.edition))
    assert [p["id"] for p in response.json()["results"]] == [paper.pk]


def test_openapi_schema_has_no_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/editions/{edition}/submissions/{id}/files/" in (
        tmp_path / "schema.yaml"
    ).read_text().replace("{pk}", "{id}")


def test_submission_options_give_the_ids_a_submission_names(client, edition):
    from emc2.models import Topic
    from papers.models import SubmissionType

    kind = SubmissionType.objects.create(edition=edition, name="Full paper")
    topic = Topic.objects.create(edition=edition, name="Quantization")
    data = client.get(f"/api/editions/{edition.slug}/submissions/options/").json()
    assert [(t["id"], t["name"]) for t in data["submission_types"]] == [(kind.pk, "Full paper")]
    assert [(t["id"], t["name"]) for t in data["topics"]] == [(topic.pk, "Quantization")]
