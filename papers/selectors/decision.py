"""Reads of decisions: settings, the chair's table, what authors may see, the public list,
and the notification e-mails (rendered from editable templates)."""

import re
from collections import Counter

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.template.loader import render_to_string

from emc2.enums import DateKey
from emc2.links import absolute_url
from emc2.mail import mail_batch_progress
from emc2.selectors import deadline_get, deadline_passed
from papers.enums import ACCEPTED_DECISIONS, Decision, PaperStatus
from papers.models import (
    Author,
    Notification,
    NotificationRun,
    NotificationTemplate,
    Paper,
    PaperDecision,
    PapersSettings,
    RunState,
)

PLACEHOLDERS = ("title", "decision", "reviews", "authors", "edition", "camera_ready_deadline")
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")

# Labels authors read, in e-mails and on the public page.
DECISION_TEXT = {
    Decision.ORAL: "accepted as an oral presentation",
    Decision.LIGHTNING: "accepted as a lightning talk",
    Decision.POSTER: "accepted as a poster",
    Decision.REJECT: "not accepted",
}
GROUP_TITLES = {
    Decision.ORAL: "Paper sessions (oral presentations)",
    Decision.LIGHTNING: "Lightning talks",
    Decision.POSTER: "Poster sessions",
}


def papers_settings_get(*, edition) -> PapersSettings:
    """The edition's settings; an unsaved default row when the chair never changed them.

    Cached on the edition object, since rules ask for it several times per request.
    """
    cached = getattr(edition, "_papers_settings_cache", None)
    if cached is None:
        cached = PapersSettings.objects.filter(edition=edition).first() or PapersSettings(
            edition=edition
        )
        edition._papers_settings_cache = cached
    return cached


def _page_cache_key(edition) -> str:
    # The slug too: test databases reuse primary keys, the cache outlives them.
    return f"papers:accepted-page:{edition.pk}:{edition.slug}"


# Minutes, not hours: with a per-process cache (locmem) other processes see a change late.
PAGE_FLAG_TIMEOUT = 300


def accepted_page_published_cached(*, edition) -> bool:
    """Whether the accepted-papers page is public, from the cache when possible (the edition
    navigation asks on every page). Set when an edition is created and when a chair saves
    the settings; other processes may see a change up to PAGE_FLAG_TIMEOUT seconds late."""
    key = _page_cache_key(edition)
    value = cache.get(key)
    if value is None:
        value = papers_settings_get(edition=edition).accepted_page_published
        cache.set(key, value, timeout=PAGE_FLAG_TIMEOUT)
    return value


def accepted_page_cache_set(*, edition, published: bool) -> None:
    cache.set(_page_cache_key(edition), published, timeout=PAGE_FLAG_TIMEOUT)


def paper_is_decided(*, paper: Paper) -> bool:
    """A chair recorded a decision, released or not: reviews and meta-reviews close then."""
    return bool(paper.decision) or PaperDecision.objects.filter(paper=paper).exists()


def accepted_page_published(*, edition) -> bool:
    """Whether the chair made the accepted papers public (read fresh, not from the cache)."""
    return PapersSettings.objects.filter(edition=edition, accepted_page_published=True).exists()


def decisions_released(*, edition) -> bool:
    return papers_settings_get(edition=edition).decisions_released


def decidable_papers(*, edition) -> QuerySet[Paper]:
    """Papers a decision can be recorded on: submitted (or under review), not withdrawn."""
    return Paper.objects.filter(
        edition=edition, status__in=[PaperStatus.SUBMITTED, PaperStatus.UNDER_REVIEW]
    )


def _score_key(p):
    mean = (p.scores or {}).get("mean_overall")
    # Best first; papers without a score last.
    return (mean is None, -(mean or 0), p.pk)


SORTS = {
    "id": lambda p: p.pk,
    "score": _score_key,
    "title": lambda p: (p.title.lower(), p.pk),
    "decision": lambda p: (getattr(p.pending_or_none, "decision", "~"), p.pk),
}


def _for_decider(qs, *, edition, user):
    if user is None:
        return qs
    from papers.access import chair_conflicted_ids

    return qs.exclude(pk__in=chair_conflicted_ids(user=user, edition=edition))


