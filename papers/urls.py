"""Web routes of papers, mounted under /<edition>/."""

from django.urls import path

from emc2.views.exports import ExportView
from papers.views import author, chair

app_name = "papers"

urlpatterns = [
    path("submissions/", author.MySubmissionsView.as_view(), name="author-list"),
    path("submissions/new/", author.PaperCreateView.as_view(), name="author-create"),
    path("submissions/<int:pk>/", author.PaperDetailView.as_view(), name="author-detail"),
    path("submissions/<int:pk>/edit/", author.PaperEditView.as_view(), name="author-edit"),
    path("submissions/<int:pk>/upload/", author.PaperUploadView.as_view(), name="author-upload"),
    path(
        "submissions/<int:pk>/withdraw/",
        author.PaperWithdrawView.as_view(),
        name="author-withdraw",
    ),
    path(
        "submissions/<int:pk>/files/<int:file_pk>/",
        author.PaperFileDownloadView.as_view(),
        name="author-file",
    ),
    path("submissions/chair/", chair.ChairPaperListView.as_view(), name="chair-list"),
    path("submissions/chair/types/", chair.SubmissionTypesView.as_view(), name="chair-types"),
    path("submissions/chair/bulk/", chair.ChairPaperBulkView.as_view(), name="chair-bulk"),
    path(
        "submissions/chair/export/submissions.csv",
        ExportView.as_view(identifier="papers.submissions_csv"),
        name="chair-export-submissions",
    ),
    path(
        "submissions/chair/export/authors.csv",
        ExportView.as_view(identifier="papers.authors_csv"),
        name="chair-export-authors",
    ),
    path(
        "review/chair/export/reviews.csv",
        ExportView.as_view(identifier="papers.reviews_csv"),
        name="chair-export-reviews",
    ),
    path("submissions/chair/<int:pk>/", chair.ChairPaperDetailView.as_view(), name="chair-detail"),
    path(
        "submissions/chair/<int:pk>/restore/",
        chair.ChairPaperRestoreView.as_view(),
        name="chair-restore",
    ),
    path(
        "submissions/chair/<int:pk>/files/<int:file_pk>/<str:variant>/",
        chair.ChairPaperFileView.as_view(),
        name="chair-file",
    ),
]

# --- decisions ---
from papers.views import author_decision, chair_decision, public  # noqa: E402

urlpatterns += [
    path("papers/", public.AcceptedPapersView.as_view(), name="public-accepted"),
    path(
        "submissions/<int:pk>/decision/",
        author_decision.AuthorDecisionView.as_view(),
        name="author-decision",
    ),
    path(
        "submissions/<int:pk>/camera-ready/",
        author_decision.AuthorCameraReadyView.as_view(),
        name="author-camera-ready",
    ),
    path(
        "submissions/chair/decisions/",
        chair_decision.ChairDecisionListView.as_view(),
        name="chair-decisions",
    ),
    path(
        "submissions/chair/decisions/settings/",
        chair_decision.ChairDecisionSettingsView.as_view(),
        name="chair-decision-settings",
    ),
    path(
        "submissions/chair/notifications/",
        chair_decision.ChairNotificationsView.as_view(),
        name="chair-notifications",
    ),
    path(
        "submissions/chair/notifications/runs/<int:run>/",
        chair_decision.ChairNotificationProgressView.as_view(),
        name="chair-notification-progress",
    ),
    path(
        "submissions/chair/notifications/runs/<int:run>/resume/",
        chair_decision.ChairNotificationResumeView.as_view(),
        name="chair-notification-resume",
    ),
]


# --- review ---
from papers.views import chair_review, committee, reviewer  # noqa: E402

urlpatterns += [
    path(
        "review/invitation/<str:token>/",
        committee.InvitationView.as_view(),
        name="public-pc-invitation",
    ),
    path("review/", reviewer.ReviewerHomeView.as_view(), name="reviewer-home"),
    path("review/profile/", committee.ReviewerProfileView.as_view(), name="reviewer-profile"),
    path("review/bids/", reviewer.BidsView.as_view(), name="reviewer-bids"),
    path("review/bids/<int:pk>/", reviewer.BidView.as_view(), name="reviewer-bid"),
    path(
        "review/bids/<int:pk>/conflict/", reviewer.ConflictView.as_view(), name="reviewer-conflict"
    ),
    path("review/papers/<int:pk>/", reviewer.ReviewPaperView.as_view(), name="reviewer-paper"),
    path("review/papers/<int:pk>/pdf/", reviewer.ReviewPdfView.as_view(), name="reviewer-pdf"),
    path(
        "review/papers/<int:pk>/supplementary/",
        reviewer.ReviewSupplementaryView.as_view(),
        name="reviewer-supplementary",
    ),
    path(
        "review/papers/<int:pk>/discuss/", reviewer.DiscussView.as_view(), name="reviewer-discuss"
    ),
    path("review/papers/<int:pk>/meta/", reviewer.MetaReviewView.as_view(), name="reviewer-meta"),
    path("review/chair/", chair_review.DashboardView.as_view(), name="chair-review-dashboard"),
    path("review/chair/remind/", chair_review.RemindView.as_view(), name="chair-review-remind"),
    path(
        "review/chair/reminder/",
        chair_review.ReminderScheduleView.as_view(),
        name="chair-review-schedule",
    ),
    path("review/chair/form/", chair_review.ReviewFormView.as_view(), name="chair-review-form"),
    path("review/chair/committee/", committee.ChairCommitteeView.as_view(), name="chair-committee"),
    path(
        "review/chair/committee/<int:pk>/",
        committee.ChairInvitationView.as_view(),
        name="chair-invitation",
    ),
    path("review/chair/bids/", chair_review.BidsView.as_view(), name="chair-bids"),
    path(
        "review/chair/assignment/", chair_review.AssignmentView.as_view(), name="chair-assignment"
    ),
    path(
        "review/chair/assignment/<int:proposal>/",
        chair_review.ProposalView.as_view(),
        name="chair-proposal",
    ),
    path(
        "review/chair/assignment/<int:proposal>/commit/",
        chair_review.ProposalCommitView.as_view(),
        name="chair-proposal-commit",
    ),
    path(
        "review/chair/papers/<int:pk>/",
        chair_review.ChairReviewPaperView.as_view(),
        name="chair-review-paper",
    ),
    path(
        "review/chair/papers/<int:pk>/history/",
        chair_review.ReviewHistoryView.as_view(),
        name="chair-review-history",
    ),
    path(
        "review/chair/assignments/<int:pk>/",
        chair_review.AssignmentChangeView.as_view(),
        name="chair-assignment-change",
    ),
]


# --- conflicts ---
from papers.views import conflicts  # noqa: E402

urlpatterns += [
    path(
        "submissions/<int:pk>/conflicts/",
        conflicts.AuthorConflictsView.as_view(),
        name="author-conflicts",
    ),
    path("review/chair/conflicts/", conflicts.ChairConflictsView.as_view(), name="chair-conflicts"),
    path(
        "review/chair/conflicts/<int:pk>/waive/",
        conflicts.ChairConflictWaiveView.as_view(),
        name="chair-conflict-waive",
    ),
]
