"""Web routes of program, mounted under /<edition>/."""

from django.urls import path

from emc2.views.exports import ExportView
from program.views import chair, people, public, publish, speaker

app_name = "program"

urlpatterns = [
    path("program/", public.ProgramView.as_view(), name="public-program"),
    path("program/changes/", public.ChangesView.as_view(), name="public-changes"),
    path("program/talks/<int:pk>/", public.ItemView.as_view(), name="public-item"),
    path("program/talks/<int:pk>/talk.ics", public.ItemIcalView.as_view(), name="public-item-ical"),
    path("program/speakers/", public.SpeakersView.as_view(), name="public-speakers"),
    path("program/speakers/<slug:slug>/", public.SpeakerView.as_view(), name="public-speaker"),
    path(
        "program/export/<str:name>",
        ExportView.as_view(group="program"),
        name="public-export",
    ),
    path("program/chair/", chair.EditorView.as_view(), name="chair-editor"),
    path("program/chair/rooms/add/", chair.RoomCreateView.as_view(), name="chair-room-create"),
    path(
        "program/chair/sessions/add/",
        chair.SessionFormView.as_view(),
        name="chair-session-create",
    ),
    path(
        "program/chair/sessions/<int:pk>/",
        chair.SessionFormView.as_view(),
        name="chair-session-edit",
    ),
    path(
        "program/chair/sessions/<int:pk>/move/",
        chair.SessionMoveView.as_view(),
        name="chair-session-move",
    ),
    path(
        "program/chair/sessions/<int:pk>/delete/",
        chair.SessionDeleteView.as_view(),
        name="chair-session-delete",
    ),
    path("program/chair/items/add/", chair.ItemFormView.as_view(), name="chair-item-create"),
    path("program/chair/items/<int:pk>/", chair.ItemFormView.as_view(), name="chair-item-edit"),
    path(
        "program/chair/items/<int:pk>/move/", chair.ItemMoveView.as_view(), name="chair-item-move"
    ),
    path(
        "program/chair/items/<int:pk>/delete/",
        chair.ItemDeleteView.as_view(),
        name="chair-item-delete",
    ),
    path(
        "program/chair/items/from-papers/",
        chair.ItemsFromPapersView.as_view(),
        name="chair-items-from-papers",
    ),
    path("program/chair/publish/", chair.PublishView.as_view(), name="chair-publish"),
    path("program/chair/people/", people.PeopleView.as_view(), name="chair-people"),
    path(
        "program/chair/people/merge/", people.PeopleMergeView.as_view(), name="chair-people-merge"
    ),
    path(
        "program/chair/people/search.json",
        people.PeopleSearchJsonView.as_view(),
        name="chair-people-search",
    ),
    path(
        "program/chair/people/<int:pk>/",
        people.PersonEditView.as_view(),
        name="chair-person-edit",
    ),
    path(
        "program/chair/people/<int:pk>/invite/",
        people.PersonInviteView.as_view(),
        name="chair-person-invite",
    ),
    path(
        "program/chair/people/<int:pk>/availability/",
        chair.PersonAvailabilityView.as_view(),
        name="chair-person-availability",
    ),
    path(
        "program/availability/<str:token>/",
        speaker.SpeakerAvailabilityView.as_view(),
        name="speaker-availability",
    ),
    path(
        "program/chair/types/",
        chair.CategoryListView.as_view(what="types"),
        name="chair-types",
    ),
    path(
        "program/chair/types/<int:pk>/",
        chair.CategoryEditView.as_view(what="types"),
        name="chair-type-edit",
    ),
    path(
        "program/chair/types/<int:pk>/delete/",
        chair.CategoryDeleteView.as_view(what="types"),
        name="chair-type-delete",
    ),
    path(
        "program/chair/tracks/",
        chair.CategoryListView.as_view(what="tracks"),
        name="chair-tracks",
    ),
    path(
        "program/chair/tracks/<int:pk>/",
        chair.CategoryEditView.as_view(what="tracks"),
        name="chair-track-edit",
    ),
    path(
        "program/chair/tracks/<int:pk>/delete/",
        chair.CategoryDeleteView.as_view(what="tracks"),
        name="chair-track-delete",
    ),
    path(
        "program/chair/static-site.zip",
        chair.StaticSiteView.as_view(),
        name="chair-static-site",
    ),
    # Publications: proceedings volume, program booklet, paper pages, BibTeX.
    path("program/booklet.pdf", publish.BookletDownloadView.as_view(), name="public-booklet"),
    path(
        "program/chair/publications/",
        publish.PublicationsView.as_view(),
        name="chair-publications",
    ),
    path(
        "program/chair/publications/<str:kind>/build/",
        publish.BuildStartView.as_view(),
        name="chair-build-start",
    ),
    path(
        "program/chair/publications/<str:kind>/progress/",
        publish.BuildProgressView.as_view(),
        name="chair-build-progress",
    ),
    path("papers/proceedings.bib", publish.BibtexView.as_view(), name="public-bibtex"),
    path("papers/proceedings.pdf", publish.VolumeDownloadView.as_view(), name="public-volume"),
    path("papers/<int:pk>-<slug:slug>/", publish.PaperView.as_view(), name="public-paper"),
    path(
        "papers/<int:pk>-<slug:slug>/paper.pdf",
        publish.PaperPdfView.as_view(),
        name="public-paper-pdf",
    ),
]
