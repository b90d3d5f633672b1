from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from emc2.api import HasRulePermission
from emc2.exceptions import Emc2Error
from emc2.models import Edition, Person, Role, Series, Sponsor, User
from emc2.selectors import (
    edition_get,
    edition_get_for_page,
    edition_list_for_user,
    role_list,
    series_admin_list,
    series_get,
    series_get_by_pk,
)
from emc2.serializers import (
    EditionCreateInput,
    EditionDetailOutput,
    EditionListOutput,
    OrganizerDetailOutput,
    OrganizerInput,
    OrganizerUpdateInput,
    SeriesAdminInput,
    SeriesAdminOutput,
    SponsorDetailOutput,
    SponsorInput,
    SponsorUpdateInput,
)
from emc2.services import (
    edition_create,
    role_add,
    role_remove,
    role_update,
    series_admin_add,
    series_admin_remove,
    series_create,
    sponsor_save,
)

ERRORS = {
    400: OpenApiResponse(description='Invalid input: {"detail": ..., "<field>": [...]}'),
    401: OpenApiResponse(description="Not signed in / no token"),
    403: OpenApiResponse(description="Not allowed (or a read-only token)"),
    404: OpenApiResponse(description="No such edition or object"),
}


class MayCreateEditions(permissions.BasePermission):
    """Creating editions: staff, or a series admin (of the series the view resolves; here only
    whether the caller could create in any series, so that others get a 403 before their
    input is even read)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return bool(user.is_authenticated and (user.is_staff or user.is_superuser)) or (
            user.is_authenticated and user.series_admin_of.exists()
        )


class EditionListApi(generics.ListAPIView):
    permission_classes = [MayCreateEditions]
    serializer_class = EditionListOutput

    def get_queryset(self):
        return edition_list_for_user(user=self.request.user)

    @extend_schema(summary="Editions the caller may see (published, or chaired)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Create an edition (staff, or a series admin in their series), optionally "
        "copying an earlier one of the same series",
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
        series_id = data.pop("series", None)
        if series_id is not None:
            series = Series.objects.filter(pk=series_id).first()
            if series is None:
                raise Emc2Error("No such series.", field="series")
            if source is not None and source.series_id != series.pk:
                raise Emc2Error(
                    "The edition to copy from belongs to another series.", field="copy_from"
                )
        else:
            series = source.series if source else series_get()
        if not request.user.has_perm("emc2.add_edition", series):
            # No series yet (the site's first edition): staff only, as add_edition(None) is.
            raise PermissionDenied
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


class _SeriesStaffApi(APIView):
    """Who administers a series: staff only (``emc2.manage_series``)."""

    permission_classes = [HasRulePermission]
    permission_required = "emc2.manage_series"

    def initial(self, request, *args, **kwargs):
        self.series = series_get_by_pk(pk=kwargs["series"])
        super().initial(request, *args, **kwargs)

    def get_permission_object(self):
        return self.series


class SeriesAdminListApi(_SeriesStaffApi):
    @extend_schema(
        summary="The series' admins: accounts that may create its editions (staff)",
        responses={200: SeriesAdminOutput(many=True), **ERRORS},
    )
    def get(self, request, series):
        return Response(SeriesAdminOutput(series_admin_list(series=self.series), many=True).data)

    @extend_schema(
        summary="Make an account an admin of the series (staff)",
        request=SeriesAdminInput,
        responses={201: SeriesAdminOutput, **ERRORS},
    )
    def post(self, request, series):
        ser = SeriesAdminInput(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        if data.get("user"):
            user = User.objects.filter(pk=data["user"]).first()
        else:
            user = User.objects.filter(email__iexact=data["email"]).first()
        if user is None:
            raise Emc2Error("No such account.", field="user" if data.get("user") else "email")
        admin = series_admin_add(series=self.series, user=user)
        return Response(SeriesAdminOutput(admin).data, status=status.HTTP_201_CREATED)


class SeriesAdminDetailApi(_SeriesStaffApi):
    @extend_schema(
        summary="Take the series admin role away (staff)", responses={204: None, **ERRORS}
    )
    def delete(self, request, series, user):
        if not series_admin_list(series=self.series).filter(user_id=user).exists():
            raise Http404
        series_admin_remove(series=self.series, user_id=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
