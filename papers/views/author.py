"""Pages of authors: start, edit, upload, withdraw, and their submissions across editions."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from emc2.selectors import person_get_for_user
from emc2.views.mixins import EditionMixin
from papers.enums import FileKind
from papers.exceptions import PapersError
from papers.forms import AuthorFormSet, PaperCreateForm, PaperForm, UploadForm, WithdrawForm
from papers.selectors import (
    current_version,
    paper_file_get,
    paper_list_for_user,
    paper_versions,
    submission_deadlines,
    submission_types,
    submissions_open,
)
from papers.services import paper_create, paper_file_upload, paper_update, paper_withdraw
from papers.views.mixins import PaperMixin, field_of


def download_name(paper, version) -> str:
    suffix = {FileKind.PAPER: "", FileKind.SUPPLEMENTARY: "-supplementary"}.get(
        version.kind, "-camera-ready"
    )
    return f"{paper.edition.slug}-{paper.pk}{suffix}{version.extension}"


def file_response(paper, version, *, anonymized: bool = False) -> FileResponse:
    field = version.anonymized if anonymized and version.anonymized else version.file
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=download_name(paper, version),
        content_type=version.content_type,
    )


def _show_warnings(request, version) -> None:
    if version is not None and version.warnings:
        for line in version.warnings.splitlines():
            messages.warning(request, line)


class MySubmissionsView(EditionMixin, TemplateView):
    """Every submission of the user, in every edition, with its status."""

    template_name = "papers/author/list.html"
    permission_required = "papers.add_paper"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["papers"] = paper_list_for_user(user=self.request.user)
        ctx["deadlines"] = submission_deadlines(edition=self.edition)
        return ctx


class PaperFormMixin:
    def author_formset(self, initial=None):
        return AuthorFormSet(self.request.POST or None, prefix="authors", initial=initial)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["deadlines"] = submission_deadlines(edition=self.edition)
        ctx["submission_types"] = submission_types(edition=self.edition)
        ctx["open"] = submissions_open(edition=self.edition)
        return ctx

    def invalid(self, form, formset, exc: PapersError | None = None):
        if exc is not None:
            if exc.field == "authors":
                formset._non_form_errors = formset.error_class([exc.message])
            else:
                form.add_error(field_of(form, exc), exc.message)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class PaperCreateView(PaperFormMixin, EditionMixin, TemplateView):
    template_name = "papers/author/form.html"
    permission_required = "papers.add_paper"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", PaperCreateForm(edition=self.edition))
        if "formset" not in ctx:
            person = person_get_for_user(user=self.request.user)
            me = {
                "name": person.name if person else self.request.user.get_full_name(),
                "email": self.request.user.email,
                "affiliation": person.affiliation if person else "",
                "is_contact": True,
                "ORDER": 1,
            }
            ctx["formset"] = self.author_formset(initial=[me])
        ctx["creating"] = True
        return ctx

    def post(self, request, *args, **kwargs):
        form = PaperCreateForm(request.POST, request.FILES, edition=self.edition)
        formset = self.author_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.invalid(form, formset)
        data = form.cleaned_data
        try:
            paper = paper_create(
                edition=self.edition, by=request.user, authors=formset.authors(), **data
            )
        except PapersError as exc:
            return self.invalid(form, formset, exc)
        _show_warnings(request, current_version(paper=paper))
        messages.success(
            request,
            "Submission saved. All authors get a confirmation e-mail."
            if data["pdf"]
            else "Draft saved. Upload the PDF before the deadline to complete the submission.",
        )
        return redirect(paper)


class PaperDetailView(PaperMixin, TemplateView):
    template_name = "papers/author/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["versions"] = paper_versions(paper=self.paper)
        ctx["deadlines"] = submission_deadlines(edition=self.edition)
        ctx["open"] = submissions_open(edition=self.edition)
        ctx.setdefault("upload_form", UploadForm())
        return ctx


class PaperEditView(PaperFormMixin, PaperMixin, TemplateView):
    template_name = "papers/author/form.html"
    permission_required = "papers.change_paper"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        paper = self.paper
        ctx.setdefault(
            "form",
            PaperForm(
                edition=self.edition,
                initial={
                    "title": paper.title,
                    "abstract": paper.abstract,
                    "keywords": paper.keywords,
                    "submission_type": paper.submission_type,
                    "topics": list(paper.topics.all()),
                },
            ),
        )
        if "formset" not in ctx:
            ctx["formset"] = self.author_formset(
                initial=[
                    {
                        "name": a.name,
                        "email": a.email,
                        "affiliation": a.affiliation,
                        "is_contact": a.is_contact,
                        "ORDER": a.order,
                    }
                    for a in paper.authors.all()
                ]
            )
        return ctx

    def post(self, request, *args, **kwargs):
        form = PaperForm(request.POST, edition=self.edition)
        formset = self.author_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.invalid(form, formset)
        try:
            paper_update(
                paper=self.paper, by=request.user, authors=formset.authors(), **form.cleaned_data
            )
        except PapersError as exc:
            return self.invalid(form, formset, exc)
        messages.success(request, "Submission updated. All authors get a confirmation e-mail.")
        return redirect(self.paper)


class PaperUploadView(PaperDetailView):
    """Upload a new version (paper, supplementary, camera-ready). Older versions stay."""

    permission_required = "papers.change_paper"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = paper_file_upload(
                    paper=self.paper,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    uploaded=form.cleaned_data["file"],
                )
            except PapersError as exc:
                form.add_error(field_of(form, exc), exc.message)
            else:
                _show_warnings(request, version)
                messages.success(request, f"{version.get_kind_display()} uploaded.")
                return redirect(self.paper)
        return self.render_to_response(self.get_context_data(upload_form=form), status=400)


class PaperWithdrawView(PaperMixin, TemplateView):
    template_name = "papers/author/withdraw.html"
    permission_required = "papers.withdraw_paper"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", WithdrawForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                paper_withdraw(paper=self.paper, by=request.user)
            except PapersError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Submission withdrawn. All authors are informed.")
                return redirect(self.paper)
        return self.render_to_response(self.get_context_data(form=form))


class PaperFileDownloadView(PaperMixin, TemplateView):
    """Any version, for the paper's authors and the chairs. Always an attachment."""

    def get(self, request, *args, **kwargs):
        version = paper_file_get(paper=self.paper, pk=kwargs["file_pk"])
        return file_response(self.paper, version)
