"""The one download view of every registered exporter (see ``emc2.exporters``)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views import View

from emc2.conditional import conditional_get
from emc2.exporters import export_etag, exporter_get
from emc2.views.mixins import EditionMixin


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
        body = None
        if not export.version:
            body = exporter.render(data=export.get_data(), edition=self.edition, request=request)
        etag = export_etag(exporter=exporter, export=export, body=body)

        def render() -> bytes:
            # The version names everything that goes into the bytes, so the rendered file
            # is cached under its ETag until the next release.
            if body is not None:
                return body
            return exporter.render(data=export.get_data(), edition=self.edition, request=request)

        response = conditional_get(
            request,
            key=f"export:{exporter.identifier}",
            etag=etag,
            last_modified=export.last_modified,
            render=render,
            content_type=exporter.content_type,
            public=exporter.public,
        )
        if response.status_code == 200:
            name = exporter.download_name(edition=self.edition, data=export.data)
            disposition = "inline" if exporter.inline else "attachment"
            response["Content-Disposition"] = f'{disposition}; filename="{name}"'
        return response
