import datetime as dt

import pytest
import time_machine

from emc2.enums import DateKey
from papers.enums import Decision, FileKind
from papers.exceptions import DeadlinePassed, PapersError
from papers.models import DecisionLog, Paper, PaperDecision, PapersSettings
from papers.services import (
    camera_ready_upload,
    decision_record,
    decisions_record_bulk,
    decisions_release,
    notification_template_save,
    paper_withdraw,
    papers_settings_update,
)
from tests.factories.papers import SubmissionTypeFactory, topic_for
from tests.papers.conftest import DEADLINE, pdf_upload, set_deadline


def test_decision_record_stays_hidden_until_release(paper, chair, edition):
    decision_record(paper=paper, by=chair, decision=Decision.ORAL)
    paper.refresh_from_db()
    assert (paper.decision, paper.pending.decision) == ("", Decision.ORAL)
    assert decisions_release(edition=edition, by=chair) == 1
    paper.refresh_from_db()
    assert paper.decision == Decision.ORAL


def test_decision_record_writes_an_audit_row_each_time(paper, chair):
    decision_record(paper=paper, by=chair, decision=Decision.ORAL)
    decision_record(paper=paper, by=chair, decision=Decision.REJECT)
    log = list(DecisionLog.objects.filter(paper=paper).values_list("decision", "by"))
    assert log == [(Decision.ORAL, chair.pk), (Decision.REJECT, chair.pk)]
    assert PaperDecision.objects.get(paper=paper).decision == Decision.REJECT


def test_decision_after_release_reaches_the_paper_at_once(paper, chair, edition):
    decisions_release(edition=edition, by=chair)
    decision_record(paper=paper, by=chair, decision=Decision.LIGHTNING)
    paper.refresh_from_db()
    assert paper.decision == Decision.LIGHTNING


def test_decision_refused_for_a_withdrawn_paper(paper, chair, author_user):
    paper_withdraw(paper=paper, by=author_user)
    with pytest.raises(PapersError, match="Only submitted papers"):
        decision_record(paper=paper, by=chair, decision=Decision.ORAL)
    assert DecisionLog.objects.count() == 0


def test_decision_refused_for_a_draft(make_paper, chair):
    draft = make_paper(pdf=None)
    with pytest.raises(PapersError, match="Only submitted papers"):
        decision_record(paper=draft, by=chair, decision=Decision.ORAL)


def test_decision_refused_when_the_edition_does_not_use_it(paper, chair, edition):
    papers_settings_update(
        edition=edition,
        by=chair,
        enabled_decisions=[Decision.POSTER, Decision.REJECT],
        accepted_page_published=False,
    )
    with pytest.raises(PapersError, match="does not use"):
        decision_record(paper=paper, by=chair, decision=Decision.ORAL)


def test_settings_refuse_disabling_a_decision_in_use(paper, chair, edition):
    decision_record(paper=paper, by=chair, decision=Decision.ORAL)
    with pytest.raises(PapersError, match="Accept as oral"):
        papers_settings_update(
            edition=edition,
            by=chair,
            enabled_decisions=[Decision.POSTER],
            accepted_page_published=False,
        )


def test_settings_refuse_publishing_before_release(chair, edition):
    with pytest.raises(PapersError, match="Release the decisions"):
        papers_settings_update(
            edition=edition,
            by=chair,
            enabled_decisions=list(Decision.values),
            accepted_page_published=True,
        )
    assert PapersSettings.objects.filter(edition=edition, accepted_page_published=True).count() == 0


def test_bulk_decisions_apply_to_every_selected_paper(make_paper, chair, edition):
    papers = [make_paper(title=f"P{i}") for i in range(3)]
    done = decisions_record_bulk(
        edition=edition,
        by=chair,
        paper_ids=[papers[0].pk, papers[2].pk],
        decision=Decision.POSTER,
    )
    assert [d.paper_id for d in done] == [papers[0].pk, papers[2].pk]
    decided = dict(PaperDecision.objects.values_list("paper_id", "decision"))
    assert decided == {papers[0].pk: Decision.POSTER, papers[2].pk: Decision.POSTER}


