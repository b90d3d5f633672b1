"""Program API. Public reads serve the published release; chair writes call the same
services as the editor, so the same conflicts are refused with the same messages."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from emc2.api import HasRulePermission
from emc2.models import Person
from emc2.selectors import edition_get
from program.access import item_for_chair, session_for_chair
from program.exceptions import ProgramError
from program.models import Room, Session
from program.selectors import (
    published_snapshot,
    release_list,
    snapshot_speakers,
)
from program.serializers import (
    DraftItemOutput,
    DraftSessionOutput,
    ItemInput,
    ItemUpdateInput,
    ItemWithSessionOutput,
    PublishInput,
    ReleaseOutput,
    RoomOutput,
    SessionInput,
    SessionOutput,
    SessionUpdateInput,
    SpeakerOutput,
)
from program.services import (
    SpeakerRef,
    item_create,
    item_update,
    items_create_from_papers,
    release_publish,
    session_create,
    session_update,
)


class _EditionApi(APIView):
    """Looks up the edition; one the caller may not see does not exist (404)."""

    pagination_class = None

    def initial(self, request, *args, **kwargs):
        self.edition = edition_get(slug=kwargs["edition"])
        super().initial(request, *args, **kwargs)
        if not request.user.has_perm("program.view_program", self.edition):
            raise Http404

    def get_permission_object(self):
        return self.edition


class _PublicApi(_EditionApi):
    permission_classes = [permissions.AllowAny]

    def snapshot(self) -> dict:
        return published_snapshot(edition=self.edition) or {"rooms": [], "sessions": []}


class RoomListApi(_PublicApi):
    @extend_schema(summary="Rooms of the published program", responses=RoomOutput(many=True))
    def get(self, request, edition):
        return Response(RoomOutput(self.snapshot()["rooms"], many=True).data)


class SessionListApi(_PublicApi):
    @extend_schema(
        summary="Sessions (with their items) of the published program",
        responses=SessionOutput(many=True),
    )
    def get(self, request, edition):
        return Response(SessionOutput(self.snapshot()["sessions"], many=True).data)


class ItemListApi(_PublicApi):
    @extend_schema(
        summary="Talks, posters and panels of the published program",
        responses=ItemWithSessionOutput(many=True),
    )
    def get(self, request, edition):
        items = [
            {**it, "session_id": s["id"], "session_title": s["title"], "room": s["room"]}
            for s in self.snapshot()["sessions"]
            for it in s["items"]
        ]
        return Response(ItemWithSessionOutput(items, many=True).data)


class SpeakerListApi(_PublicApi):
    @extend_schema(summary="Speakers of the published program", responses=SpeakerOutput(many=True))
    def get(self, request, edition):
        speakers = snapshot_speakers(snapshot=self.snapshot())
        return Response(SpeakerOutput(speakers, many=True).data)


class ReleaseListApi(_PublicApi):
    @extend_schema(
        summary="Published releases with their changelogs", responses=ReleaseOutput(many=True)
    )
    def get(self, request, edition):
        return Response(ReleaseOutput(release_list(edition=self.edition), many=True).data)


class _ChairApi(_EditionApi):
    permission_classes = [HasRulePermission]
    permission_required = "program.change_program"

    def _room(self, pk):
        if pk is None:
            return None
        room = Room.objects.filter(edition=self.edition, pk=pk).first()
        if room is None:
            raise ProgramError("No such room in this edition.", field="room")
        return room

    def _session(self, pk):
        if pk is None:
            return None
        session = Session.objects.filter(edition=self.edition, pk=pk).first()
        if session is None:
            raise ProgramError("No such session in this edition.", field="session")
        return session

    def _session_fields(self, data: dict) -> dict:
        if "room" in data:
            data["room"] = self._room(data["room"])
        if "chair" in data:
            data["chair"] = get_object_or_404(Person, pk=data["chair"]) if data["chair"] else None
        return data

    def _item_fields(self, data: dict) -> dict:
        if "session" in data:
            data["session"] = self._session(data["session"])
        if "speakers" in data:
            # People are found or created by the item service, inside its transaction.
            data["speakers"] = [
                SpeakerRef(
                    person_id=sp.get("person") or None,
                    name=sp.get("name", ""),
                    affiliation=sp.get("affiliation", ""),
                    role=sp["role"],
                    role_line=sp.get("role_line", ""),
                )
                for sp in data["speakers"]
            ]
        return data


class SessionCreateApi(_ChairApi):
    @extend_schema(
        summary="Create a session (chairs)",
        request=SessionInput,
        responses={201: DraftSessionOutput},
    )
    def post(self, request, edition):
        ser = SessionInput(data=request.data)
        ser.is_valid(raise_exception=True)
        session = session_create(
            edition=self.edition, **self._session_fields(dict(ser.validated_data))
        )
        return Response(DraftSessionOutput(session).data, status=status.HTTP_201_CREATED)


class SessionUpdateApi(_ChairApi):
    @extend_schema(
        summary="Update or move a session (chairs)",
        request=SessionUpdateInput,
        responses=DraftSessionOutput,
    )
    def patch(self, request, edition, pk):
        session = session_for_chair(user=request.user, edition=self.edition, pk=pk)
        ser = SessionUpdateInput(data=request.data)
        ser.is_valid(raise_exception=True)
        session = session_update(session=session, **self._session_fields(dict(ser.validated_data)))
        return Response(DraftSessionOutput(session).data)

    @extend_schema(
        summary="Update or move a session (chairs; same as PATCH, for form clients)",
        operation_id="program_draft_session_update_post",
        request=SessionUpdateInput,
        responses=DraftSessionOutput,
    )
    def post(self, request, edition, pk):
        return self.patch(request, edition, pk)


class ItemCreateApi(_ChairApi):
    @extend_schema(
        summary="Create a talk, poster or panel (chairs)",
        request=ItemInput,
        responses={201: DraftItemOutput},
    )
    def post(self, request, edition):
        ser = ItemInput(data=request.data)
        ser.is_valid(raise_exception=True)
        item = item_create(edition=self.edition, **self._item_fields(dict(ser.validated_data)))
        return Response(DraftItemOutput(item).data, status=status.HTTP_201_CREATED)


class ItemUpdateApi(_ChairApi):
    @extend_schema(
        summary="Update or move an item (chairs)",
        request=ItemUpdateInput,
        responses=DraftItemOutput,
    )
    def patch(self, request, edition, pk):
        item = item_for_chair(user=request.user, edition=self.edition, pk=pk)
        ser = ItemUpdateInput(data=request.data)
        ser.is_valid(raise_exception=True)
        item = item_update(item=item, **self._item_fields(dict(ser.validated_data)))
        return Response(DraftItemOutput(item).data)

    @extend_schema(
        summary="Update or move an item (chairs; same as PATCH, for form clients)",
        operation_id="program_draft_item_update_post",
        request=ItemUpdateInput,
        responses=DraftItemOutput,
    )
    def post(self, request, edition, pk):
        return self.patch(request, edition, pk)


class ItemsFromPapersApi(_ChairApi):
    @extend_schema(
        summary="Create unscheduled items from accepted papers (chairs; idempotent)",
        request=None,
        responses={201: DraftItemOutput(many=True)},
    )
    def post(self, request, edition):
        created = items_create_from_papers(edition=self.edition)
        return Response(DraftItemOutput(created, many=True).data, status=status.HTTP_201_CREATED)


class PublishApi(_ChairApi):
    permission_required = "program.publish_schedule"

    @extend_schema(
        summary="Publish the draft as a new release (chairs)",
        request=PublishInput,
        responses={201: ReleaseOutput},
    )
    def post(self, request, edition):
        ser = PublishInput(data=request.data)
        ser.is_valid(raise_exception=True)
        release = release_publish(edition=self.edition, by=request.user, **ser.validated_data)
        return Response(ReleaseOutput(release).data, status=status.HTTP_201_CREATED)
