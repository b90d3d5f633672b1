from django.urls import reverse
from rest_framework.test import APIClient

from papers.enums import Decision
from papers.models import NotificationRun, PaperDecision


def _api(name, edition, **kw):
    return reverse(f"api:papers:{name}", kwargs={"edition": edition.slug, **kw})


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_chair_records_one_decision(chair, paper, edition):
    response = _client(chair).put(
        _api("decision", edition, pk=paper.pk), {"decision": "oral"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["recorded_decision"], response.json()["decision"]) == ("oral", "")


def test_chair_bulk_decisions_and_list(chair, make_paper, edition):
    a, b = make_paper(title="A"), make_paper(title="B")
    response = _client(chair).post(
        _api("decision-list", edition),
        {"papers": [a.pk, b.pk], "decision": "reject"},
        format="json",
    )
    assert response.status_code == 200
    assert [(r["paper"], r["recorded_decision"]) for r in response.json()] == [
        (a.pk, "reject"),
        (b.pk, "reject"),
    ]


def test_bulk_decision_error_is_json(chair, paper, edition):
    response = _client(chair).post(
        _api("decision-list", edition), {"papers": [999999], "decision": "oral"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["papers"] == [response.json()["detail"]]
    assert PaperDecision.objects.count() == 0


def test_author_cannot_decide_through_the_api(author_user, paper, edition):
    response = _client(author_user).put(
        _api("decision", edition, pk=paper.pk), {"decision": "oral"}, format="json"
    )
    assert response.status_code == 403
    assert PaperDecision.objects.count() == 0


def test_preview_send_and_progress(
    chair, paper, decide, edition, mailoutbox, django_capture_on_commit_callbacks
):
    decide(paper, Decision.ORAL)
    client = _client(chair)
    preview = client.get(_api("notification-preview", edition), {"paper": paper.pk})
    assert preview.json()["to"] == [a.email for a in paper.authors.all()]
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(_api("notification-start", edition))
    assert started.status_code == 201
    run = NotificationRun.objects.get()
    progress = client.get(_api("notification-run", edition, run=run.pk)).json()
    assert (progress["state"], progress["sent"], progress["total"]) == ("done", 1, 1)
    again = client.post(_api("notification-start", edition))
    assert (again.status_code, len(mailoutbox)) == (400, 1)


def test_author_decision_before_and_after_release(author_user, paper, decide, release, edition):
    decide(paper, Decision.POSTER)
    client = _client(author_user)
    url = _api("author-decision", edition, pk=paper.pk)
    before = client.get(url)
    assert (before.status_code, before.json()) == (
        403,
        {"detail": "You do not have permission to perform this action."},
    )
    release()
    body = client.get(url).json()
    assert (body["decision"], body["accepted"], body["reviews"]) == ("poster", True, [])


def test_stranger_gets_404_for_a_released_decision(actors, accepted, edition):
    url = _api("author-decision", edition, pk=accepted.pk)
    assert _client(actors["stranger"]).get(url).status_code == 404
