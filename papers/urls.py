"""Web routes of papers, mounted under /<edition>/."""

from django.urls import path

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
    path(
        "submissions/chair/export/submissions.csv",
        chair.ChairExportSubmissionsView.as_view(),
        name="chair-export-submissions",
    ),
    path(
        "submissions/chair/export/authors.csv",
        chair.ChairExportAuthorsView.as_view(),
        name="chair-export-authors",
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

# --- decisions (issue 5) ---
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
]