def test_bulk_decisions_all_or_none(make_paper, chair, edition, other_edition):
    mine = make_paper(title="Mine")
    foreign = make_paper(
        title="Foreign",
        edition=other_edition,
        topics=[topic_for(other_edition)],
        submission_type=SubmissionTypeFactory(edition=other_edition),
    )
    with pytest.raises(PapersError, match=f"#{foreign.pk}"):
        decisions_record_bulk(
            edition=edition, by=chair, paper_ids=[mine.pk, foreign.pk], decision=Decision.ORAL
        )
    assert PaperDecision.objects.count() == 0


def test_release_is_idempotent(paper, chair, edition):
    decision_record(paper=paper, by=chair, decision=Decision.REJECT)
    assert decisions_release(edition=edition, by=chair) == 1
    assert decisions_release(edition=edition, by=chair) == 0
    assert Paper.objects.get(pk=paper.pk).decision == Decision.REJECT


def test_template_refuses_unknown_placeholders(chair, edition):
    with pytest.raises(PapersError, match=r"\{reviewer\}"):
        notification_template_save(
            edition=edition,
            by=chair,
            decision=Decision.ORAL,
            subject="About {title}",
            body="Reviewed by {reviewer}",
        )


# Camera-ready ------------------------------------------------------------------------------


def test_camera_ready_requires_consent(accepted, author_user):
    with pytest.raises(PapersError, match="consent") as exc:
        camera_ready_upload(paper=accepted, by=author_user, uploaded=pdf_upload(1), consent=False)
    assert exc.value.field == "consent"
    assert accepted.files.filter(kind=FileKind.CAMERA_READY).count() == 0


def test_camera_ready_with_consent_is_stored_with_the_statement(accepted, author_user):
    version = camera_ready_upload(
        paper=accepted, by=author_user, uploaded=pdf_upload(1), consent=True
    )
    assert (version.kind, version.consent.by) == (FileKind.CAMERA_READY, author_user)
    assert "publication" in version.consent.statement


def test_camera_ready_refused_before_release(paper, chair, author_user):
    decision_record(paper=paper, by=chair, decision=Decision.ORAL)
    with pytest.raises(PapersError, match="only for accepted papers"):
        camera_ready_upload(paper=paper, by=author_user, uploaded=pdf_upload(1), consent=True)


def test_camera_ready_refused_for_a_rejected_paper(paper, chair, edition, author_user):
    decision_record(paper=paper, by=chair, decision=Decision.REJECT)
    decisions_release(edition=edition, by=chair)
    paper.refresh_from_db()
    with pytest.raises(PapersError, match="only for accepted papers"):
        camera_ready_upload(paper=paper, by=author_user, uploaded=pdf_upload(1), consent=True)


def test_camera_ready_runs_the_upload_checks(accepted, author_user):
    too_long = accepted.submission_type.max_pages + 2
    with pytest.raises(PapersError, match="pages"):
        camera_ready_upload(
            paper=accepted, by=author_user, uploaded=pdf_upload(too_long), consent=True
        )


@pytest.mark.parametrize(
    ("offset", "allowed"),
    [(dt.timedelta(seconds=-1), True), (dt.timedelta(seconds=1), False)],
    ids=["one-second-before", "one-second-after"],
)
def test_camera_ready_deadline_boundary_in_aoe(accepted, author_user, edition, offset, allowed):
    set_deadline(edition, key=DateKey.CAMERA_READY, at=DEADLINE)
    with time_machine.travel(DEADLINE + offset, tick=False):
        if allowed:
            version = camera_ready_upload(
                paper=accepted, by=author_user, uploaded=pdf_upload(1), consent=True
            )
            assert version.kind == FileKind.CAMERA_READY
        else:
            with pytest.raises(DeadlinePassed, match="Camera-ready"):
                camera_ready_upload(
                    paper=accepted, by=author_user, uploaded=pdf_upload(1), consent=True
                )


def test_generic_upload_cannot_skip_the_consent(accepted, author_user):
    from papers.services import paper_file_upload

    with pytest.raises(PapersError, match="publication consent") as exc:
        paper_file_upload(
            paper=accepted, by=author_user, kind=FileKind.CAMERA_READY, uploaded=pdf_upload(1)
        )
    assert exc.value.field == "kind"
    assert accepted.files.filter(kind=FileKind.CAMERA_READY).count() == 0
