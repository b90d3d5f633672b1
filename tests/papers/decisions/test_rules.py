import pytest

from papers.enums import Decision

ACTORS = ["anonymous", "stranger", "author", "pc_member", "chair", "chair_other_edition",
          "challenge_organizer", "evaluator"]  # fmt: skip


def _allowed(*who):
    return [(actor, actor in who) for actor in ACTORS]


@pytest.mark.parametrize(("actor", "allowed"), _allowed("chair"))
def test_decide_paper_permission(actor, allowed, actors, edition):
    assert actors[actor].has_perm("papers.decide_paper", edition) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _allowed("chair"))
def test_notify_authors_permission(actor, allowed, actors, edition):
    assert actors[actor].has_perm("papers.notify_authors", edition) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _allowed("chair"))
def test_view_decision_before_release(actor, allowed, actors, paper, decide):
    decide(paper, Decision.ORAL)
    assert actors[actor].has_perm("papers.view_decision", paper) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _allowed("author", "chair"))
def test_view_decision_after_release(actor, allowed, actors, accepted):
    assert actors[actor].has_perm("papers.view_decision", accepted) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _allowed("author"))
def test_upload_camera_ready_when_accepted(actor, allowed, actors, accepted):
    assert actors[actor].has_perm("papers.upload_camera_ready", accepted) is allowed


@pytest.mark.parametrize("decision", [Decision.REJECT, ""], ids=["rejected", "undecided"])
def test_upload_camera_ready_refused_unless_accepted(decision, actors, paper, decide, release):
    if decision:
        decide(paper, decision)
    release()
    paper.refresh_from_db()
    assert actors["author"].has_perm("papers.upload_camera_ready", paper) is False


@pytest.mark.parametrize(("actor", "allowed"), _allowed("chair"))
def test_view_accepted_papers_unpublished(actor, allowed, actors, edition):
    assert actors[actor].has_perm("papers.view_accepted_papers", edition) is allowed


@pytest.mark.parametrize(("actor", "allowed"), _allowed(*ACTORS))
def test_view_accepted_papers_published(actor, allowed, actors, edition, accepted, publish):
    publish()
    assert actors[actor].has_perm("papers.view_accepted_papers", edition) is allowed
