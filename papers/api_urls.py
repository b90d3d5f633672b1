"""API routes of papers, mounted under /api/."""

from django.urls import path

from papers import apis

app_name = "papers"

base = "editions/<slug:edition>/submissions/"

urlpatterns = [
    path(base, apis.ChairSubmissionListApi.as_view(), name="submission-list"),
    path(base + "mine/", apis.MySubmissionListApi.as_view(), name="my-submission-list"),
    path(base + "<int:pk>/", apis.SubmissionDetailApi.as_view(), name="submission-detail"),
    path(
        base + "<int:pk>/withdraw/",
        apis.SubmissionWithdrawApi.as_view(),
        name="submission-withdraw",
    ),
    path(base + "<int:pk>/files/", apis.SubmissionFilesApi.as_view(), name="submission-files"),
]
