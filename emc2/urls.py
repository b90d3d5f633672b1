"""Root URLconf. Fixed prefixes come first; ``<edition>/`` catches the rest.

Each app owns two URL modules: ``<app>/urls.py`` (mounted under ``<edition>/``) and
``<app>/api_urls.py`` (mounted under ``api/``).
"""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from emc2 import apis
from emc2.views import account, chair, health, media, public, series

api_patterns = [
    path("editions/", apis.EditionListApi.as_view(), name="edition-list"),
    path("editions/<slug:edition>/", apis.EditionDetailApi.as_view(), name="edition-detail"),
    path(
        "editions/<slug:edition>/organizers/",
        apis.OrganizerListApi.as_view(),
        name="organizer-list",
    ),
    path(
        "editions/<slug:edition>/organizers/<int:pk>/",
        apis.OrganizerDetailApi.as_view(),
        name="organizer-detail",
    ),
    path("editions/<slug:edition>/sponsors/", apis.SponsorListApi.as_view(), name="sponsor-list"),
    path(
        "editions/<slug:edition>/sponsors/<int:pk>/",
        apis.SponsorDetailApi.as_view(),
        name="sponsor-detail",
    ),
    path(
        "series/<int:series>/admins/",
        apis.SeriesAdminListApi.as_view(),
        name="series-admin-list",
    ),
    path(
        "series/<int:series>/admins/<int:user>/",
        apis.SeriesAdminDetailApi.as_view(),
        name="series-admin-detail",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("papers.api_urls")),
    path("", include("program.api_urls")),
    path("", include("challenge.api_urls")),
]

chair_patterns = [
    path("", chair.ChairHomeView.as_view(), name="chair-home"),
    path("settings/", chair.EditionSettingsView.as_view(), name="chair-settings"),
    path("topics/", chair.TopicsView.as_view(), name="chair-topics"),
    path("dates/", chair.DatesView.as_view(), name="chair-dates"),
    path("sponsors/", chair.SponsorsView.as_view(), name="chair-sponsors"),
    path("people/", chair.RolesView.as_view(), name="chair-roles"),
    path("people/<int:pk>/remove/", chair.RoleRemoveView.as_view(), name="chair-role-remove"),
    path("mail/", chair.MailLogView.as_view(), name="chair-mail-log"),
    path("mail/<int:pk>/resend/", chair.MailResendView.as_view(), name="chair-mail-resend"),
    path("mail/resume/", chair.MailBatchResumeView.as_view(), name="chair-mail-resume"),
]

edition_patterns = [
    path("", public.EditionView.as_view(), name="edition"),
    path("chair/", include(chair_patterns)),
    path("", include("papers.urls")),
    path("", include("program.urls")),
    path("", include("challenge.urls")),
]

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/profile/", account.ProfileView.as_view(), name="profile"),
    path(
        "accounts/profile/tokens/",
        account.ApiTokenCreateView.as_view(),
        name="profile-token-create",
    ),
    path(
        "accounts/profile/tokens/<int:pk>/revoke/",
        account.ApiTokenRevokeView.as_view(),
        name="profile-token-revoke",
    ),
    path("accounts/", include("allauth.urls")),
    path("api/", include((api_patterns, "api"))),
    path(
        "people/profile/<str:token>/",
        public.PersonProfileInvitedView.as_view(),
        name="person-profile-invited",
    ),
    path("people/<slug:slug>/", public.PersonView.as_view(), name="person"),
    # Before the ``<edition>/`` catch-all; an edition slug never has this shape's depth.
    path(
        "series/<int:series>/editions/new/",
        series.EditionCreateView.as_view(),
        name="series-edition-create",
    ),
    path("<slug:edition>/", include(edition_patterns)),
]

# Only media/public/ (photos, logos) is served as plain files, from whichever storage holds
# them; everything else uploaded (papers, artifacts) goes through views that check permissions.
urlpatterns.insert(
    1, re_path(r"^media/public/(?P<path>.*)$", media.public_media, name="public-media")
)

handler400 = "emc2.views.errors.bad_request"
handler403 = "emc2.views.errors.permission_denied"
handler404 = "emc2.views.errors.page_not_found"
handler500 = "emc2.views.errors.server_error"
