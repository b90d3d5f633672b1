"""Program API. Public reads serve the published release; chair writes call the same
services as the editor, so the same conflicts are refused with the same messages."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from emc2.api import HasRulePermission
from emc2.selectors import edition_get, person_search
from emc2.services import person_create, person_invite, person_merge, person_update
from emc2.times import local
from program.access import (
    item_for_chair,
    person_for_chair,
    room_for_chair,
    session_for_chair,
    session_type_for_chair,
    speakers_for_chair,
    track_for_chair,
)
from program.availability import availability_list, availability_set
from program.categories import (
    session_type_create,
    session_type_delete,
    session_type_update,
    track_create,
    track_delete,
    track_update,
)
from program.exceptions import ProgramError
from program.importers import MAX_IMPORT_BYTES, program_import_parse, program_import_plan
from program.models import Room, Session, SessionType, Track
from program.selectors import (
    item_list_draft,
    people_for_chair,
    published_snapshot,
    release_list,
    room_list,
    session_list,
    session_type_list,
    snapshot_speakers,
    track_list,
)
from program.serializers import (
    AvailabilityInput,
    AvailabilityOutput,
    ConflictOutput,
    DraftItemOutput,
    DraftRoomOutput,
    DraftSessionOutput,
    ErrorOutput,
    ImportInput,
    ImportPlanOutput,
    InviteOutput,
    ItemInput,
    ItemUpdateInput,
    ItemWithSessionOutput,
    PersonDetailOutput,
    PersonInput,
    PersonMergeInput,
    PersonUpdateInput,
    PublishInput,
    ReleaseOutput,
    RoomInput,
    RoomOutput,
    RoomUpdateInput,
    SessionInput,
    SessionOutput,
    SessionTypeInput,
    SessionTypeOutput,
    SessionTypeUpdateInput,
    SessionUpdateInput,
    SpeakerOutput,
    TrackInput,
    TrackOutput,
    TrackUpdateInput,
)
from program.services import (
    SpeakerRef,
    item_create,
    item_delete,
    item_update,
    items_create_from_papers,
    program_import_apply,
    program_import_warnings,
    release_publish,
    room_create,
    room_delete,
    room_update,
    session_create,
    session_delete,
    session_update,
)

# Error bodies of the chair API, for the schema.
ERRORS = {
    400: OpenApiResponse(ErrorOutput, description="Invalid input or a schedule rule refused it"),
    401: OpenApiResponse(description="Not signed in / no token"),
    403: OpenApiResponse(description="Not a chair of this edition, or a read-only token"),
    404: OpenApiResponse(description="No such edition or object (or not yours to see)"),
}
CONFLICT = {
    409: OpenApiResponse(
        ConflictOutput,
        description="Warnings (resend with override_warnings=true) or the object is in use",
    )
}


def _responses(ok, *, status_code=200, conflict=False):
    return {status_code: ok, **ERRORS, **(CONFLICT if conflict else {})}


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

    def _category(self, model, pk, field: str, what: str):
        if pk is None:
            return None
        row = model.objects.filter(edition=self.edition, pk=pk).first()
        if row is None:
            raise ProgramError(f"No such {what} in this edition.", field=field)
        return row

    def _session_fields(self, data: dict) -> dict:
        if "room" in data:
            data["room"] = self._room(data["room"])
        if "type" in data:
            data["type"] = self._category(SessionType, data["type"], "type", "session type")
        if "track" in data:
            data["track"] = self._category(Track, data["track"], "track", "track")
        if data.get("chair"):
            chair = SpeakerRef(person_id=data["chair"])
            speakers_for_chair(
                user=self.request.user, edition=self.edition, refs=[chair],
                message="No such person.", field="chair",
            )  # fmt: skip
            data["chair"] = chair
        elif "chair" in data:
            data["chair"] = None
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
                    email=sp.get("email", ""),
                    affiliation=sp.get("affiliation", ""),
                    role=sp["role"],
                    role_line=sp.get("role_line", ""),
                )
                for sp in data["speakers"]
            ]
            speakers_for_chair(
                user=self.request.user, edition=self.edition, refs=data["speakers"],
                message="No such person.",
            )  # fmt: skip
        return data


class SessionUpdateApi(_ChairApi):
    @extend_schema(summary="One draft session (chairs)", responses=_responses(DraftSessionOutput))
    def get(self, request, edition, pk):
        session = session_for_chair(user=request.user, edition=self.edition, pk=pk)
        return Response(DraftSessionOutput(session).data)

    @extend_schema(
        summary="Delete a session (chairs); its items go back to the unscheduled list",
        responses=_responses(None, status_code=204),
    )
    def delete(self, request, edition, pk):
        session_delete(session=session_for_chair(user=request.user, edition=self.edition, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

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


class ItemUpdateApi(_ChairApi):
    @extend_schema(
        summary="One draft item with its speakers (chairs)", responses=_responses(DraftItemOutput)
    )
    def get(self, request, edition, pk):
        item = item_for_chair(user=request.user, edition=self.edition, pk=pk)
        return Response(DraftItemOutput(item).data)

    @extend_schema(summary="Delete an item (chairs)", responses=_responses(None, status_code=204))
    def delete(self, request, edition, pk):
        item_delete(item=item_for_chair(user=request.user, edition=self.edition, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

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


# --- draft reads, rooms, deletes (chairs) ------------------------------------------------


class DraftRoomListApi(_ChairApi):
    @extend_schema(
        summary="Rooms of the draft, in order (chairs)",
        responses=_responses(DraftRoomOutput(many=True)),
    )
    def get(self, request, edition):
        return Response(DraftRoomOutput(room_list(edition=self.edition), many=True).data)

    @extend_schema(
        summary="Add a room (chairs)",
        request=RoomInput,
        responses=_responses(DraftRoomOutput, status_code=201),
    )
    def post(self, request, edition):
        ser = RoomInput(data=request.data)
        ser.is_valid(raise_exception=True)
        room = room_create(edition=self.edition, **ser.validated_data)
        return Response(DraftRoomOutput(room).data, status=status.HTTP_201_CREATED)


class DraftRoomDetailApi(_ChairApi):
    def room(self, pk):
        return room_for_chair(user=self.request.user, edition=self.edition, pk=pk)

    @extend_schema(summary="One room (chairs)", responses=_responses(DraftRoomOutput))
    def get(self, request, edition, pk):
        return Response(DraftRoomOutput(self.room(pk)).data)

    @extend_schema(
        summary="Rename, reorder or resize a room (chairs)",
        request=RoomUpdateInput,
        responses=_responses(DraftRoomOutput),
    )
    def patch(self, request, edition, pk):
        room = self.room(pk)
        ser = RoomUpdateInput(data=request.data)
        ser.is_valid(raise_exception=True)
        return Response(DraftRoomOutput(room_update(room=room, **ser.validated_data)).data)

    @extend_schema(
        summary="Delete a room no session uses (chairs); 409 names the sessions otherwise",
        responses=_responses(None, status_code=204, conflict=True),
    )
    def delete(self, request, edition, pk):
        room_delete(room=self.room(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftSessionTypeListApi(_ChairApi):
    @extend_schema(
        summary="Session types of the edition, in order, with their session counts (chairs)",
        responses=_responses(SessionTypeOutput(many=True)),
    )
    def get(self, request, edition):
        rows = session_type_list(edition=self.edition)
        return Response(SessionTypeOutput(rows, many=True).data)

    @extend_schema(
        summary="Add a session type (chairs); 400 for a taken name or a bad colour",
        request=SessionTypeInput,
        responses=_responses(SessionTypeOutput, status_code=201),
    )
    def post(self, request, edition):
        ser = SessionTypeInput(data=request.data)
        ser.is_valid(raise_exception=True)
        row = session_type_create(edition=self.edition, **ser.validated_data)
        row = session_type_list(edition=self.edition).get(pk=row.pk)
        return Response(SessionTypeOutput(row).data, status=status.HTTP_201_CREATED)


class DraftSessionTypeDetailApi(_ChairApi):
    def row(self, pk):
        return session_type_for_chair(user=self.request.user, edition=self.edition, pk=pk)

    @extend_schema(summary="One session type (chairs)", responses=_responses(SessionTypeOutput))
    def get(self, request, edition, pk):
        row = session_type_list(edition=self.edition).get(pk=self.row(pk).pk)
        return Response(SessionTypeOutput(row).data)

    @extend_schema(
        summary="Rename, recolour, move or change the default kind of a session type (chairs)",
        request=SessionTypeUpdateInput,
        responses=_responses(SessionTypeOutput),
    )
    def patch(self, request, edition, pk):
        row = self.row(pk)
        ser = SessionTypeUpdateInput(data=request.data)
        ser.is_valid(raise_exception=True)
        session_type_update(session_type=row, **ser.validated_data)
        row = session_type_list(edition=self.edition).get(pk=row.pk)
        return Response(SessionTypeOutput(row).data)

    @extend_schema(
        summary="Delete a session type no session uses (chairs); 409 names the sessions",
        responses=_responses(None, status_code=204, conflict=True),
    )
    def delete(self, request, edition, pk):
        session_type_delete(session_type=self.row(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftTrackListApi(_ChairApi):
    @extend_schema(
        summary="Tracks of the edition, in order, with their session counts (chairs)",
        responses=_responses(TrackOutput(many=True)),
    )
    def get(self, request, edition):
        return Response(TrackOutput(track_list(edition=self.edition), many=True).data)

    @extend_schema(
        summary="Add a track (chairs); 400 for a taken name or a bad colour",
        request=TrackInput,
        responses=_responses(TrackOutput, status_code=201),
    )
    def post(self, request, edition):
        ser = TrackInput(data=request.data)
        ser.is_valid(raise_exception=True)
        row = track_create(edition=self.edition, **ser.validated_data)
        row = track_list(edition=self.edition).get(pk=row.pk)
        return Response(TrackOutput(row).data, status=status.HTTP_201_CREATED)


class DraftTrackDetailApi(_ChairApi):
    def row(self, pk):
        return track_for_chair(user=self.request.user, edition=self.edition, pk=pk)

    @extend_schema(summary="One track (chairs)", responses=_responses(TrackOutput))
    def get(self, request, edition, pk):
        row = track_list(edition=self.edition).get(pk=self.row(pk).pk)
        return Response(TrackOutput(row).data)

    @extend_schema(
        summary="Rename, recolour, describe or move a track (chairs)",
        request=TrackUpdateInput,
        responses=_responses(TrackOutput),
    )
    def patch(self, request, edition, pk):
        row = self.row(pk)
        ser = TrackUpdateInput(data=request.data)
        ser.is_valid(raise_exception=True)
        track_update(track=row, **ser.validated_data)
        row = track_list(edition=self.edition).get(pk=row.pk)
        return Response(TrackOutput(row).data)

    @extend_schema(
        summary="Delete a track no session uses (chairs); 409 names the sessions",
        responses=_responses(None, status_code=204, conflict=True),
    )
    def delete(self, request, edition, pk):
        track_delete(track=self.row(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class DraftSessionListApi(_ChairApi):
    @extend_schema(
        summary="Sessions of the draft (chairs)",
        responses=_responses(DraftSessionOutput(many=True)),
    )
    def get(self, request, edition):
        return Response(DraftSessionOutput(session_list(edition=self.edition), many=True).data)

    @extend_schema(
        summary="Create a session (chairs)",
        request=SessionInput,
        responses=_responses(DraftSessionOutput, status_code=201, conflict=True),
    )
    def post(self, request, edition):
        ser = SessionInput(data=request.data)
        ser.is_valid(raise_exception=True)
        session = session_create(
            edition=self.edition, **self._session_fields(dict(ser.validated_data))
        )
        return Response(DraftSessionOutput(session).data, status=status.HTTP_201_CREATED)


class DraftItemListApi(_ChairApi):
    @extend_schema(
        summary="Items of the draft, scheduled or not (chairs)",
        responses=_responses(DraftItemOutput(many=True)),
    )
    def get(self, request, edition):
        return Response(DraftItemOutput(item_list_draft(edition=self.edition), many=True).data)

    @extend_schema(
        summary="Create a talk, poster or panel (chairs)",
        request=ItemInput,
        responses=_responses(DraftItemOutput, status_code=201, conflict=True),
    )
    def post(self, request, edition):
        ser = ItemInput(data=request.data)
        ser.is_valid(raise_exception=True)
        item = item_create(edition=self.edition, **self._item_fields(dict(ser.validated_data)))
        return Response(DraftItemOutput(item).data, status=status.HTTP_201_CREATED)


# --- people (chairs) ------------------------------------------------------------------------


class PersonListApi(_ChairApi):
    @extend_schema(
        summary="Search people to pick as a speaker: name part, exact e-mail or ORCID (chairs; "
        "people of this edition and profiles linked to nothing yet, staff: everybody)",
        parameters=[OpenApiParameter("q", str, description="At least 2 characters")],
        responses=_responses(PersonDetailOutput(many=True)),
    )
    def get(self, request, edition):
        people = person_search(
            q=request.query_params.get("q", ""),
            among=people_for_chair(user=request.user, edition=self.edition),
        )
        return Response(PersonDetailOutput(people, many=True).data)

    @extend_schema(
        summary="Create a speaker profile (chairs); search first to avoid duplicates",
        request={"application/json": PersonInput, "multipart/form-data": PersonInput},
        responses=_responses(PersonDetailOutput, status_code=201),
    )
    def post(self, request, edition):
        ser = PersonInput(data=request.data)
        ser.is_valid(raise_exception=True)
        person = person_create(**ser.validated_data)
        return Response(PersonDetailOutput(person).data, status=status.HTTP_201_CREATED)


class PersonDetailApi(_ChairApi):
    def person(self, pk):
        return person_for_chair(user=self.request.user, edition=self.edition, pk=pk)

    @extend_schema(
        summary="A person of this edition (chairs)", responses=_responses(PersonDetailOutput)
    )
    def get(self, request, edition, pk):
        return Response(PersonDetailOutput(self.person(pk)).data)

    @extend_schema(
        summary="Edit a person of this edition: e-mail, bio, photo, homepage, ORCID (chairs)",
        request={"application/json": PersonUpdateInput, "multipart/form-data": PersonUpdateInput},
        responses=_responses(PersonDetailOutput),
    )
    def patch(self, request, edition, pk):
        person = self.person(pk)
        ser = PersonUpdateInput(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        return Response(PersonDetailOutput(person_update(person=person, **ser.validated_data)).data)


class PersonInviteApi(_ChairApi):
    @extend_schema(
        summary="Mail a person a link to fill in their own profile (chairs)",
        request=None,
        responses=_responses(InviteOutput, status_code=202),
    )
    def post(self, request, edition, pk):
        person = person_for_chair(user=request.user, edition=self.edition, pk=pk)
        person_invite(person=person, edition=self.edition, by=request.user)
        return Response({"queued": True, "email": person.email}, status=status.HTTP_202_ACCEPTED)


class PersonAvailabilityApi(_ChairApi):
    """When a speaker can speak at this edition. Times without a UTC offset are venue-local
    (the edition's zone); answers always carry the offset of the edition's zone."""

    def output(self, person, rows) -> dict:
        spans = [
            {
                "start": local(r.start, self.edition).isoformat(),
                "end": local(r.end, self.edition).isoformat(),
            }
            for r in rows
        ]
        return AvailabilityOutput(
            {"person": person.pk, "time_zone": self.edition.time_zone, "spans": spans}
        ).data

    @extend_schema(
        summary="A person's availability for this edition (chairs); no spans: always",
        responses=_responses(AvailabilityOutput),
    )
    def get(self, request, edition, pk):
        person = person_for_chair(user=request.user, edition=self.edition, pk=pk)
        return Response(self.output(person, availability_list(person=person, edition=self.edition)))

    @extend_schema(
        summary="Replace a person's availability for this edition (chairs)",
        description="Spans outside the edition's days, ending before they start, more than 100, "
        "or venue-local times that daylight saving time skips or repeats are refused (400). "
        "Overlapping and touching spans are merged.",
        request=AvailabilityInput,
        responses=_responses(AvailabilityOutput),
    )
    def put(self, request, edition, pk):
        person = person_for_chair(user=request.user, edition=self.edition, pk=pk)
        ser = AvailabilityInput(data=request.data)
        ser.is_valid(raise_exception=True)
        spans = [(sp["start"], sp["end"]) for sp in ser.validated_data["spans"]]
        rows = availability_set(person=person, edition=self.edition, spans=spans)
        return Response(self.output(person, rows))


class PersonMergeApi(_ChairApi):
    @extend_schema(
        summary="Merge a duplicate person into another; every link is kept (chairs, staff)",
        request=PersonMergeInput,
        responses=_responses(PersonDetailOutput),
    )
    def post(self, request, edition):
        ser = PersonMergeInput(data=request.data)
        ser.is_valid(raise_exception=True)
        keep = person_for_chair(
            user=request.user, edition=self.edition, pk=ser.validated_data["keep"]
        )
        remove = person_for_chair(
            user=request.user, edition=self.edition, pk=ser.validated_data["remove"]
        )
        return Response(PersonDetailOutput(person_merge(keep=keep, remove=remove)).data)


# --- import (chairs) ------------------------------------------------------------------------


class ImportApi(_ChairApi):
    @extend_schema(
        summary="Import a program from frab XML or schedule JSON: preview, then confirm",
        description="The preview lists schedule_warnings (a speaker double-booked or outside "
        "their availability); confirming then needs override_warnings=true, else 409.",
        request={"multipart/form-data": ImportInput},
        responses={**_responses(ImportPlanOutput, conflict=True), 201: ImportPlanOutput},
    )
    def post(self, request, edition):
        ser = ImportInput(data=request.data)
        ser.is_valid(raise_exception=True)
        upload = ser.validated_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ProgramError("The file is larger than 2 MB.", field="file")
        events = program_import_parse(data=upload.read())
        plan = program_import_plan(edition=self.edition, events=events)
        created = ser.validated_data["confirm"]
        schedule_warnings = []
        if created:
            program_import_apply(
                edition=self.edition,
                plan=plan,
                override_warnings=ser.validated_data["override_warnings"],
            )
        else:
            schedule_warnings = program_import_warnings(edition=self.edition, plan=plan)
        return Response(
            ImportPlanOutput(
                {**plan, "created": created, "schedule_warnings": schedule_warnings}
            ).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
