"""Conflicts: the automatic rules on hostile inputs, declarations, waivers, and what a
conflicted reviewer still gets (nothing: pages, API, bids, reminders)."""

import datetime as dt
import unicodedata

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from rest_framework.test import APIClient

from emc2.enums import DateKey, RoleKind
from emc2.models import OutboxMail, Person
from papers.enums import ConflictSource, ConflictType
from papers.exceptions import PapersError
from papers.models import Bid, ConflictLogEntry, PaperConflict, PCInvitation, ReviewAssignment
from papers.selectors import (
    conflicted_pairs,
    conflicts_compute,
    institution_key,
    organisation_domain,
)
from papers.services import (
    conflict_declare,
    conflict_waive,
    conflicts_refresh,
    pc_invitation_from_token,
    pc_invitation_token,
    review_reminders_send,
)
from tests.factories.emc2 import EditionFactory, UserFactory, user_with_role
from tests.papers.conftest import set_deadline
from tests.papers.review.conftest import fresh, submit_paper

pytestmark = pytest.mark.django_db

PAST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def _pairs(rw, user):
    return {pid for pid, uid in conflicted_pairs(edition=rw.edition, user_ids=[user.pk])}


def _member(rw, email, *, verified=True, affiliation=""):
    user = user_with_role(rw.edition, RoleKind.PC_MEMBER, email=email)
    if not verified:
        EmailAddress.objects.filter(user=user).update(verified=False)
    if affiliation:
        Person.objects.filter(user=user).update(affiliation=affiliation)
    return user


# --- the rules on hostile inputs -----------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("a@cs.uni.edu", "uni.edu"),
        ("a@EE.Uni.EDU", "uni.edu"),
        ("a@uni.edu", "uni.edu"),
        ("a@cs.ox.ac.uk", "ox.ac.uk"),
        ("a@mail.tsinghua.edu.cn", "tsinghua.edu.cn"),
        ("a@gmail.com", ""),
        ("a@GMAIL.COM", ""),
        ("a@vip.163.com", ""),
        ("a@proton.me", ""),
        ("a@localhost", ""),
    ],
)
def test_organisation_domain(address, expected):
    assert organisation_domain(address) == expected


def test_institution_key_folds_unicode_case_and_punctuation():
    decomposed = unicodedata.normalize("NFD", "Université Paris-Saclay")
    assert institution_key(decomposed) == institution_key("UNIVERSITÉ  PARIS SACLAY,")
    assert institution_key("東京大学\u3000") == institution_key("東京大学")
    assert institution_key("Université Paris-Saclay") != institution_key("Universite Paris Saclay")


def test_subdomain_of_an_authors_domain_is_a_conflict(rw):
    member = _member(rw, "pc@CS.Morrowgale.ORG")
    assert _pairs(rw, member) == {rw.paper.pk}
    found = conflicts_compute(
        edition=rw.edition, user_ids=[member.pk], papers_qs=type(rw.paper).objects.all()
    )
    assert found[(rw.paper.pk, member.pk)] == (
        ConflictType.INSTITUTIONAL,
        "Same e-mail domain as Xanthippe Morrowgale: morrowgale.org.",
    )


def test_unverified_address_of_a_member_never_counts(rw):
    member = _member(rw, "pc@morrowgale.org", verified=False)
    assert _pairs(rw, member) == set()


def test_public_mail_domain_never_counts(rw, settings):
    paper = submit_paper(
        rw.edition, rw.author, title="Webmail", coauthor=("Web Mail", "someone@gmail.com", "")
    )
    member = _member(rw, "other@gmail.com")
    assert paper.pk not in _pairs(rw, member)
    # The list is the setting's: without gmail.com there, the same pair is a conflict.
    settings.PUBLIC_MAIL_DOMAINS = ["example.org"]
    assert paper.pk in _pairs(rw, member)


def test_same_declared_institution_in_another_script_and_case(rw):
    paper = submit_paper(
        rw.edition,
        rw.author,
        title="Unicode",
        coauthor=("Jürgen Groß", "jg@tum-unrelated.net", "Technische Universität München"),
    )
    member = _member(
        rw,
        "m@example.org",
        affiliation=unicodedata.normalize("NFD", "TECHNISCHE UNIVERSITÄT MÜNCHEN"),
    )
    assert _pairs(rw, member) == {paper.pk}


