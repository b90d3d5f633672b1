from allauth.account.models import EmailAddress

from papers.enums import Decision, PaperStatus
from papers.models import Paper
from papers.selectors import (
    paper_final_files,
    paper_list_for_chair,
    paper_list_for_user,
    papers_accepted,
    submission_counts,
    submission_deadlines,
)
from papers.services import paper_withdraw
from tests.factories.emc2 import TopicFactory, UserFactory
from tests.papers.conftest import set_deadline


def _decide(paper, decision):
    Paper.objects.filter(pk=paper.pk).update(decision=decision)


def test_papers_accepted_lists_accepted_not_withdrawn_by_title(
    make_paper, edition, author_user, django_assert_num_queries
):
    oral = make_paper(title="B oral")
    poster = make_paper(title="A poster")
    rejected = make_paper(title="C rejected")
    withdrawn = make_paper(title="D withdrawn")
    make_paper(title="E undecided")
    for paper, decision in [
        (oral, Decision.ORAL),
        (poster, Decision.POSTER),
        (rejected, Decision.REJECT),
        (withdrawn, Decision.LIGHTNING),
    ]:
        _decide(paper, decision)  # fmt: skip
    paper_withdraw(paper=withdrawn, by=author_user)
    with django_assert_num_queries(3):
        result = list(papers_accepted(edition=edition))
        names = [[a.name for a in p.authors.all()] for p in result]
    assert [p.title for p in result] == ["A poster", "B oral"]
    assert names == [["Ada Lovelace", "Grace Hopper"]] * 2


def test_paper_list_for_user_spans_editions_and_shows_coauthor(
    make_paper, other_edition, author_user
):
    from tests.factories.papers import SubmissionTypeFactory

    here = make_paper()
    there = make_paper(
        edition=other_edition,
        submission_type=SubmissionTypeFactory(edition=other_edition),
        topics=[TopicFactory(edition=other_edition)],
    )
    make_paper(by=UserFactory(email="someone@example.org"), others=())
    coauthor = UserFactory(email="grace@example.org")
    assert set(paper_list_for_user(user=author_user)) == {here, there}
    assert set(paper_list_for_user(user=coauthor)) == {here, there}


def test_paper_list_for_user_ignores_unverified_email(paper):
    coauthor = UserFactory(email="grace@example.org", verified=False)
    EmailAddress.objects.create(user=coauthor, email=coauthor.email, verified=False)
    assert list(paper_list_for_user(user=coauthor)) == []


def test_paper_list_for_chair_filters(make_paper, edition, submission_type):
    other_topic = TopicFactory(edition=edition, name="Sparsity")
    a = make_paper(title="A")
    b = make_paper(title="B", topics=[other_topic])
    c = make_paper(title="C", pdf=None)
    assert list(paper_list_for_chair(edition=edition)) == [a, b, c]
    assert list(paper_list_for_chair(edition=edition, topic=other_topic.pk)) == [b]
    assert list(paper_list_for_chair(edition=edition, status=PaperStatus.DRAFT)) == [c]
    assert list(paper_list_for_chair(edition=edition, submission_type=submission_type.pk)) == [
        a, b, c,
    ]  # fmt: skip


def test_submission_counts_skip_withdrawn(make_paper, edition, author_user, topic):
    make_paper()
    paper_withdraw(paper=make_paper(), by=author_user)
    counts = submission_counts(edition=edition)
    assert counts["total"] == 1
    assert counts["by_type"] == [("Full paper", 1)]
    assert counts["by_topic"] == [("Quantization", 1)]
    assert dict(counts["by_status"])["Withdrawn"] == 1


def test_submission_deadlines_in_key_order(edition):
    from emc2.enums import DateKey

    camera = set_deadline(edition, key=DateKey.CAMERA_READY)
    submission = set_deadline(edition)
    assert submission_deadlines(edition=edition) == [submission, camera]


def test_paper_final_files_prefers_camera_ready(make_paper, author_user, django_assert_num_queries):
    from papers.enums import FileKind
    from papers.services import paper_file_upload
    from tests.papers.conftest import pdf_upload

    accepted = make_paper(title="Accepted")
    plain = make_paper(title="Plain")
    draft = make_paper(title="Draft", pdf=None)
    _decide(accepted, Decision.ORAL)
    accepted.refresh_from_db()
    camera = paper_file_upload(
        paper=accepted,
        by=author_user,
        kind=FileKind.CAMERA_READY,
        uploaded=pdf_upload(1),
        consent=True,
    )
    newest_plain = paper_file_upload(paper=plain, by=author_user, uploaded=pdf_upload(3))
    with django_assert_num_queries(1):
        files = paper_final_files(papers=[accepted, plain, draft])
    assert files == {accepted.pk: camera, plain.pk: newest_plain}
