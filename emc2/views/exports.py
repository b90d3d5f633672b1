"""The one download view of every registered exporter (see ``emc2.exporters``)."""

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views import View

from emc2.exporters import export_etag, exporter_get
from emc2.views.mixins import EditionMixin

CACHE_SECONDS = 60 * 60


class ExportView(EditionMixin, View):
    """Mount with ``as_view(group="program")`` (the exporter named by the ``name`` URL kwarg)
    or ``as_view(identifier="challenge.leaderboard_csv")`` (one exporter at one URL)."""

    group = ""
    identifier = ""
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        params = {k: v for k, v in kwargs.items() if k not in ("edition", "name")}
        exporter = exporter_get(
            identifier=self.identifier, group=self.group, filename=kwargs.get("name", "")
        )
        if exporter is None:
            raise Http404("No such export.")
        obj = exporter.permission_object(edition=self.edition, **params)
        if not request.user.has_perm(exporter.permission, obj):
            if exporter.deny_as_404:
                raise Http404("No such export.")
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        export = exporter.load(edition=self.edition, obj=obj, request=request, **params)
        if exporter.requires_published and not export.found:
            raise Http404("Nothing is published here yet.")
        last_modified = (
            int(export.last_modified.timestamp()) if export.last_modified is not None else None
        )
        body = None
        if not export.version:
            body = exporter.render(data=export.get_data(), edition=self.edition, request=request)
        etag = quote_etag(export_etag(exporter=exporter, export=export, body=body))
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            if body is None:
                # The version names everything that goes into the bytes, so the rendered file
                # is cached under its ETag until the next release.
                key = f"export:{exporter.identifier}:{etag}"
                body = cache.get(key)
                if body is None:
                    body = exporter.render(
                        data=export.get_data(), edition=self.edition, request=request
                    )
                    cache.set(key, body, CACHE_SECONDS)
            response = HttpResponse(body, content_type=exporter.content_type)
            name = exporter.download_name(edition=self.edition, data=export.data)
            disposition = "inline" if exporter.inline else "attachment"
            response["Content-Disposition"] = f'{disposition}; filename="{name}"'
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        # Clients revalidate every time (cheap with the ETag); role-only files stay private.
        if exporter.public:
            patch_cache_control(response, no_cache=True)
        else:
            patch_cache_control(response, no_cache=True, private=True)
        return response
