"""Writes of decisions: settings, recording (one or in bulk), release, the public page,
notification e-mails (once per paper and decision version, through the outbox) and the
camera-ready upload with consent.

Lock order, always the same (docs/locking.md): the edition's PapersSettings row, then papers in
pk order, then notification rows.
"""

import logging

from django.db import transaction
from django.utils import timezone

from emc2.conditional import public_generation_bump
from emc2.mail import mail_batch_resume, mail_queue, mail_supersede
from emc2.models import Edition
from papers.enums import ACCEPTED_DECISIONS, Decision, FileKind
from papers.exceptions import PapersError
from papers.models import (
    CameraReadyConsent,
    DecisionLog,
    Notification,
    NotificationRun,
    NotificationTemplate,
    Paper,
    PaperDecision,
    PaperFile,
    PapersSettings,
)
from papers.selectors.decision import (
    accepted_page_cache_set,
    decidable_papers,
    notification_pending,
    notification_render,
    unknown_placeholders,
)
from papers.services.submission import paper_file_upload

logger = logging.getLogger(__name__)

CONSENT_STATEMENT = (
    "I confirm that all authors agree to the publication of this version in the workshop's "
    "proceedings and on its website, and that we hold the rights to publish it."
)


def _settings_for_update(edition: Edition) -> PapersSettings:
    PapersSettings.objects.get_or_create(edition=edition)
    settings = PapersSettings.objects.select_for_update(no_key=True).get(edition=edition)
    edition._papers_settings_cache = settings
    return settings


@transaction.atomic
def papers_settings_update(
    *,
    edition: Edition,
    by,
    enabled_decisions: list[str],
    accepted_page_published: bool,
    meta_reviews_to_authors: bool | None = None,
) -> PapersSettings:
    """Choose the decisions the edition uses, whether the accepted-papers page is public and
    whether authors read meta-reviews after the release (None: unchanged).

    Raises PapersError: no decision enabled, a decision in use disabled, or publishing the
    page before the decisions are released.
    """
    settings = _settings_for_update(edition)
    enabled = [v for v in Decision.values if v in set(enabled_decisions)]
    if not enabled:
        raise PapersError("Enable at least one decision.", field="enabled_decisions")
    in_use = set(
        PaperDecision.objects.filter(paper__edition=edition)
        .exclude(decision__in=enabled)
        .values_list("decision", flat=True)
    )
    if in_use:
        labels = ", ".join(Decision(v).label for v in sorted(in_use))
        raise PapersError(
            f"Papers already have these decisions: {labels}. Change them first.",
            field="enabled_decisions",
        )
    if accepted_page_published and not settings.decisions_released:
        raise PapersError(
            "Release the decisions before publishing the accepted papers.",
            field="accepted_page_published",
        )
    settings.enabled_decisions = enabled
    settings.accepted_page_published = accepted_page_published
    if meta_reviews_to_authors is not None:
        settings.meta_reviews_to_authors = meta_reviews_to_authors
    settings.save()
    transaction.on_commit(
        lambda: accepted_page_cache_set(edition=edition, published=accepted_page_published)
    )
    return settings


def _record(*, paper: Paper, decision: str, by, released: bool) -> PaperDecision:
    pending = PaperDecision.objects.filter(paper=paper).first()
    if pending is None:
        pending = PaperDecision.objects.create(paper=paper, decision=decision, decided_by=by)
    else:
        if pending.decision != decision:
            pending.version += 1  # a new notice for the new decision
        pending.decision, pending.decided_by = decision, by
        pending.save(update_fields=["decision", "decided_by", "decided_at", "version"])
    DecisionLog.objects.create(paper=paper, decision=decision, by=by)
    if released and paper.decision != decision:
        paper.decision = decision
        paper.save(update_fields=["decision", "updated"])
    return pending


def _check_decision(settings: PapersSettings, decision: str) -> None:
    if decision not in settings.enabled_decisions:
        raise PapersError("This edition does not use that decision.", field="decision")


@transaction.atomic
def decision_record(*, paper: Paper, by, decision: str) -> PaperDecision:
    """Record the chair's decision on one paper and an audit row.

    Before release only chairs see it; after release it is the paper's decision at once. A
    changed decision gets a new version: the chair's next "send" queues a new notice for it.
    Raises PapersError: the edition does not use the decision, or the paper is withdrawn or
    still a draft.
    """
    # Lock order (docs/locking.md): the settings row, then the paper; checks after both.
    settings = _settings_for_update(paper.edition)
    _check_decision(settings, decision)
    # Lock the paper: a withdrawal racing the decision must not leave a decided withdrawn
    # paper, a review being saved waits for the decision, and two chairs deciding at once
    # leave one consistent log. The status filter is re-read once the lock is granted. of=self:
    # Paper's default ordering joins the edition, whose row must not be locked with it.
    locked = (
        decidable_papers(edition=paper.edition)
        .select_for_update(no_key=True, of=("self",))
        .filter(pk=paper.pk)
        .first()
    )
    if locked is None:
        raise PapersError("Only submitted papers that are not withdrawn can be decided.")
    return _record(paper=locked, decision=decision, by=by, released=settings.decisions_released)