def decision_list_for_chair(*, edition, sort: str = "id", user=None) -> list[Paper]:
    """Decidable papers with their pending decision (``pending_or_none``), authors and
    review scores (``scores``: count, assigned, mean_overall, spread; see review_scores).

    ``sort`` is one of ``SORTS`` ("score": best mean overall first); unknown values sort by id.
    With ``user``, the papers they may not decide are left out (papers.access).
    """
    from papers.selectors.review import review_scores

    scores = review_scores(edition=edition)
    papers = list(
        _for_decider(decidable_papers(edition=edition), edition=edition, user=user)
        .select_related("submission_type", "pending")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.order_by("order")),
        )
        .order_by("pk")
    )
    for p in papers:
        p.pending_or_none = getattr(p, "pending", None) if _has_pending(p) else None
        p.scores = scores.get(p.pk)
    return sorted(papers, key=SORTS.get(sort, SORTS["id"]))


def _has_pending(paper) -> bool:
    try:
        paper.pending  # noqa: B018 (select_related: no query)
    except PaperDecision.DoesNotExist:
        return False
    return True


def decision_counts(*, edition, user=None) -> list[tuple[str, int]]:
    """How many decidable papers have each pending decision, and how many have none."""
    papers = _for_decider(decidable_papers(edition=edition), edition=edition, user=user)
    counts = Counter(
        PaperDecision.objects.filter(paper__in=papers).values_list("decision", flat=True)
    )
    undecided = papers.count() - sum(counts.values())
    return [(label, counts.get(value, 0)) for value, label in Decision.choices] + [
        ("Undecided", undecided)
    ]


def decision_for_author(*, paper: Paper) -> dict | None:
    """What the paper's authors may know: nothing before release; then the decision and
    the to-author parts of the submitted reviews (numbered, never the reviewers' names)."""
    if not paper.decision or not decisions_released(edition=paper.edition):
        return None
    from papers.selectors.review import meta_review_for_authors, reviews_for_author

    return {
        "decision": paper.decision,
        "label": Decision(paper.decision).label,
        "text": DECISION_TEXT[Decision(paper.decision)],
        "accepted": paper.decision in ACCEPTED_DECISIONS,
        "reviews": reviews_for_author(paper=paper),
        "meta_review": meta_review_for_authors(paper=paper),
    }


def camera_ready_deadline(*, edition):
    return deadline_get(edition=edition, key=DateKey.CAMERA_READY)


def camera_ready_open(*, edition) -> bool:
    return not deadline_passed(edition=edition, key=DateKey.CAMERA_READY)


def accepted_papers_grouped(*, edition) -> list[dict]:
    """Accepted papers of a released edition grouped by decision (orals, lightning, posters).

    Each group: ``{"decision", "title", "papers"}``; papers by title with authors in order.
    Three queries whatever the number of papers.
    """
    from emc2.selectors import public_urls
    from papers.selectors.submission import papers_accepted

    papers = list(papers_accepted(edition=edition))
    urls = public_urls(edition=edition, objs=papers)
    for p in papers:
        p.affiliations = list(
            dict.fromkeys(a.affiliation for a in p.authors.all() if a.affiliation)
        )
        p.public_url = urls.get(p.pk, "")
    return [
        {
            "decision": value,
            "title": GROUP_TITLES[value],
            "papers": [p for p in papers if p.decision == value],
        }
        for value in ACCEPTED_DECISIONS
        if any(p.decision == value for p in papers)
    ]


# Notifications ---------------------------------------------------------------------------------


def notification_template_default(*, decision: str) -> tuple[str, str]:
    subject = render_to_string("papers/email/notification_subject.txt").strip()
    body = render_to_string(f"papers/email/notification_{decision}.txt")
    return subject, body


def notification_templates(*, edition) -> dict[str, tuple[str, str]]:
    """Subject and body per decision value: the chair's saved text, else the default."""
    saved = {
        t.decision: (t.subject, t.body)
        for t in NotificationTemplate.objects.filter(edition=edition)
    }
    return {
        value: saved.get(value) or notification_template_default(decision=value)
        for value in Decision.values
    }


