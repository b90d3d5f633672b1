"""Pages of PC members: assigned papers, bidding, the review form, discussion.

Only what double-blind review allows reaches these templates: authors are shown for
single-blind types only, other reviewers are numbers, files are the anonymized copies.
"""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView

from emc2.views.mixins import EditionMixin
from papers.access import (
    assignment_for_reviewer,
    meta_review_for_user,
    paper_for_reviewer,
    review_audience,
)
from papers.enums import FileKind
from papers.exceptions import PapersError
from papers.forms.review import BidForm, ConflictForm, DiscussionForm, MetaReviewForm, ReviewForm
from papers.models import BidValue
from papers.selectors import (
    assignment_list_for_reviewer,
    current_version,
    discussion_posts,
    paper_list_for_bidding,
    paper_reviewer_numbers,
    review_display,
    review_fields,
    review_get,
    review_list_for_paper,
)
from papers.selectors.submission import reviewer_download, supplementary_for_reviewer
from papers.services import (
    bid_set,
    discussion_post_add,
    meta_review_save,
    paper_conflict_declare,
    review_closed_reason,
    review_deadline_for,
    review_save,
)


class ReviewerMixin(EditionMixin):
    permission_required = "papers.view_pc_area"


class ReviewerHomeView(ReviewerMixin, TemplateView):
    template_name = "papers/reviewer/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["assignments"] = assignment_list_for_reviewer(
            edition=self.edition, user=self.request.user
        )
        return ctx


class BidsView(ReviewerMixin, TemplateView):
    template_name = "papers/reviewer/bids.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["papers"] = paper_list_for_bidding(edition=self.edition, user=self.request.user)
        ctx["bid_choices"] = BidValue.choices
        return ctx


class _PaperActionMixin(ReviewerMixin):
    """A reviewable paper of the edition the user is not conflicted with; else 404."""

    def get_paper(self):
        return paper_for_reviewer(
            user=self.request.user, edition=self.edition, pk=self.kwargs["pk"]
        )


class BidView(_PaperActionMixin, TemplateView):
    """POST a bid; htmx gets the paper's bid buttons back, others a redirect."""

    http_method_names = ["post"]
    template_name = "papers/reviewer/bids.html#bid"

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        form = BidForm(request.POST)
        error = ""
        if form.is_valid():
            try:
                bid_set(paper=paper, user=request.user, value=form.cleaned_data["value"])
            except PapersError as exc:
                error = exc.message
        else:
            error = "Unknown bid."
        if request.htmx:
            paper.my_bid = form.cleaned_data.get("value", "") if not error else ""
            return self.render_to_response(
                {
                    "paper": paper,
                    "bid_choices": BidValue.choices,
                    "edition": self.edition,
                    "error": error,
                },
                status=400 if error else 200,
            )
        if error:
            messages.error(request, error)
        return redirect("papers:reviewer-bids", edition=self.edition.slug)