def test_coauthor_on_a_paper_of_another_edition(rw):
    other = EditionFactory(series=rw.edition.series)
    member = _member(rw, "writer@example.org")
    submit_paper(
        other,
        member,
        title="Old joint paper",
        coauthor=("Xanthippe Morrowgale", "XANTHIPPE@morrowgale.org", "Elsewhere"),
    )
    assert _pairs(rw, member) == {rw.paper.pk}
    kind, _ = conflicts_compute(
        edition=rw.edition,
        user_ids=[member.pk],
        papers_qs=type(rw.paper).objects.filter(pk=rw.paper.pk),
    )[(rw.paper.pk, member.pk)]
    assert kind == ConflictType.COAUTHOR


def test_refresh_stores_automatic_conflicts_idempotently(rw):
    assert conflicts_refresh(edition=rw.edition) == 1
    row = PaperConflict.objects.get()
    assert (row.user, row.source, row.kind) == (
        rw.conflicted,
        ConflictSource.AUTOMATIC,
        ConflictType.INSTITUTIONAL,
    )
    assert conflicts_refresh(edition=rw.edition) == 0
    # The member leaves the institution: the stored automatic row goes too.
    EmailAddress.objects.filter(user=rw.conflicted).update(email="c@elsewhere.org")
    assert conflicts_refresh(edition=rw.edition) == 1
    assert PaperConflict.objects.count() == 0


