from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from emc2.api import HasRulePermission
from emc2.exceptions import Emc2Error
from emc2.models import Edition, Person, Role, Sponsor
from emc2.selectors import (
    edition_get,
    edition_get_for_page,
    edition_list_for_user,
    role_list,
    series_get,
)
from emc2.serializers import (
    EditionCreateInput,
    EditionDetailOutput,
    EditionListOutput,
    OrganizerDetailOutput,
    OrganizerInput,
    OrganizerUpdateInput,
    SponsorDetailOutput,
    SponsorInput,
    SponsorUpdateInput,
)
from emc2.services import (
    edition_create,
    role_add,
    role_remove,
    role_update,
    series_create,
    sponsor_save,
)

ERRORS = {
    400: OpenApiResponse(description='Invalid input: {"detail": ..., "<field>": [...]}'),
    401: OpenApiResponse(description="Not signed in / no token"),
    403: OpenApiResponse(description="Not allowed (or a read-only token)"),
    404: OpenApiResponse(description="No such edition or object"),
}


class IsStaff(permissions.BasePermission):
    """Creating editions is the series' staff's job (staff or superuser accounts)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user.is_authenticated and request.user.is_staff)


class EditionListApi(generics.ListAPIView):
    permission_classes = [IsStaff]
    serializer_class = EditionListOutput

    def get_queryset(self):
        return edition_list_for_user(user=self.request.user)

    @extend_schema(summary="Editions the caller may see (published, or chaired)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Create an edition (staff), optionally copying an earlier one",
        request=EditionCreateInput,
        responses={201: EditionDetailOutput, **ERRORS},
    )
    def post(self, request, *args, **kwargs):
        ser = EditionCreateInput(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        source = None
        if "copy_from" in data:
            source = Edition.objects.filter(slug=data.pop("copy_from")).first()
            if source is None:
                raise Emc2Error("No such edition to copy from.", field="copy_from")
        names = {k: data.pop(k) for k in ("series_name", "series_short_name") if k in data}
        series = source.series if source else series_get()
        if series is None:
            series = series_create(
                name=names.get("series_name", ""), short_name=names.get("series_short_name", "")
            )
        edition = edition_create(
            series=series, copy_from=source, chairs=data.pop("chairs", []), **data
        )
        edition = edition_get_for_page(slug=edition.slug)
        return Response(EditionDetailOutput(edition).data, status=status.HTTP_201_CREATED)


class EditionDetailApi(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = EditionDetailOutput

    def get_object(self):
        edition = edition_get_for_page(slug=self.kwargs["edition"])
        if not self.request.user.has_perm("emc2.view_edition", edition):
            raise Http404
        return edition

    @extend_schema(summary="One edition with topics, dates, sponsors and organizers")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _ChairApi(APIView):
    """An edition's chair area: ``emc2.change_edition``; an edition the caller may not see
    does not exist (404)."""

    permission_classes = [HasRulePermission]
    permission_required = "emc2.change_edition"

    def initial(self, request, *args, **kwargs):
        self.edition = edition_get(slug=kwargs["edition"])
        super().initial(request, *args, **kwargs)

    def get_permission_object(self):
        return self.edition

    def permission_denied(self, request, message=None, code=None):
        if request.user.is_authenticated and not request.user.has_perm(
            "emc2.view_edition", self.edition
        ):
            raise Http404
        super().permission_denied(request, message, code)


class OrganizerListApi(_ChairApi):
    @extend_schema(
        summary="Organizers, committees and other roles, in order (chairs)",
        responses={200: OrganizerDetailOutput(many=True), **ERRORS},
    )
    def get(self, request, edition):
        return Response(OrganizerDetailOutput(role_list(edition=self.edition), many=True).data)

    @extend_schema(
        summary="Give someone a role with a public title (chairs)",
        request=OrganizerInput,
        responses={201: OrganizerDetailOutput, **ERRORS},
    )
    def post(self, request, edition):
        ser = OrganizerInput(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        if "person" in data:
            data["person"] = Person.objects.filter(pk=data["person"]).first()
            if data["person"] is None:
                raise Emc2Error("No such person.", field="person")
        role = role_add(edition=self.edition, **data)
        return Response(OrganizerDetailOutput(role).data, status=status.HTTP_201_CREATED)


class OrganizerDetailApi(_ChairApi):
    def role(self, pk) -> Role:
        role = Role.objects.select_related("person").filter(edition=self.edition, pk=pk).first()
        if role is None:
            raise Http404
        return role

    @extend_schema(
        summary="Change a role's title or order (chairs)",
        request=OrganizerUpdateInput,
        responses={200: OrganizerDetailOutput, **ERRORS},
    )
    def patch(self, request, edition, pk):
        role = self.role(pk)
        ser = OrganizerUpdateInput(data=request.data)
        ser.is_valid(raise_exception=True)
        return Response(OrganizerDetailOutput(role_update(role=role, **ser.validated_data)).data)

    @extend_schema(
        summary="Remove a role (chairs; never the last chair)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request, edition, pk):
        role_remove(role=self.role(pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SponsorListApi(_ChairApi):
    @extend_schema(
        summary="Sponsors by tier and order (chairs)",
        responses={200: SponsorDetailOutput(many=True), **ERRORS},
    )
    def get(self, request, edition):
        sponsors = Sponsor.objects.filter(edition=self.edition).order_by("order", "name")
        return Response(SponsorDetailOutput(sponsors, many=True).data)

    @extend_schema(
        summary="Add a sponsor with a logo (chairs; SVG is sanitized)",
        request={"multipart/form-data": SponsorInput},
        responses={201: SponsorDetailOutput, **ERRORS},
    )
    def post(self, request, edition):
        ser = SponsorInput(data=request.data)
        ser.is_valid(raise_exception=True)
        sponsor = sponsor_save(edition=self.edition, **ser.validated_data)
        return Response(SponsorDetailOutput(sponsor).data, status=status.HTTP_201_CREATED)


class SponsorDetailApi(_ChairApi):
    def sponsor(self, pk) -> Sponsor:
        sponsor = Sponsor.objects.filter(edition=self.edition, pk=pk).first()
        if sponsor is None:
            raise Http404
        return sponsor

    @extend_schema(
        summary="Change a sponsor or its logo (chairs)",
        request={"multipart/form-data": SponsorUpdateInput},
        responses={200: SponsorDetailOutput, **ERRORS},
    )
    def patch(self, request, edition, pk):
        sponsor = self.sponsor(pk)
        ser = SponsorUpdateInput(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        sponsor = sponsor_save(edition=self.edition, sponsor=sponsor, **ser.validated_data)
        return Response(SponsorDetailOutput(sponsor).data)

    @extend_schema(summary="Remove a sponsor (chairs)", responses={204: None, **ERRORS})
    def delete(self, request, edition, pk):
        self.sponsor(pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
