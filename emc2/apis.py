from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from emc2.selectors import edition_get_for_page, edition_list_for_user
from emc2.serializers import EditionDetailOutput, EditionListOutput


class EditionListApi(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = EditionListOutput

    def get_queryset(self):
        return edition_list_for_user(user=self.request.user)

    @extend_schema(summary="Editions the caller may see (published, or chaired)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


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