class ConflictView(_PaperActionMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        form = ConflictForm(request.POST)
        form.is_valid()
        paper_conflict_declare(
            paper=paper,
            user=request.user,
            reason=form.cleaned_data.get("reason", ""),
            kind=form.cleaned_data.get("kind") or "other",
        )
        messages.success(request, "Conflict declared: the paper is hidden from you now.")
        return redirect("papers:reviewer-bids", edition=self.edition.slug)


class _AssignedMixin(ReviewerMixin):
    """The user's assignment for the paper ``pk``: missing, withdrawn or conflicted is a 404."""

    def get_assignment(self):
        if not hasattr(self, "assignment"):
            self.assignment = assignment_for_reviewer(
                user=self.request.user, edition=self.edition, pk=self.kwargs["pk"]
            )
        return self.assignment


class ReviewPaperView(_AssignedMixin, TemplateView):
    """The paper, my review (draft/submit/edit), then others' reviews and the discussion."""

    template_name = "papers/reviewer/paper.html"

    def get_form(self, fields, review):
        initial = {}
        if review:
            initial = {**review.scores, **review.texts}
        return ReviewForm(
            self.request.POST if self.request.method == "POST" else None,
            initial=initial,
            fields=fields,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        assignment = self.get_assignment()
        paper = assignment.paper
        user = self.request.user
        fields = review_fields(edition=self.edition)
        review = review_get(paper=paper, reviewer=user)
        ctx.update(
            assignment=assignment,
            paper=paper,
            review=review,
            due=review_deadline_for(assignment=assignment),
            closed=review_closed_reason(assignment=assignment, review=review),
            pdf=current_version(paper=paper, kind=FileKind.PAPER),
            supplementary=supplementary_for_reviewer(paper=paper),
            supplementary_held=current_version(paper=paper, kind=FileKind.SUPPLEMENTARY),
            show_authors=not paper.submission_type.is_double_blind,
        )
        ctx.setdefault("form", self.get_form(fields, review))
        if ctx["show_authors"]:
            ctx["authors"] = list(paper.authors.order_by("order"))
        if user.has_perm("papers.view_reviews", paper):
            numbers = paper_reviewer_numbers(paper=paper)
            audience = review_audience(user=user, paper=paper)
            ctx["other_reviews"] = [
                {
                    "number": numbers.get(r.reviewer_id, "?"),
                    "mine": r.reviewer_id == user.pk,
                    "rows": review_display(review=r, fields=fields, audience=audience, viewer=user),
                }
                for r in review_list_for_paper(paper=paper)
            ]
            ctx["posts"] = [
                {
                    "who": "You"
                    if p.author_id == user.pk
                    else (
                        f"Reviewer {numbers[p.author_id]}" if p.author_id in numbers else "Chair"
                    ),
                    "post": p,
                }
                for p in discussion_posts(paper=paper)
            ]
            ctx["discussion_form"] = DiscussionForm()
        ctx["meta_review"] = meta_review_for_user(user=user, paper=paper)
        if user.has_perm("papers.meta_review_paper", paper):
            meta = ctx["meta_review"]
            ctx["meta_form"] = MetaReviewForm(initial={"body": meta.body if meta else ""})
        return ctx

    def post(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        fields = review_fields(edition=self.edition)
        form = self.get_form(fields, None)
        if form.is_valid():
            scores, texts = form.answers()
            try:
                review_save(
                    assignment=assignment,
                    scores=scores,
                    texts=texts,
                    submit="submit" in request.POST,
                )
            except PapersError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, "Review saved.")
                return redirect(
                    "papers:reviewer-paper", edition=self.edition.slug, pk=assignment.paper_id
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReviewPdfView(_AssignedMixin, TemplateView):
    """The current PDF; for double-blind types only the anonymized copy, never the original."""

    kind = FileKind.PAPER

    def get(self, request, *args, **kwargs):
        field, name, content_type = reviewer_download(
            paper=self.get_assignment().paper, kind=self.kind
        )
        return FileResponse(
            field.open("rb"), as_attachment=True, filename=name, content_type=content_type
        )


class ReviewSupplementaryView(ReviewPdfView):
    """Supplementary material, once its double-blind checks let reviewers have it."""

    kind = FileKind.SUPPLEMENTARY


class DiscussView(_AssignedMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        paper = self.get_assignment().paper
        if not request.user.has_perm("papers.discuss_paper", paper):
            messages.error(request, "Submit your own review before joining the discussion.")
        else:
            form = DiscussionForm(request.POST)
            if form.is_valid():
                try:
                    discussion_post_add(paper=paper, author=request.user, **form.cleaned_data)
                except PapersError as exc:
                    messages.error(request, exc.message)
            else:
                messages.error(request, "Write something first.")
        return redirect("papers:reviewer-paper", edition=self.edition.slug, pk=paper.pk)


class MetaReviewView(_AssignedMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        paper = self.get_assignment().paper
        form = MetaReviewForm(request.POST)
        if not request.user.has_perm("papers.meta_review_paper", paper):
            messages.error(request, "You are not the meta-reviewer of this paper.")
        elif form.is_valid():
            try:
                meta_review_save(paper=paper, author=request.user, body=form.cleaned_data["body"])
                messages.success(request, "Meta-review saved.")
            except PapersError as exc:
                messages.error(request, exc.message)
        return redirect("papers:reviewer-paper", edition=self.edition.slug, pk=paper.pk)
