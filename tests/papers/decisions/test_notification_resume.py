"""A decision-mail run whose worker died: the chair sees how far it got and resumes it."""

from django.urls import reverse

from emc2.models import MailStatus, OutboxMail
from papers.enums import Decision
from papers.selectors import notification_run_get
from papers.services import notification_run_resume, notifications_start


def _url(name, edition, **kw):
    return reverse(f"papers:{name}", kwargs={"edition": edition.slug, **kw})


def _stuck_run(make_paper, decide, edition, chair, n=4, sent=1):
    for i in range(n):
        decide(make_paper(title=f"Paper {i}"), Decision.POSTER)
    run = notifications_start(edition=edition, by=chair)  # on_commit never fires: worker dead
    pks = list(
        OutboxMail.objects.filter(batch=run.batch).order_by("pk").values_list("pk", flat=True)
    )
    OutboxMail.objects.filter(pk__in=pks[:sent]).update(status=MailStatus.SENT)
    # The mail the dead worker held: claimed, never marked sent.
    OutboxMail.objects.filter(pk=pks[sent]).update(status=MailStatus.SENDING, attempts=1)
    return run


def test_a_stuck_run_shows_its_progress_and_a_resume_button(
    chair_client, make_paper, decide, edition, chair
):
    run = _stuck_run(make_paper, decide, edition, chair)
    page = chair_client.get(_url("chair-notifications", edition)).content.decode()
    assert "Sending: 1 of 4 sent, 3 queued." in page
    assert _url("chair-notification-resume", edition, run=run.pk) in page
    fragment = chair_client.get(_url("chair-notification-progress", edition, run=run.pk))
    assert b'hx-trigger="every 1s"' in fragment.content


def test_resume_sends_each_unsent_mail_once_and_the_run_completes(
    chair_client, make_paper, decide, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    run = _stuck_run(make_paper, decide, edition, chair)
    url = _url("chair-notification-resume", edition, run=run.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = chair_client.post(url)
    assert response["Location"] == _url("chair-notifications", edition)
    assert sorted(m.subject.split('"')[1] for m in mailoutbox) == ["Paper 1", "Paper 2", "Paper 3"]
    with django_capture_on_commit_callbacks(execute=True):
        chair_client.post(url)  # pressed again: nothing left to send
    assert len(mailoutbox) == 3
    page = chair_client.get(_url("chair-notifications", edition)).content.decode()
    assert "Done: 4 of 4 sent." in page
    assert url not in page


def test_resume_of_another_editions_run_is_a_404(
    client, make_paper, decide, edition, chair, actors, mailoutbox
):
    run = _stuck_run(make_paper, decide, edition, chair)
    client.force_login(actors["chair_other_edition"])
    response = client.post(_url("chair-notification-resume", edition, run=run.pk))
    assert response.status_code in (403, 404)
    assert OutboxMail.objects.filter(batch=run.batch, status=MailStatus.SENT).count() == 1


def test_a_decision_changed_before_its_notice_went_out_sends_only_the_new_one(
    make_paper, decide, edition, chair, mailoutbox, django_capture_on_commit_callbacks
):
    paper = make_paper(title="Changed")
    decide(paper, Decision.REJECT)
    first = notifications_start(edition=edition, by=chair)  # worker dead: not sent
    decide(paper, Decision.POSTER)
    with django_capture_on_commit_callbacks(execute=True):
        notifications_start(edition=edition, by=chair)
        notification_run_resume(run=first)  # even a resumed old run sends nothing stale
    assert [m.subject.split(": ")[-1] for m in mailoutbox] == ["accepted as a poster"]
    assert dict(OutboxMail.objects.values_list("key", "status")) == {
        f"decision:{paper.pk}:1": MailStatus.SUPERSEDED,
        f"decision:{paper.pk}:2": MailStatus.SENT,
    }
    assert str(notification_run_get(edition=edition, pk=first.pk).progress) == (
        "0 of 1 sent, 1 superseded"
    )
