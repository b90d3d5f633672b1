"""Chair pages: submission types, the table of submissions, detail, restore, CSV exports."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from emc2.views.mixins import EditionMixin
from papers.access import chair_conflicted_ids, paper_for_chair
from papers.exceptions import PapersError
from papers.forms import ChairFilterForm, SubmissionTypeFormSet
from papers.selectors import (
    authors_for_export,
    paper_file_get,
    paper_list_for_chair,
    paper_versions,
    submission_counts,
    submission_deadlines,
)
from papers.services import paper_restore, submission_types_save
from papers.views.author import file_response


class ChairSubmissionsMixin(EditionMixin):
    permission_required = "papers.view_submissions"


class SubmissionTypesView(EditionMixin, TemplateView):
    template_name = "papers/chair/types.html"
    permission_required = "papers.change_submissiontype"

    def get_formset(self):
        return SubmissionTypeFormSet(self.request.POST or None, instance=self.edition)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("formset", self.get_formset())
        ctx["deadlines"] = submission_deadlines(edition=self.edition)
        return ctx

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if formset.is_valid():
            try:
                submission_types_save(edition=self.edition, formset=formset)
            except PapersError as exc:
                formset._non_form_errors = formset.error_class([exc.message])
            else:
                messages.success(request, "Submission types saved.")
                return redirect("papers:chair-types", edition=self.edition.slug)
        return self.render_to_response(self.get_context_data(formset=formset))


class ChairPaperListView(ChairSubmissionsMixin, TemplateView):
    template_name = "papers/chair/list.html"

    def get_template_names(self):
        # htmx filters swap only the table.
        if self.request.htmx:
            return ["papers/chair/list.html#rows"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ChairFilterForm(self.request.GET or None, edition=self.edition)
        filters = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "submission_type": data["submission_type"].pk if data["submission_type"] else None,
                "topic": data["topic"].pk if data["topic"] else None,
                "status": data["status"],
            }
        ctx["filter_form"] = form
        ctx["papers"] = paper_list_for_chair(
            edition=self.edition, user=self.request.user, **filters
        )
        ctx["counts"] = submission_counts(edition=self.edition)
        return ctx


class ChairPaperDetailView(ChairSubmissionsMixin, TemplateView):
    template_name = "papers/chair/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["paper"] = paper = paper_for_chair(
            user=self.request.user, edition=self.edition, pk=self.kwargs["pk"]
        )
        ctx["versions"] = paper_versions(paper=paper)
        return ctx


class ChairPaperFileView(ChairSubmissionsMixin, View):
    """A version as stored, or (``variant`` anonymized) the copy reviewers get."""

    def get(self, request, *args, **kwargs):
        if kwargs["variant"] not in ("original", "anonymized"):
            raise Http404("No such variant.")
        paper = paper_for_chair(user=request.user, edition=self.edition, pk=kwargs["pk"])
        version = paper_file_get(paper=paper, pk=kwargs["file_pk"])
        return file_response(paper, version, anonymized=kwargs.get("variant") == "anonymized")


class ChairPaperRestoreView(ChairSubmissionsMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        paper = paper_for_chair(user=request.user, edition=self.edition, pk=kwargs["pk"])
        if not request.user.has_perm("papers.restore_paper", paper):
            messages.error(request, "Only a withdrawn submission can be restored.")
        else:
            try:
                paper_restore(paper=paper, by=request.user)
            except PapersError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "Submission restored. All authors are informed.")
        return redirect("papers:chair-detail", edition=self.edition.slug, pk=paper.pk)


class _SafeWriter:
    """A csv writer that defuses cells a spreadsheet would run as a formula."""

    def __init__(self, response):
        self._writer = csv.writer(response)

    def writerow(self, row):
        self._writer.writerow(
            "'" + cell if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell
            for cell in row
        )


def _csv_response(filename: str) -> tuple[HttpResponse, _SafeWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, _SafeWriter(response)


class ChairExportSubmissionsView(ChairSubmissionsMixin, View):
    def get(self, request, *args, **kwargs):
        response, writer = _csv_response(f"{self.edition.slug}-submissions.csv")
        writer.writerow(
            [
                "id",
                "title",
                "type",
                "status",
                "decision",
                "topics",
                "keywords",
                "authors",
                "contact",
                "pages",
                "submitted_at",
                "updated",
            ]  # fmt: skip
        )
        for paper in paper_list_for_chair(edition=self.edition, user=request.user):
            authors = list(paper.authors.all())
            current = paper.paper_versions[0] if paper.paper_versions else None
            writer.writerow(
                [
                    paper.pk,
                    paper.title,
                    paper.submission_type.name,
                    paper.status,
                    paper.decision,
                    "; ".join(t.name for t in paper.topics.all()),
                    paper.keywords,
                    "; ".join(a.name for a in authors),
                    next((a.email for a in authors if a.is_contact), ""),
                    current.page_count if current else "",
                    paper.submitted_at.isoformat() if paper.submitted_at else "",
                    paper.updated.isoformat(),
                ]
            )
        return response


class ChairExportAuthorsView(ChairSubmissionsMixin, View):
    def get(self, request, *args, **kwargs):
        response, writer = _csv_response(f"{self.edition.slug}-authors.csv")
        writer.writerow(["paper_id", "paper_title", "order", "name", "email", "affiliation",
                         "contact", "person"])  # fmt: skip
        hidden = chair_conflicted_ids(user=request.user, edition=self.edition)
        for a in authors_for_export(edition=self.edition).exclude(paper_id__in=hidden):
            writer.writerow(
                [
                    a.paper_id,
                    a.paper.title,
                    a.order,
                    a.name,
                    a.email,
                    a.affiliation,
                    "yes" if a.is_contact else "",
                    a.person.slug if a.person else "",
                ]  # fmt: skip
            )
        return response
