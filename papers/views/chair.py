"""Chair pages: submission types, the table of submissions, detail, restore (the CSV
exports are papers/exporters.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from emc2.views.mixins import EditionMixin
from papers.access import paper_for_chair
from papers.exceptions import PapersError
from papers.forms import ChairFilterForm, SubmissionTypeFormSet
from papers.selectors import (
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
