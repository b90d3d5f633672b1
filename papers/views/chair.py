"""Chair pages: submission types, the table of submissions, detail, restore (the CSV
exports are papers/exporters.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from emc2.views.mixins import EditionMixin
from papers.access import paper_for_chair, papers_for_chair
from papers.exceptions import PapersError
from papers.forms import ChairBulkForm, ChairFilterForm, SubmissionTypeFormSet
from papers.selectors import (
    paper_file_get,
    paper_list_for_chair,
    paper_search_parse,
    paper_table_for_chair,
    paper_versions,
    pc_member_users,
    pending_reviewer_ids,
    submission_counts,
    submission_deadlines,
)
from papers.services import (
    assignments_add_bulk,
    decisions_record_bulk,
    paper_restore,
    review_reminders_send,
    submission_types_save,
)
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
        filters, search, sort = {}, paper_search_parse(""), "id"
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "submission_type": data["submission_type"].pk if data["submission_type"] else None,
                "topic": data["topic"].pk if data["topic"] else None,
                "status": data["status"],
            }
            search, sort = paper_search_parse(data["q"]), data["sort"] or "id"
        ctx["filter_form"] = form
        ctx["search_errors"] = search.errors
        ctx["papers"] = papers = list(
            paper_table_for_chair(
                queryset=paper_list_for_chair(
                    edition=self.edition, user=self.request.user, **filters
                ),
                edition=self.edition,
                search=search,
                sort=sort,
            )
        )
        ctx["bulk_form"] = ChairBulkForm(
            papers=papers, reviewers=pc_member_users(edition=self.edition)
        )
        ctx["counts"] = submission_counts(edition=self.edition)
        return ctx


class ChairPaperBulkView(ChairSubmissionsMixin, View):
    """POST: one action on the selected papers (decide, assign a reviewer, remind), through
    the same services as the single-paper pages; papers the chair may not handle are never
    choices."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        papers = papers_for_chair(user=request.user, edition=self.edition)
        form = ChairBulkForm(
            request.POST, papers=papers, reviewers=pc_member_users(edition=self.edition)
        )
        back = redirect("papers:chair-list", edition=self.edition.slug)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return back
        data = form.cleaned_data
        selected = list(papers.filter(pk__in=data["papers"]).order_by("pk"))
        action = data["action"]
        try:
            if action.startswith("decide:"):
                if not request.user.has_perm("papers.decide_paper", self.edition):
                    raise PapersError("You may not decide papers in this edition.")
                decisions_record_bulk(
                    edition=self.edition,
                    by=request.user,
                    paper_ids=[p.pk for p in selected],
                    decision=action.removeprefix("decide:"),
                )
                messages.success(request, f"Decision recorded on {len(selected)} paper(s).")
            elif action == "assign":
                created = assignments_add_bulk(
                    papers=selected, reviewer=data["reviewer"], by=request.user
                )
                messages.success(request, f"{len(created)} assignment(s) made; reviewer notified.")
            else:
                sent = review_reminders_send(
                    edition=self.edition, reviewer_ids=pending_reviewer_ids(papers=selected)
                )
                messages.success(
                    request, f"{sent} reminder(s) sent (at most one a day per reviewer)."
                )
        except PapersError as exc:
            messages.error(request, exc.message)
        return back


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