def test_submission_save_refreshes_on_commit(rw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        paper = submit_paper(rw.edition, rw.author, title="Second")
    assert set(PaperConflict.objects.filter(paper=paper).values_list("user", "source")) == {
        (rw.conflicted.pk, ConflictSource.AUTOMATIC)
    }


# --- waivers -------------------------------------------------------------------------------


def test_waived_conflict_gives_access_back_and_is_logged(rw):
    assert not fresh(rw.conflicted).has_perm("papers.bid_paper", rw.paper)
    with pytest.raises(PapersError, match="Say why"):
        conflict_waive(paper=rw.paper, user=rw.conflicted, by=rw.chair, reason="  ")
    assert not fresh(rw.conflicted).has_perm("papers.bid_paper", rw.paper)
    conflict_waive(paper=rw.paper, user=rw.conflicted, by=rw.chair, reason="Different lab")
    assert fresh(rw.conflicted).has_perm("papers.bid_paper", rw.paper)
    assert conflicts_refresh(edition=rw.edition) == 0  # the waiver survives a refresh
    assert fresh(rw.conflicted).has_perm("papers.bid_paper", rw.paper)
    entry = ConflictLogEntry.objects.get()
    assert (entry.action, entry.by, entry.reason) == ("waive", rw.chair, "Different lab")
    # A chair adds it again: the waiver is lifted.
    conflict_declare(
        paper=rw.paper,
        user=rw.conflicted,
        by=rw.chair,
        source=ConflictSource.CHAIR,
        kind=ConflictType.PERSONAL,
        reason="Friends",
    )
    assert not fresh(rw.conflicted).has_perm("papers.bid_paper", rw.paper)


def test_an_author_is_never_cleared(rw):
    member = _member(rw, "coauthor@example.org")
    paper = submit_paper(
        rw.edition, rw.author, title="With a PC member", coauthor=("PC", member.email, "")
    )
    with pytest.raises(PapersError, match="author of the paper"):
        conflict_waive(paper=paper, user=member, by=rw.chair, reason="Trust me")
    # Even a waived row (written behind the service's back) does not open it.
    PaperConflict.objects.create(paper=paper, user=member, waived=True)
    assert paper.pk in _pairs(rw, member)


# --- a conflict declared after the assignment ----------------------------------------------


def _declare_by_author(rw, member, kind=ConflictType.ADVISOR):
    return conflict_declare(
        paper=rw.paper, user=member, by=rw.author, source=ConflictSource.AUTHOR, kind=kind
    )


def test_conflicted_reviewer_loses_pages_api_bids_and_reminders(
    rw, client, django_capture_on_commit_callbacks
):
    Bid.objects.create(paper=rw.paper, user=rw.reviewer, value="eager")
    _declare_by_author(rw, rw.reviewer)
    assert not Bid.objects.filter(user=rw.reviewer).exists()
    client.force_login(rw.reviewer)
    slug = rw.edition.slug
    assert client.get(reverse("papers:reviewer-paper", args=[slug, rw.paper.pk])).status_code == 404
    assert client.get(reverse("papers:reviewer-pdf", args=[slug, rw.paper.pk])).status_code == 404
    bids = client.get(reverse("papers:reviewer-bids", args=[slug])).content.decode()
    assert rw.paper.title not in bids
    api = APIClient()
    api.force_authenticate(rw.reviewer)
    assert api.get(f"/api/editions/{slug}/review/papers/{rw.paper.pk}/").status_code == 404
    assert api.get(f"/api/editions/{slug}/review/assignments/").json() == []
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send(edition=rw.edition, today=dt.date(2030, 10, 30)) == 1
    assert list(
        OutboxMail.objects.filter(key__startswith="review-reminder:").values_list("to", flat=True)
    ) == [[rw.second.email]]


def test_chair_assignment_page_flags_and_removes_the_conflicted_assignment(rw, client):
    _declare_by_author(rw, rw.reviewer)
    client.force_login(rw.chair)
    url = reverse("papers:chair-assignment", args=[rw.edition.slug])
    page = client.get(url).content.decode()
    assignment = ReviewAssignment.objects.get(paper=rw.paper, reviewer=rw.reviewer)
    assert "Assignments with a conflict" in page
    remove = reverse("papers:chair-assignment-change", args=[rw.edition.slug, assignment.pk])
    assert f'action="{remove}"' in page
    response = client.post(remove, {"action": "remove", "back": "assignment"})
    assert response["Location"] == url
    assert not ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    assert "Assignments with a conflict" not in client.get(url).content.decode()


def test_waiving_the_late_conflict_clears_the_flag(rw, client):
    _declare_by_author(rw, rw.reviewer)
    conflict_waive(paper=rw.paper, user=rw.reviewer, by=rw.chair, reason="Checked: no link")
    assert fresh(rw.reviewer).has_perm("papers.review_paper", rw.paper)
    client.force_login(rw.chair)
    page = client.get(reverse("papers:chair-assignment", args=[rw.edition.slug])).content.decode()
    assert "Assignments with a conflict" not in page


# --- authors declare -----------------------------------------------------------------------


def test_author_page_lists_names_not_emails_and_declares(rw, client):
    Person.objects.filter(user=rw.idle).update(name="Ida Idle", affiliation="Idle Labs")
    client.force_login(rw.author)
    url = reverse("papers:author-conflicts", args=[rw.edition.slug, rw.paper.pk])
    page = client.get(url).content.decode()
    assert "Ida Idle (Idle Labs)" in page
    assert rw.idle.email not in page and rw.reviewer.email not in page
    response = client.post(url, {"action": "declare", "member": rw.idle.pk, "kind": "advisor"})
    assert response.status_code == 302
    row = PaperConflict.objects.get(paper=rw.paper, user=rw.idle)
    assert (row.source, row.kind, row.declared_by) == ("author", "advisor", rw.author)
    client.post(url, {"action": "remove", "member": rw.idle.pk})
    assert not PaperConflict.objects.filter(paper=rw.paper, user=rw.idle).exists()


def test_author_cannot_change_conflicts_after_the_deadline(rw, client):
    set_deadline(rw.edition, key=DateKey.SUBMISSION, at=PAST)
    client.force_login(rw.author)
    url = reverse("papers:author-conflicts", args=[rw.edition.slug, rw.paper.pk])
    page = client.get(url).content.decode()
    assert "declared conflicts can no longer be changed" in page
    response = client.post(url, {"action": "declare", "member": rw.idle.pk, "kind": "advisor"})
    assert response.status_code == 400
    assert "has passed" in response.content.decode()
    api = APIClient()
    api.force_authenticate(rw.author)
    answer = api.post(
        f"/api/editions/{rw.edition.slug}/submissions/{rw.paper.pk}/conflicts/",
        {"member": rw.idle.pk, "kind": "advisor"},
        format="json",
    )
    assert answer.status_code == 400 and "has passed" in answer.json()["detail"]
    assert not PaperConflict.objects.filter(user=rw.idle).exists()


def test_author_api_declares_lists_and_removes(rw):
    api = APIClient()
    api.force_authenticate(rw.author)
    base = f"/api/editions/{rw.edition.slug}/submissions/{rw.paper.pk}/conflicts/"
    bad = api.post(base, {"member": rw.author.pk, "kind": "advisor"}, format="json")
    assert bad.status_code == 400 and bad.json()["member"]
    assert api.post(base, {"member": "x"}, format="json").status_code == 400
    created = api.post(base, {"member": rw.idle.pk, "kind": "personal"}, format="json").json()
    assert [(c["member"]["id"], c["kind"]) for c in created["conflicts"]] == [
        (rw.idle.pk, "personal")
    ]
    assert rw.idle.email not in str(api.get(base).json())
    assert api.delete(f"{base}{rw.idle.pk}/").status_code == 204
    assert api.get(base).json()["conflicts"] == []


# --- chairs --------------------------------------------------------------------------------


def test_chair_view_filters_shows_source_and_hides_own_papers(rw, client):
    own = submit_paper(rw.edition, rw.chair, title="Chair's own", coauthor=("S", "s@solo.net", ""))
    PaperConflict.objects.create(paper=own, user=rw.idle, source=ConflictSource.AUTHOR)
    _declare_by_author(rw, rw.idle, kind=ConflictType.PERSONAL)
    conflicts_refresh(edition=rw.edition)
    client.force_login(rw.chair)
    url = reverse("papers:chair-conflicts", args=[rw.edition.slug])
    page = client.get(url).content.decode()
    assert "Chair&#x27;s own" not in page and "Chair's own" not in page
    assert page.count("Declared by an author</td>") == 1 and "Automatic</td>" in page
    filtered = client.get(url, {"source": "automatic"}).content.decode()
    assert "Declared by an author</td>" not in filtered and "Automatic</td>" in filtered
    conflict = PaperConflict.objects.get(paper=rw.paper, user=rw.idle)
    client.post(
        reverse("papers:chair-conflict-waive", args=[rw.edition.slug, conflict.pk]),
        {"reason": "Met once"},
    )
    page = client.get(url).content.decode()
    assert "Met once" in page and "Waived" in page


@pytest.mark.parametrize("rows", [1, 5])
def test_chair_view_queries_do_not_grow(rw, client, rows, django_assert_max_num_queries):
    for n in range(rows):
        member = _member(rw, f"m{n}@example.org")
        _declare_by_author(rw, member)
    client.force_login(rw.chair)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("papers:chair-conflicts", args=[rw.edition.slug]))
    assert page.content.decode().count("Declared by an author</td>") == rows


