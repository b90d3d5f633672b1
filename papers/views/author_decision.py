"""Authors after release: the decision, the reviews' to-author parts, the camera-ready."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from papers.enums import FileKind
from papers.exceptions import PapersError
from papers.forms.decision import CameraReadyForm
from papers.selectors import (
    camera_ready_deadline,
    camera_ready_open,
    current_version,
    decision_for_author,
)
from papers.services import camera_ready_upload
from papers.views.mixins import PaperMixin, field_of


class AuthorDecisionView(PaperMixin, TemplateView):
    """Nothing before the release (404: for the author there is no decision yet)."""

    template_name = "papers/author/decision_detail.html"
    permission_required = "papers.view_decision"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["outcome"] = outcome = decision_for_author(paper=self.paper)
        ctx["reviews"] = outcome["reviews"] if outcome else []
        ctx["camera_ready_deadline"] = camera_ready_deadline(edition=self.edition)
        ctx["camera_ready_open"] = camera_ready_open(edition=self.edition)
        ctx["camera_ready"] = current_version(paper=self.paper, kind=FileKind.CAMERA_READY)
        ctx.setdefault("form", CameraReadyForm())
        return ctx


class AuthorCameraReadyView(AuthorDecisionView):
    permission_required = "papers.upload_camera_ready"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = CameraReadyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                camera_ready_upload(
                    paper=self.paper,
                    by=request.user,
                    uploaded=form.cleaned_data["file"],
                    consent=form.cleaned_data["consent"],
                )
            except PapersError as exc:
                form.add_error(field_of(form, exc), exc.message)
            else:
                messages.success(request, "Camera-ready version uploaded. Thank you!")
                return redirect(
                    "papers:author-decision", edition=self.edition.slug, pk=self.paper.pk
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)
