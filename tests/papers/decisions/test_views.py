import re

import pytest
from django.urls import reverse

from papers.enums import Decision, FileKind
from papers.models import Author, NotificationRun, PaperDecision
from tests.papers.conftest import pdf_upload


def _url(name, edition, **kw):
    return reverse(f"papers:{name}", kwargs={"edition": edition.slug, **kw})


# Chairs --------------------------------------------------------------------------------------


def test_chair_bulk_decision_records_the_checked_papers(chair_client, make_paper, edition):
    a, b, c = (make_paper(title=t) for t in ("Alpha", "Beta", "Gamma"))
    response = chair_client.post(
        _url("chair-decisions", edition), {"papers": [a.pk, c.pk], "decision": Decision.ORAL}
    )
    assert response.status_code == 302
    assert dict(PaperDecision.objects.values_list("paper__title", "decision")) == {
        "Alpha": Decision.ORAL,
        "Gamma": Decision.ORAL,
    }


def test_chair_bulk_decision_offers_only_enabled_decisions(chair_client, paper, edition, publish):
    from papers.services import papers_settings_update

    papers_settings_update(
        edition=edition,
        by=None,
        enabled_decisions=[Decision.POSTER, Decision.REJECT],
        accepted_page_published=False,
    )
    response = chair_client.post(
        _url("chair-decisions", edition), {"papers": [paper.pk], "decision": Decision.ORAL}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["decision"]
    assert PaperDecision.objects.count() == 0


def test_chair_decision_table_sorts_by_title(chair_client, make_paper, edition):
    for t in ("Zeta", "Alpha", "Mu"):
        make_paper(title=t)
    response = chair_client.get(_url("chair-decisions", edition), {"sort": "title"})
    assert [p.title for p in response.context["papers"]] == ["Alpha", "Mu", "Zeta"]


@pytest.mark.parametrize("rows", [1, 5])
def test_chair_decision_table_query_count(
    rows, chair_client, make_paper, decide, edition, django_assert_max_num_queries
):
    for i in range(rows):
        decide(make_paper(title=f"P{i}"), Decision.POSTER)
    # Includes the chair's own conflicts (papers.access): a fixed cost, not per row.
    with django_assert_max_num_queries(24):
        response = chair_client.get(_url("chair-decisions", edition))
    assert len(response.context["papers"]) == rows


def test_chair_release_then_publish(chair_client, paper, decide, edition):
    decide(paper, Decision.LIGHTNING)
    url = _url("chair-decision-settings", edition)
    response = chair_client.post(url, {"release": "1", "confirm": "on"})
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.decision == Decision.LIGHTNING
    response = chair_client.post(
        url, {"enabled_decisions": list(Decision.values), "accepted_page_published": "on"}
    )
    assert response.status_code == 302
    assert chair_client.get(_url("public-accepted", edition)).context["published"] is True


def test_chair_notifications_preview_and_send(
    chair_client, paper, decide, edition, mailoutbox, django_capture_on_commit_callbacks
):
    decide(paper, Decision.POSTER)
    url = _url("chair-notifications", edition)
    response = chair_client.get(url, {"decision": Decision.POSTER, "paper": paper.pk})
    assert response.context["preview"]["subject"].endswith(
        '"Cheaper inference": accepted as a poster'
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(url, {"send": "1", "confirm": "on"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        chair_client.post(url, {"send": "1", "confirm": "on"})  # pressed twice
    assert len(mailoutbox) == 1
    run = NotificationRun.objects.get()
    progress = chair_client.get(_url("chair-notification-progress", edition, run=run.pk))
    assert b"1 of 1 sent" in progress.content
    assert b"hx-trigger" not in progress.content  # done: the fragment stops polling


def test_progress_fragment_polls_while_the_run_is_active(chair_client, paper, decide, edition):
    from papers.services import notifications_start

    decide(paper)
    run = notifications_start(edition=edition, by=None)  # task not run: pending
    response = chair_client.get(_url("chair-notification-progress", edition, run=run.pk))
    assert b'hx-trigger="every 1s"' in response.content


def test_chair_saves_a_template_and_unknown_placeholders_are_form_errors(chair_client, edition):
    url = _url("chair-notifications", edition) + "?decision=reject"
    bad = chair_client.post(url, {"decision": "reject", "subject": "{name}", "body": "x"})
    assert bad.context["form"].errors == {"subject": ["Unknown placeholder: {name}"]}
    ok = chair_client.post(url, {"decision": "reject", "subject": "About {title}", "body": "x"})
    assert ok.status_code == 302
    page = chair_client.get(url)
    assert page.context["form"].initial["subject"] == "About {title}"


# Authors --------------------------------------------------------------------------------------


def test_author_sees_nothing_before_release(client, paper, decide, edition, author_user):
    decide(paper, Decision.REJECT)
    client.force_login(author_user)
    detail = client.get(paper.get_absolute_url())
    assert b"Decision" not in detail.content
    assert b"Rejected" not in detail.content
    assert detail.context["paper"].status_label == "Submitted"
    assert client.get(_url("author-decision", edition, pk=paper.pk)).status_code == 403


def test_author_sees_the_decision_after_release(client, accepted, edition, author_user):
    client.force_login(author_user)
    detail = client.get(accepted.get_absolute_url())
    assert b"Accept as poster" in detail.content
    page = client.get(_url("author-decision", edition, pk=accepted.pk))
    assert page.context["outcome"]["text"] == "accepted as a poster"


def test_author_camera_ready_needs_consent(client, accepted, edition, author_user):
    client.force_login(author_user)
    url = _url("author-camera-ready", edition, pk=accepted.pk)
    refused = client.post(url, {"file": pdf_upload(1)})
    assert refused.status_code == 400
    assert list(refused.context["form"].errors) == ["consent"]
    done = client.post(url, {"file": pdf_upload(1), "consent": "on"})
    assert done.status_code == 302
    assert accepted.files.filter(kind=FileKind.CAMERA_READY).count() == 1


def test_coauthor_without_account_link_cannot_upload(client, accepted, edition, actors):
    client.force_login(actors["stranger"])
    url = _url("author-camera-ready", edition, pk=accepted.pk)
    assert client.post(url, {"file": pdf_upload(1), "consent": "on"}).status_code == 404


# Public page ----------------------------------------------------------------------------------


def test_public_page_is_missing_until_published(client, accepted, edition, publish):
    url = _url("public-accepted", edition)
    assert client.get(url).status_code == 404
    publish()
    response = client.get(url)
    assert [g["title"] for g in response.context["groups"]] == ["Poster sessions"]
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    assert "Ada Lovelace and Grace Hopper" in text
    assert "Lab" in text  # the affiliation line
    assert b"Cheaper inference" in response.content


def test_public_page_links_each_paper_to_its_paper_page(client, accepted, edition, publish):
    publish()
    response = client.get(_url("public-accepted", edition))
    paper = response.context["groups"][0]["papers"][0]
    assert paper.public_url == f"/{edition.slug}/papers/{paper.pk}-cheaper-inference/"
    assert f'<a href="{paper.public_url}">' in response.content.decode()
    page = client.get(paper.public_url)
    assert page.status_code == 200
    assert page.context["paper"].pk == paper.pk


def test_public_page_lists_neither_rejected_nor_unreleased_papers(
    client, make_paper, decide, edition, publish, release
):
    decide(make_paper(title="Kept"), Decision.ORAL)
    decide(make_paper(title="Turned down"), Decision.REJECT)
    release()
    publish()
    decide(make_paper(title="Decided after release"), Decision.ORAL)
    # A decision recorded after release is the paper's decision at once: it is listed.
    response = client.get(_url("public-accepted", edition))
    titles = [p.title for g in response.context["groups"] for p in g["papers"]]
    assert titles == ["Decided after release", "Kept"]


def test_nav_shows_papers_only_when_published(
    client, accepted, edition, publish, django_capture_on_commit_callbacks
):
    url = reverse("edition", kwargs={"edition": edition.slug})
    assert ("Papers", _url("public-accepted", edition)) not in client.get(url).context[
        "edition_nav"
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the cached flag is set on commit
        publish()
    assert ("Papers", _url("public-accepted", edition)) in client.get(url).context["edition_nav"]


@pytest.mark.parametrize("rows", [1, 5])
def test_public_page_query_count(
    rows, client, make_paper, decide, edition, publish, release, django_assert_max_num_queries
):
    for i in range(rows):
        paper = make_paper(title=f"Paper {i}")
        Author.objects.create(paper=paper, order=9, name=f"Third {i}", email=f"t{i}@example.org")
        decide(paper, [Decision.ORAL, Decision.POSTER][i % 2])
    release()
    publish()
    # 10 with the paper-page links (program's visibility rule: two cheap lookups).
    with django_assert_max_num_queries(10):
        response = client.get(_url("public-accepted", edition))
    assert sum(len(g["papers"]) for g in response.context["groups"]) == rows


def test_notifications_page_shows_the_latest_run(
    chair_client, paper, decide, edition, django_capture_on_commit_callbacks
):
    from papers.services import notifications_start

    decide(paper, Decision.REJECT)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_start(edition=edition, by=None)
    response = chair_client.get(_url("chair-notifications", edition), {"decision": "reject"})
    assert response.context["pending"] == 0
    assert b"Done: 1 of 1 sent." in response.content


def test_publishing_before_release_is_a_form_error(chair_client, edition):
    response = chair_client.post(
        _url("chair-decision-settings", edition),
        {"enabled_decisions": list(Decision.values), "accepted_page_published": "on"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "accepted_page_published": ["Release the decisions before publishing the accepted papers."]
    }
