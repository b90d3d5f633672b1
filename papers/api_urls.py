"""API routes of papers, mounted under /api/."""

from django.urls import path

from papers import apis

app_name = "papers"

base = "editions/<slug:edition>/submissions/"

urlpatterns = [
    path(base, apis.ChairSubmissionListApi.as_view(), name="submission-list"),
    path(base + "mine/", apis.MySubmissionListApi.as_view(), name="my-submission-list"),
    path(base + "options/", apis.SubmissionOptionsApi.as_view(), name="submission-options"),
    path(base + "<int:pk>/", apis.SubmissionDetailApi.as_view(), name="submission-detail"),
    path(
        base + "<int:pk>/withdraw/",
        apis.SubmissionWithdrawApi.as_view(),
        name="submission-withdraw",
    ),
    path(base + "<int:pk>/files/", apis.SubmissionFilesApi.as_view(), name="submission-files"),
]

# --- decisions ---
from papers.apis import decision as apis_decision  # noqa: E402

decisions = "editions/<slug:edition>/decisions/"
notifications = "editions/<slug:edition>/notifications/"
urlpatterns += [
    path(decisions, apis_decision.ChairDecisionListApi.as_view(), name="decision-list"),
    path(decisions + "<int:pk>/", apis_decision.ChairDecisionApi.as_view(), name="decision"),
    path(
        notifications + "preview/",
        apis_decision.NotificationPreviewApi.as_view(),
        name="notification-preview",
    ),
    path(notifications, apis_decision.NotificationStartApi.as_view(), name="notification-start"),
    path(
        notifications + "<int:run>/",
        apis_decision.NotificationRunApi.as_view(),
        name="notification-run",
    ),
    path(
        base + "<int:pk>/decision/",
        apis_decision.AuthorDecisionApi.as_view(),
        name="author-decision",
    ),
]


# --- review ---
from papers.apis import review as apis_review  # noqa: E402

review = "editions/<slug:edition>/review/"
urlpatterns += [
    path(
        review + "assignments/", apis_review.AssignmentListApi.as_view(), name="review-assignments"
    ),
    path(review + "bids/", apis_review.BidListApi.as_view(), name="review-bids"),
    path(review + "papers/<int:pk>/", apis_review.ReviewPaperApi.as_view(), name="review-paper"),
    path(
        review + "papers/<int:pk>/pdf/",
        apis_review.ReviewPaperPdfApi.as_view(),
        name="review-paper-pdf",
    ),
    path(
        review + "papers/<int:pk>/supplementary/",
        apis_review.ReviewPaperSupplementaryApi.as_view(),
        name="review-paper-supplementary",
    ),
    path(review + "papers/<int:pk>/review/", apis_review.MyReviewApi.as_view(), name="review-mine"),
    path(
        review + "papers/<int:pk>/discussion/",
        apis_review.DiscussionApi.as_view(),
        name="review-discussion",
    ),
    path(
        review + "assignment/run/",
        apis_review.AssignmentRunApi.as_view(),
        name="review-assignment-run",
    ),
    path(
        review + "assignment/<int:proposal>/",
        apis_review.AssignmentProposalApi.as_view(),
        name="review-assignment-proposal",
    ),
    path(
        review + "assignment/<int:proposal>/commit/",
        apis_review.AssignmentCommitApi.as_view(),
        name="review-assignment-commit",
    ),
]


# --- review visibility: form, chairs' reading, history, meta-reviews ---
from papers.apis import review_vis as apis_review_vis  # noqa: E402

urlpatterns += [
    path(review + "form/", apis_review_vis.ReviewFormApi.as_view(), name="review-form"),
    path(
        review + "form/<int:field>/",
        apis_review_vis.ReviewFormFieldApi.as_view(),
        name="review-form-field",
    ),
    path(
        review + "chair/papers/<int:pk>/reviews/",
        apis_review_vis.ChairPaperReviewsApi.as_view(),
        name="review-chair-reviews",
    ),
    path(
        review + "chair/papers/<int:pk>/bids/",
        apis_review_vis.ChairPaperBidsApi.as_view(),
        name="review-chair-bids",
    ),
    path(
        review + "chair/papers/<int:pk>/history/",
        apis_review_vis.ChairReviewHistoryApi.as_view(),
        name="review-chair-history",
    ),
    path(
        review + "papers/<int:pk>/meta-review/",
        apis_review_vis.MetaReviewApi.as_view(),
        name="review-meta",
    ),
]

# --- conflicts and invitations ---
from papers.apis import conflicts as apis_conflicts  # noqa: E402

conflicts = "editions/<slug:edition>/conflicts/"
invitations = review + "invitations/"
urlpatterns += [
    path(
        base + "<int:pk>/conflicts/",
        apis_conflicts.AuthorConflictsApi.as_view(),
        name="submission-conflicts",
    ),
    path(
        base + "<int:pk>/conflicts/<int:member>/",
        apis_conflicts.AuthorConflictApi.as_view(),
        name="submission-conflict",
    ),
    path(
        review + "conflicts/",
        apis_conflicts.ReviewerConflictsApi.as_view(),
        name="review-conflicts",
    ),
    path(conflicts, apis_conflicts.ChairConflictsApi.as_view(), name="conflict-list"),
    path(
        conflicts + "<int:pk>/waive/",
        apis_conflicts.ChairConflictWaiveApi.as_view(),
        name="conflict-waive",
    ),
    path(invitations, apis_conflicts.InvitationListApi.as_view(), name="invitation-list"),
    path(
        invitations + "<int:pk>/resend/",
        apis_conflicts.InvitationResendApi.as_view(),
        name="invitation-resend",
    ),
    path(
        invitations + "<int:pk>/revoke/",
        apis_conflicts.InvitationRevokeApi.as_view(),
        name="invitation-revoke",
    ),
]