@transaction.atomic
def decisions_record_bulk(
    *, edition: Edition, by, paper_ids: list[int], decision: str
) -> list[PaperDecision]:
    """The same decision on several papers, all or none. Raises PapersError like
    ``decision_record``, naming the papers that cannot be decided."""
    settings = _settings_for_update(edition)
    _check_decision(settings, decision)
    ids = sorted(set(paper_ids))
    if not ids:
        raise PapersError("Select at least one paper.", field="papers")
    # Papers locked in pk order (the queryset's order), the same order everywhere.
    papers = list(
        decidable_papers(edition=edition).select_for_update().filter(pk__in=ids).order_by("pk")
    )
    missing = sorted(set(ids) - {p.pk for p in papers})
    if missing:
        raise PapersError(
            "These papers cannot be decided (withdrawn, a draft, or not in this edition): "
            + ", ".join(f"#{pk}" for pk in missing),
            field="papers",
        )
    return [
        _record(paper=p, decision=decision, by=by, released=settings.decisions_released)
        for p in papers
    ]


@transaction.atomic
def decisions_release(*, edition: Edition, by) -> int:
    """Make the recorded decisions the papers' decisions: authors see them from now on.

    Idempotent; returns how many papers got a decision.
    """
    settings = _settings_for_update(edition)
    n = 0
    for value in Decision.values:
        n += (
            Paper.objects.filter(edition=edition, pending__decision=value)
            .exclude(decision=value)
            .update(decision=value, updated=timezone.now())
        )
    if n:
        # update() sends no post_save: the accepted papers on person pages changed.
        public_generation_bump()
    if not settings.decisions_released:
        settings.decisions_released = True
        settings.released_at = timezone.now()
        settings.save(update_fields=["decisions_released", "released_at"])
    return n


@transaction.atomic
def notification_template_save(
    *, edition: Edition, by, decision: str, subject: str, body: str
) -> NotificationTemplate:
    """Save the e-mail of one decision kind. Raises PapersError on unknown placeholders."""
    if decision not in Decision.values:
        raise PapersError("Unknown decision.", field="decision")
    for field, text in (("subject", subject), ("body", body)):
        unknown = unknown_placeholders(text)
        if unknown:
            raise PapersError(
                "Unknown placeholder: " + ", ".join("{" + u + "}" for u in unknown), field=field
            )
    if not subject.strip() or not body.strip():
        raise PapersError("A subject and a text are required.")
    template, _ = NotificationTemplate.objects.update_or_create(
        edition=edition, decision=decision, defaults={"subject": subject.strip(), "body": body}
    )
    return template


@transaction.atomic
def notifications_start(*, edition: Edition, by) -> NotificationRun:
    """Queue the decision e-mail of every decided paper not notified of its current decision;
    release the decisions.

    Nothing left to send raises PapersError. Each paper gets one Notification row per decision
    version (unique), created here under the settings lock, and one outbox mail (key
    ``decision:<paper>:<version>``, batch ``run.batch``) in the same transaction, so no paper
    is ever queued twice. A run whose worker died never blocks a new one: the new run takes
    only what no run took, and the old one is resumed with ``notification_run_resume``.
    """
    # The settings row serializes two presses of the button: the second waits, then finds
    # every paper already queued.
    settings = _settings_for_update(edition)
    decided = notification_pending(edition=edition)
    if not decided:
        raise PapersError("Every decided paper has been notified already.")
    if not settings.decisions_released:
        decisions_release(edition=edition, by=by)
    run = NotificationRun.objects.create(edition=edition, started_by=by, total=len(decided))
    notices = Notification.objects.bulk_create(
        Notification(paper_id=d.paper_id, run=run, decision=d.decision, version=d.version)
        for d in decided
    )
    papers = Paper.objects.select_related("edition").in_bulk([d.paper_id for d in decided])
    # A notice of an older decision that has not gone out yet must not go out at all.
    mail_supersede(
        keys=[
            Notification(kind="decision", paper_id=d.paper_id, version=v).mail_key
            for d in decided
            for v in range(1, d.version)
        ]
    )
    for notice in notices:
        paper = papers[notice.paper_id]
        mail = notification_render(paper=paper, decision=notice.decision)
        mail_queue(
            key=notice.mail_key,
            to=mail["to"],
            subject=mail["subject"],
            body=mail["body"],
            edition=edition,
            batch=run.batch,
            guard_perm="papers.view_paper",
            guard_objects=[paper],
        )
    return run


def notification_run_resume(*, run: NotificationRun) -> int:
    """Queue again every mail of ``run`` not sent yet (its worker died, or SMTP failed).

    Sent mails are never touched, so pressing Resume twice sends nothing twice. Returns
    how many mails were queued again.
    """
    return mail_batch_resume(batch=run.batch)


def camera_ready_upload(*, paper: Paper, by, uploaded, consent: bool) -> PaperFile:
    """Upload the camera-ready PDF of an accepted paper, with the authors' consent.

    Same checks as every upload (PDF, pages + 1, size; no anonymity), before the camera-ready
    deadline. Mails all authors. Raises PapersError (consent missing, decisions not released,
    not accepted), DeadlinePassed or UploadRejected.
    """
    if not consent:
        raise PapersError("Confirm the publication consent to upload.", field="consent")
    from papers.selectors.decision import decisions_released

    if not decisions_released(edition=paper.edition) or paper.decision not in ACCEPTED_DECISIONS:
        raise PapersError("A camera-ready version is only for accepted papers.")
    version = paper_file_upload(
        paper=paper, by=by, kind=FileKind.CAMERA_READY, uploaded=uploaded, consent=True
    )
    CameraReadyConsent.objects.create(paper=paper, file=version, by=by, statement=CONSENT_STATEMENT)
    return version
