"""Access rows of decisions: chair pages, the author's decision page, the public
accepted-papers page, and their API. The world's paper is accepted, decisions are released
and notified (a run still pending) and the accepted-papers page is published."""

from emc2.models import OutboxMail
from papers.enums import Decision
from papers.models import NotificationRun, PaperDecision, PaperFile
from papers.services import (
    decision_record,
    decisions_release,
    notifications_start,
    papers_settings_update,
)
from tests.access.table import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    Route,
    api_only,
    everyone,
    goes_to,
    only,
    tables,
)


def build(world) -> None:
    chair = world.users["chair"]
    decision_record(paper=world.paper, by=chair, decision=Decision.ORAL)
    decisions_release(edition=world.edition, by=chair)
    papers_settings_update(
        edition=world.edition,
        by=chair,
        enabled_decisions=list(Decision.values),
        accepted_page_published=True,
    )
    world.paper.refresh_from_db()
    world.run = notifications_start(edition=world.edition, by=chair)


ed = lambda w: {"edition": w.edition.slug}  # noqa: E731
pk = lambda w: {"edition": w.edition.slug, "pk": w.paper.pk}  # noqa: E731
run = lambda w: {"edition": w.edition.slug, "run": w.run.pk}  # noqa: E731

AUTHOR_AND_CHAIR = {**everyone(NOT_FOUND), "anonymous": LOGIN, "author": OK, "chair": OK}
CHAIR = only("chair")

STATE = tables(PaperDecision, NotificationRun, PaperFile)
MAIL_STATE = tables(OutboxMail, NotificationRun)

ROUTES = [
    Route("papers:public-accepted", everyone(OK), ed, note="published"),
    Route("papers:author-decision", AUTHOR_AND_CHAIR, pk),
    Route(
        "papers:author-camera-ready",
        {**AUTHOR_AND_CHAIR, "author": 400, "chair": FORBIDDEN},
        pk,
        method="post",
        state=STATE,
        note="no file: form error",
    ),
    Route("papers:chair-decisions", CHAIR, ed),
    Route(
        "papers:chair-decisions",
        only("chair", ok=400),
        ed,
        method="post",
        state=STATE,
        note="nothing selected: form error",
    ),
    Route("papers:chair-decision-settings", CHAIR, ed),
    Route("papers:chair-notifications", CHAIR, ed),
    Route("papers:chair-notification-progress", CHAIR, run),
    Route(
        "papers:chair-notification-resume",
        only("chair", ok=REDIRECT),
        run,
        method="post",
        state=MAIL_STATE,
        changes=frozenset(),
        location=goes_to("papers:chair-notifications", ed),
        note="every mail of the run went out: nothing to resume",
        fresh_world_per_actor=True,
    ),
    Route("api:papers:decision-list", api_only("chair"), ed),
    Route("api:papers:decision", api_only("chair", ok=405), pk, note="GET: PUT only"),
    Route(
        "api:papers:notification-preview",
        api_only("chair", ok=400),
        ed,
        note="no paper given",
    ),
    Route(
        "api:papers:notification-start",
        api_only("chair", ok=400),
        ed,
        method="post",
        state=STATE,
        note="every paper is notified already",
    ),
    Route("api:papers:notification-run", api_only("chair"), run),
    Route(
        "api:papers:decision",
        api_only("chair", ok=NOT_FOUND),
        lambda w: {"edition": w.edition.slug, "pk": w.chair_paper.pk},
        method="put",
        data=lambda w: {"decision": "oral"},
        state=STATE,
        fresh_world_per_actor=True,
        note="chair's own paper",
    ),
    Route(
        "api:papers:decision",
        api_only("chair"),
        pk,
        method="put",
        data=lambda w: {"decision": "reject"},
        state=STATE,
        fresh_world_per_actor=True,
        note="put",
    ),
    Route("papers:chair-decisions", everyone(LOGIN), ed, auth="token", note="token"),
    Route(
        "api:papers:author-decision",
        {**AUTHOR_AND_CHAIR, "anonymous": UNAUTHORIZED},
        pk,
    ),
]