def unknown_placeholders(text: str) -> list[str]:
    return sorted({m for m in PLACEHOLDER_RE.findall(text) if m not in PLACEHOLDERS})


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace ``{name}`` for the known names only (no str.format: no attribute access)."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def reviews_text(*, paper: Paper) -> str:
    """The to-author parts of the paper's submitted reviews, as plain text for e-mails.

    Never who wrote them, never a confidential field (papers.selectors.reviews_for_author).
    """
    from papers.selectors.review import meta_review_for_authors, reviews_for_author

    reviews = reviews_for_author(paper=paper)
    meta = meta_review_for_authors(paper=paper)
    if not reviews and not meta:
        return "(No reviews are available for this paper.)"
    parts = [f"--- Meta-review ---\n\n{meta}"] if meta else []
    for review in reviews:
        lines = [f"--- Review {review['number']} ---"]
        for row in review["fields"]:
            if row["display"] in ("", None):
                continue
            if row["kind"] == "text":
                lines.append(f"{row['label']}:\n{row['display']}")
            else:
                lines.append(f"{row['label']}: {row['display']}")
        parts.append("\n\n".join(lines))
    return "\n\n".join(parts)


def notification_values(*, paper: Paper, decision: str) -> dict[str, str]:
    deadline = camera_ready_deadline(edition=paper.edition)
    if deadline is not None:
        from papers.services.submission import deadline_label

        deadline_text = deadline_label(deadline)
    else:
        deadline_text = "the camera-ready deadline"
    return {
        "title": paper.title,
        "decision": DECISION_TEXT[Decision(decision)],
        "reviews": reviews_text(paper=paper),
        "authors": ", ".join(a.name for a in paper.authors.all()),
        "edition": paper.edition.title,
        "camera_ready_deadline": deadline_text,
    }


def notification_render(
    *, paper: Paper, decision: str, subject: str | None = None, body: str | None = None
) -> dict:
    """The e-mail ``paper``'s authors get for ``decision``: subject, body, recipients.

    ``subject``/``body`` override the saved template (the chair's preview of unsaved text).
    """
    saved_subject, saved_body = notification_templates(edition=paper.edition)[decision]
    values = notification_values(paper=paper, decision=decision)
    link = absolute_url(paper.get_absolute_url())
    text = fill_placeholders(saved_body if body is None else body, values)
    return {
        "subject": fill_placeholders(saved_subject if subject is None else subject, values)[:200],
        "body": text.rstrip() + f"\n\nYour submission: {link}\n",
        "to": [a.email for a in paper.authors.all()],
    }


def _with_progress(run: NotificationRun | None) -> NotificationRun | None:
    """Fill ``state``, ``sent``, ``failed`` and ``progress`` of ``run`` from its outbox mails."""
    if run is None:
        return None
    progress = mail_batch_progress(batch=run.batch)
    run.progress = progress
    run.sent, run.failed, run.queued = progress.sent, progress.failed, progress.queued
    run.queued += progress.sending
    if progress.queued or progress.sending:
        run.state = RunState.RUNNING if progress.sent or progress.sending else RunState.PENDING
    else:
        run.state = RunState.FAILED if progress.failed else RunState.DONE
    return run


def notification_run_latest(*, edition) -> NotificationRun | None:
    return _with_progress(
        NotificationRun.objects.filter(edition=edition).order_by("-created", "-pk").first()
    )


def notification_run_get(*, edition, pk: int) -> NotificationRun:
    from django.http import Http404

    try:
        return _with_progress(NotificationRun.objects.get(edition=edition, pk=pk))
    except NotificationRun.DoesNotExist:
        raise Http404("No such notification run.") from None


def notification_pending(*, edition) -> list[PaperDecision]:
    """Decided papers (their PaperDecision) with no notice of their current decision version."""
    noticed = Notification.objects.filter(
        paper=OuterRef("paper"), kind="decision", version=OuterRef("version")
    )
    return list(
        PaperDecision.objects.filter(paper__in=decidable_papers(edition=edition))
        .exclude(Exists(noticed))
        .order_by("paper_id")
    )


def notification_pending_count(*, edition) -> int:
    """Decided papers whose current decision's e-mail has not been queued yet."""
    return len(notification_pending(edition=edition))
