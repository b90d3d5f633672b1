"""Review edit history (chairs only), the review form API and the migration of old forms."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from emc2.enums import RoleKind
from papers.models import Review, ReviewAssignment, ReviewField, ReviewVersion
from papers.services import review_save
from tests.factories.emc2 import user_with_role
from tests.papers.review.conftest import GOOD_REVIEW, submit_paper

pytestmark = pytest.mark.django_db

SECRET = "CHAIRS-ONLY-history-4d1c"


def page(rw, name, *args):
    return reverse(f"papers:{name}", args=[rw.edition.slug, *args])


def api(rw, tail):
    return f"/api/editions/{rw.edition.slug}/review/{tail}"


def _save(rw, user, *, submit=False, overall=2, confidential=""):
    texts = {**GOOD_REVIEW["texts"], "confidential": confidential}
    return review_save(
        assignment=ReviewAssignment.objects.get(paper=rw.paper, reviewer=user),
        scores={**GOOD_REVIEW["scores"], "overall": overall},
        texts=texts,
        submit=submit,
    )


# --- history ---------------------------------------------------------------------------------


def test_each_save_stores_a_version_with_who_when_and_answers(rw):
    _save(rw, rw.reviewer)  # draft
    _save(rw, rw.reviewer)  # the same answers again: nothing new to keep
    _save(rw, rw.reviewer, submit=True)
    review = _save(rw, rw.reviewer, overall=-1, confidential=SECRET)
    versions = list(review.versions.all())
    assert [(v.status, v.scores["overall"]) for v in versions] == [
        ("draft", 2),
        ("submitted", 2),
        ("submitted", -1),
    ]
    assert {v.saved_by for v in versions} == {rw.reviewer}
    assert versions[-1].texts["confidential"] == SECRET


def test_chair_history_page_marks_what_changed(rw, client):
    _save(rw, rw.reviewer, submit=True)
    _save(rw, rw.reviewer, overall=-1, confidential=SECRET)
    client.force_login(rw.chair)
    html = client.get(page(rw, "chair-review-history", rw.paper.pk)).content.decode()
    assert "Version 2" in html
    assert "Changed: Overall recommendation, Confidential comments to the chairs." in html
    assert SECRET in html
    data = client.get(api(rw, f"chair/papers/{rw.paper.pk}/history/")).json()
    last = data[0]["versions"][-1]
    changed = {a["key"]: (a["before"], a["display"]) for a in last["answers"] if a["changed"]}
    assert changed == {"overall": ("2 (Accept)", "-1 (Weak reject)"), "confidential": ("", SECRET)}
    assert last["saved_by"] == rw.reviewer.email


def test_reviewers_and_authors_never_reach_the_history(rw, client):
    _save(rw, rw.reviewer, submit=True, confidential=SECRET)
    _save(rw, rw.second, submit=True)
    for user in (rw.reviewer, rw.second, rw.author, rw.idle):
        client.force_login(user)
        for url in (
            page(rw, "chair-review-history", rw.paper.pk),
            api(rw, f"chair/papers/{rw.paper.pk}/history/"),
        ):
            response = client.get(url)
            assert response.status_code == 403, (user, url)
            assert SECRET not in response.content.decode()


@pytest.mark.parametrize("n_reviewers", [1, 3])
def test_history_page_queries_do_not_grow_with_reviews(
    rw, client, n_reviewers, django_assert_max_num_queries
):
    users = [rw.reviewer, rw.second]
    for n in range(n_reviewers - 2):
        extra = user_with_role(rw.edition, RoleKind.PC_MEMBER, email=f"extra{n}@example.org")
        ReviewAssignment.objects.create(paper=rw.paper, reviewer=extra)
        users.append(extra)
    for user in users[:n_reviewers]:
        _save(rw, user, submit=True)
        _save(rw, user, overall=1)
    client.force_login(rw.chair)
    client.get(page(rw, "chair-review-history", rw.paper.pk))  # warm the per-request caches
    # 19 with 1 and with 3 reviews (two versions each), measured.
    with django_assert_max_num_queries(19):
        response = client.get(page(rw, "chair-review-history", rw.paper.pk))
    assert response.content.decode().count("Version 2") == n_reviewers


# --- review form API -------------------------------------------------------------------------


def test_chair_adds_a_chairs_only_field_and_orders_the_form(rw, client):
    client.force_login(rw.chair)
    response = client.post(
        api(rw, "form/"),
        {
            "key": "ethics",
            "label": "Ethics concerns",
            "field_kind": "text",
            "visibility": "chairs",
            "required": False,
            "order": 0,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["visibility"] == "chairs"
    listed = client.get(api(rw, "form/")).json()
    assert listed[0]["key"] in ("overall", "ethics")
    assert {f["key"]: f["visibility"] for f in listed}["confidential"] == "chairs"
    assert ReviewField.objects.get(edition=rw.edition, key="ethics").label == "Ethics concerns"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"key": "x", "label": "X", "visibility": "everyone"}, "visibility"),
        ({"key": "not a slug", "label": "X"}, "key"),
        ({"key": "x", "label": "X", "scale_min": 5, "scale_max": 1}, "scale_max"),
        ({"key": "x", "label": "X", "scale_labels": {"one": "bad"}}, "scale_labels"),
        ({"key": "overall", "label": "Twice"}, "key"),
        ({"key": "x", "label": "X", "order": 10**12}, "order"),
        ({"key": "x", "label": "\x00"}, "label"),
    ],
    ids=["visibility", "slug", "scale", "labels", "duplicate", "order-overflow", "nul"],
)
def test_bad_form_field_input_is_a_400_json(rw, client, payload, field):
    client.force_login(rw.chair)
    response = client.post(api(rw, "form/"), payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ReviewField.objects.filter(edition=rw.edition, key="x").exists()


def test_overall_field_cannot_be_removed_renamed_or_made_text(rw, client):
    client.force_login(rw.chair)
    client.get(api(rw, "form/"))
    overall = ReviewField.objects.get(edition=rw.edition, key="overall")
    url = api(rw, f"form/{overall.pk}/")
    assert client.delete(url).status_code == 400
    for change in ({"key": "total"}, {"field_kind": "text"}):
        response = client.patch(url, change, content_type="application/json")
        assert response.status_code == 400
    overall.refresh_from_db()
    assert (overall.key, overall.kind) == ("overall", "score")


def test_form_field_of_another_edition_is_a_404(rw, client, other_edition):
    theirs = ReviewField.objects.create(edition=other_edition, key="theirs", label="Theirs")
    client.force_login(rw.chair)
    response = client.patch(
        api(rw, f"form/{theirs.pk}/"), {"visibility": "authors"}, content_type="application/json"
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.visibility == "authors"  # the default, untouched


def test_review_form_page_sets_visibility_per_field(rw, client):
    client.force_login(rw.chair)
    client.get(page(rw, "chair-review-form"))
    fields = list(rw.edition.review_fields.order_by("order"))
    data = {"form-TOTAL_FORMS": len(fields), "form-INITIAL_FORMS": len(fields)}
    for i, f in enumerate(fields):
        for name in ("key", "label", "help_text", "kind", "scale_min", "scale_max", "order"):
            data[f"form-{i}-{name}"] = getattr(f, name)
        data[f"form-{i}-id"] = f.pk
        data[f"form-{i}-visibility"] = "pc" if f.key == "summary" else f.visibility
        data[f"form-{i}-required"] = "on" if f.required else ""
        data[f"form-{i}-scale_labels"] = "\n".join(f"{k}: {v}" for k, v in f.scale_labels.items())
    html = client.get(page(rw, "chair-review-form")).content.decode()
    assert "Chairs only" in html
    response = client.post(page(rw, "chair-review-form"), data)
    assert response.status_code == 302
    assert rw.edition.review_fields.get(key="summary").visibility == "pc"
    assert rw.edition.review_fields.get(key="confidential").visibility == "chairs"


# --- migration -------------------------------------------------------------------------------


def test_migration_makes_the_confidential_field_chairs_only_and_keeps_history(
    transactional_db, edition
):
    # The paper is written with today's models, before the tables go back to 0005.
    author = user_with_role(edition, RoleKind.PC_MEMBER, email="old@example.org")
    paper_pk = submit_paper(edition, author).pk
    executor = MigrationExecutor(connection)
    old, new = [("papers", "0005_blind_copy_findings")], [("papers", "0006_review_visibility")]
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    Field = apps.get_model("papers", "ReviewField")
    for key, label, to_authors in [
        ("overall", "Overall", True),
        ("confidential", "Confidential comments to the chairs", False),
        ("private", "Notes for the committee", False),
    ]:
        Field.objects.create(
            edition_id=edition.pk, key=key, label=label, visible_to_authors=to_authors
        )
    OldPaper = apps.get_model("papers", "Paper")
    OldReview = apps.get_model("papers", "Review")
    OldReview.objects.create(
        paper=OldPaper.objects.get(pk=paper_pk),
        reviewer_id=author.pk,
        texts={"confidential": SECRET},
    )
    executor = MigrationExecutor(connection)
    executor.migrate(new)
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    assert dict(ReviewField.objects.filter(edition=edition).values_list("key", "visibility")) == {
        "overall": "authors",
        "confidential": "chairs",
        "private": "pc",
    }
    review = Review.objects.get(paper_id=paper_pk)
    assert list(ReviewVersion.objects.filter(review=review).values_list("texts", "saved_by")) == [
        ({"confidential": SECRET}, author.pk)
    ]


@pytest.mark.parametrize("n_reviewers", [1, 3])
def test_reviews_csv_queries_do_not_grow_with_reviews(
    rw, client, n_reviewers, django_assert_max_num_queries
):
    users = [rw.reviewer, rw.second]
    for n in range(n_reviewers - 2):
        extra = user_with_role(rw.edition, RoleKind.PC_MEMBER, email=f"csv{n}@example.org")
        ReviewAssignment.objects.create(paper=rw.paper, reviewer=extra)
        users.append(extra)
    for user in users[:n_reviewers]:
        _save(rw, user, submit=True, confidential=SECRET)
    client.force_login(rw.chair)
    client.get(page(rw, "chair-export-reviews"))
    # 15 with 1 and with 3 reviews, measured.
    with django_assert_max_num_queries(15):
        response = client.get(page(rw, "chair-export-reviews"))
    assert response.content.decode().count(SECRET) == n_reviewers
