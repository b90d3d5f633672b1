"""API routes of program, mounted under /api/."""

from django.urls import path

from program import apis

app_name = "program"

P = "editions/<slug:edition>/program/"

urlpatterns = [
    path(P + "rooms/", apis.RoomListApi.as_view(), name="room-list"),
    path(P + "sessions/", apis.SessionListApi.as_view(), name="session-list"),
    path(P + "items/", apis.ItemListApi.as_view(), name="item-list"),
    path(P + "speakers/", apis.SpeakerListApi.as_view(), name="speaker-list"),
    path(P + "releases/", apis.ReleaseListApi.as_view(), name="release-list"),
    path(P + "draft/rooms/", apis.DraftRoomListApi.as_view(), name="chair-room-list"),
    path(P + "draft/rooms/<int:pk>/", apis.DraftRoomDetailApi.as_view(), name="chair-room-detail"),
    path(
        P + "draft/session-types/",
        apis.DraftSessionTypeListApi.as_view(),
        name="chair-session-type-list",
    ),
    path(
        P + "draft/session-types/<int:pk>/",
        apis.DraftSessionTypeDetailApi.as_view(),
        name="chair-session-type-detail",
    ),
    path(P + "draft/tracks/", apis.DraftTrackListApi.as_view(), name="chair-track-list"),
    path(
        P + "draft/tracks/<int:pk>/",
        apis.DraftTrackDetailApi.as_view(),
        name="chair-track-detail",
    ),
    path(P + "draft/sessions/", apis.DraftSessionListApi.as_view(), name="chair-session-create"),
    path(
        P + "draft/sessions/<int:pk>/", apis.SessionUpdateApi.as_view(), name="chair-session-update"
    ),
    path(P + "draft/items/", apis.DraftItemListApi.as_view(), name="chair-item-create"),
    path(P + "draft/items/<int:pk>/", apis.ItemUpdateApi.as_view(), name="chair-item-update"),
    path(
        P + "draft/items/from-papers/",
        apis.ItemsFromPapersApi.as_view(),
        name="chair-items-from-papers",
    ),
    path(P + "draft/releases/", apis.PublishApi.as_view(), name="chair-publish"),
    path(P + "draft/import/", apis.ImportApi.as_view(), name="chair-import"),
    path(P + "people/", apis.PersonListApi.as_view(), name="chair-person-list"),
    path(P + "people/merge/", apis.PersonMergeApi.as_view(), name="chair-person-merge"),
    path(P + "people/<int:pk>/", apis.PersonDetailApi.as_view(), name="chair-person-detail"),
    path(P + "people/<int:pk>/invite/", apis.PersonInviteApi.as_view(), name="chair-person-invite"),
    path(
        P + "draft/people/<int:pk>/availability/",
        apis.PersonAvailabilityApi.as_view(),
        name="chair-person-availability",
    ),
]