def test_chair_api_adds_waives_and_refuses_bad_input(rw):
    api = APIClient()
    api.force_authenticate(rw.chair)
    base = f"/api/editions/{rw.edition.slug}/conflicts/"
    added = api.post(
        base,
        {"paper": rw.paper.pk, "member": rw.idle.pk, "kind": "other", "reason": "Asked"},
        format="json",
    )
    assert added.status_code == 201 and added.json()["source"] == "chair"
    assert api.post(base, {"paper": 2**40, "member": 1}, format="json").status_code == 400
    assert api.post(f"{base}{added.json()['id']}/waive/", {}, format="json").status_code == 400
    waived = api.post(f"{base}{added.json()['id']}/waive/", {"reason": "OK"}, format="json")
    assert waived.json()["waived"] is True and waived.json()["waived_by"] == rw.chair.pk
    listed = api.get(base, {"member": rw.idle.pk}).json()
    assert [(c["paper"], c["waived_reason"]) for c in listed] == [(rw.paper.pk, "OK")]


def test_reviewer_api_declares_own_conflict(rw):
    api = APIClient()
    api.force_authenticate(rw.idle)
    base = f"/api/editions/{rw.edition.slug}/review/conflicts/"
    made = api.post(base, {"paper": rw.paper.pk, "kind": "personal"}, format="json")
    assert made.status_code == 201
    assert api.get(base).json()[0]["source"] == "reviewer"
    assert api.get(f"/api/editions/{rw.edition.slug}/review/bids/").json() == []


# --- invitations API -----------------------------------------------------------------------


def test_invitation_api_resend_and_revoke(rw, django_capture_on_commit_callbacks):
    api = APIClient()
    api.force_authenticate(rw.chair)
    base = f"/api/editions/{rw.edition.slug}/review/invitations/"
    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(base, {"invitees": "Ann <ann@x.org>"}, format="json").json()
    pk = made[0]["id"]
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"{base}{pk}/resend/")
    keys = list(
        OutboxMail.objects.filter(key__startswith=f"pc-invitation:{pk}:").values_list(
            "key", flat=True
        )
    )
    assert sorted(keys) == [f"pc-invitation:{pk}:0", f"pc-invitation:{pk}:1"]
    assert PCInvitation.objects.count() == 1
    token = pc_invitation_token(PCInvitation.objects.get())
    assert api.post(f"{base}{pk}/revoke/").json()["status"] == "revoked"
    with pytest.raises(PapersError, match="withdrawn"):
        pc_invitation_from_token(token=token)
    assert api.post(f"{base}{pk}/resend/").status_code == 400
    assert [i["status"] for i in api.get(base).json()] == ["revoked"]
    stranger = APIClient()
    stranger.force_authenticate(UserFactory())
    assert stranger.get(base).status_code == 403
