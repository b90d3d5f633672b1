"""Chair pages of reviewing: dashboard, review form, assignment runs, one paper's reviews."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from emc2.exceptions import DomainError
from emc2.views.mixins import EditionMixin
from papers.access import (
    assignment_for_chair,
    paper_for_chair,
    proposal_for_chair,
    review_audience,
)
from papers.affinity import AffinityWeights
from papers.enums import BidValue
from papers.exceptions import PapersError
from papers.forms.review import (
    AssignmentChangeForm,
    AssignmentRunForm,
    DiscussionForm,
    ManualAssignForm,
    MetaReviewForm,
    PairForm,
    ReminderScheduleForm,
    ReviewFieldFormSet,
)
from papers.models import AssignmentProposal, ReviewAssignment, ReviewField
from papers.selectors import (
    assignment_list_conflicted,
    bid_table_for_chair,
    discussion_posts,
    pc_member_users,
    proposal_view,
    review_dashboard,
    review_display,
    review_fields,
    review_history,
    review_list_for_paper,
)
from papers.services import (
    assignment_add,
    assignment_extend,
    assignment_remove,
    assignment_run,
    assignment_set_meta,
    discussion_post_add,
    meta_review_save,
    proposal_commit,
    proposal_pair_add,
    proposal_pair_remove,
    review_fields_ensure,
    review_fields_save,
    review_reminder_schedule,
    review_reminders_send,
)


class ChairReviewMixin(EditionMixin):
    permission_required = "papers.manage_reviews"


class DashboardView(ChairReviewMixin, TemplateView):
    template_name = "papers/chair/review_dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(review_dashboard(edition=self.edition, user=self.request.user))
        ctx["schedule_form"] = ReminderScheduleForm()
        return ctx


class RemindView(ChairReviewMixin, TemplateView):
    """POST: mail late reviewers now (all, or one ``reviewer`` id); once a day each."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        reviewer = request.POST.get("reviewer", "")
        ids = {int(reviewer)} if reviewer.isdigit() else None
        sent = review_reminders_send(edition=self.edition, reviewer_ids=ids)
        messages.success(request, f"{sent} reminder(s) sent (at most one a day per reviewer).")
        return redirect("papers:chair-review-dashboard", edition=self.edition.slug)


class ReminderScheduleView(ChairReviewMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ReminderScheduleForm(request.POST)
        if form.is_valid():
            try:
                task = review_reminder_schedule(edition=self.edition, **form.cleaned_data)
                messages.success(
                    request,
                    f"Reminder scheduled for {task.clocked.clocked_time:%Y-%m-%d %H:%M} UTC.",
                )
            except PapersError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, "Give a number of days.")
        return redirect("papers:chair-review-dashboard", edition=self.edition.slug)


class ReviewFormView(ChairReviewMixin, TemplateView):
    template_name = "papers/chair/review_form.html"

    def get_formset(self):
        review_fields_ensure(edition=self.edition)
        return ReviewFieldFormSet(
            self.request.POST or None,
            queryset=ReviewField.objects.filter(edition=self.edition).order_by("order", "pk"),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("formset", self.get_formset())
        return ctx

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if formset.is_valid():
            try:
                review_fields_save(edition=self.edition, formset=formset)
            except PapersError as exc:
                formset._non_form_errors = formset.error_class([exc.message])
            else:
                messages.success(request, "Review form saved.")
                return redirect("papers:chair-review-form", edition=self.edition.slug)
        return self.render_to_response(self.get_context_data(formset=formset), status=400)


class AssignmentView(ChairReviewMixin, TemplateView):
    """Run the solver (POST) and list earlier proposals."""

    template_name = "papers/chair/review_assignment.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", AssignmentRunForm())
        ctx["proposals"] = AssignmentProposal.objects.filter(edition=self.edition)[:10]
        # Conflicts declared after the assignment: flagged, with a one-click removal.
        ctx["conflicted_assignments"] = assignment_list_conflicted(
            edition=self.edition, user=self.request.user
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = AssignmentRunForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = assignment_run(
                    edition=self.edition,
                    by=request.user,
                    reviewers_per_paper=data["reviewers_per_paper"],
                    min_load=data["min_load"],
                    max_load=data["max_load"],
                    weights=AffinityWeights(
                        bid=data["weight_bid"], topic=data["weight_topic"], text=data["weight_text"]
                    ),
                    fair=data["fair"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(
                    "papers:chair-proposal", edition=self.edition.slug, proposal=proposal.pk
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BidsView(ChairReviewMixin, TemplateView):
    """How many PC members bid each value on each paper the chair may handle."""

    template_name = "papers/chair/review_bids.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["papers"] = bid_table_for_chair(edition=self.edition, user=self.request.user)
        ctx["bid_labels"] = BidValue.labels
        return ctx


class ProposalView(ChairReviewMixin, TemplateView):
    """A proposal per paper and per reviewer; POST adds or removes one pair."""

    template_name = "papers/chair/review_proposal.html"

    def get_proposal(self):
        return proposal_for_chair(
            user=self.request.user, edition=self.edition, pk=self.kwargs["proposal"]
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        proposal = self.get_proposal()
        ctx.update(
            proposal_view(proposal=proposal, user=self.request.user),
            proposal=proposal,
            reviewers=pc_member_users(edition=self.edition),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        form = PairForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["remove"]:
                    proposal_pair_remove(proposal=proposal, pair_id=data["remove"])
                elif data["paper"] and data["reviewer"]:
                    paper = paper_for_chair(
                        user=request.user, edition=self.edition, pk=data["paper"], reviewable=True
                    )
                    reviewer = get_object_or_404(
                        pc_member_users(edition=self.edition), pk=data["reviewer"]
                    )
                    proposal_pair_add(proposal=proposal, paper=paper, reviewer=reviewer)
            except PapersError as exc:
                messages.error(request, exc.message)
        return redirect("papers:chair-proposal", edition=self.edition.slug, proposal=proposal.pk)


class ProposalCommitView(ChairReviewMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        proposal = proposal_for_chair(
            user=request.user, edition=self.edition, pk=self.kwargs["proposal"]
        )
        try:
            created = proposal_commit(proposal=proposal, by=request.user)
        except PapersError as exc:
            messages.error(request, exc.message)
            return redirect(
                "papers:chair-proposal", edition=self.edition.slug, proposal=proposal.pk
            )
        messages.success(request, f"{len(created)} assignment(s) made; reviewers are notified.")
        return redirect("papers:chair-review-dashboard", edition=self.edition.slug)


class ChairReviewPaperView(ChairReviewMixin, TemplateView):
    """One paper: reviews with reviewer names, assignments, manual assignment, discussion."""

    template_name = "papers/chair/review_paper.html"

    def get_paper(self):
        return paper_for_chair(
            user=self.request.user, edition=self.edition, pk=self.kwargs["pk"], reviewable=True
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        paper = self.get_paper()
        fields = review_fields(edition=self.edition)
        audience = review_audience(user=self.request.user, paper=paper)
        ctx.update(
            paper=paper,
            assignments=ReviewAssignment.objects.filter(paper=paper).select_related(
                "reviewer", "reviewer__person"
            ),
            reviews=[
                (r, review_display(review=r, fields=fields, audience=audience))
                for r in review_list_for_paper(paper=paper)
            ],
            posts=discussion_posts(paper=paper),
            discussion_form=DiscussionForm(),
            meta_form=MetaReviewForm(
                initial={"body": getattr(getattr(paper, "meta_review", None), "body", "")}
            ),
            change_form=AssignmentChangeForm(),
        )
        ctx.setdefault(
            "assign_form", ManualAssignForm(reviewers=pc_member_users(edition=self.edition))
        )
        return ctx

    def post(self, request, *args, **kwargs):
        paper = self.get_paper()
        what = request.POST.get("what", "assign")
        try:
            if what == "discuss":
                form = DiscussionForm(request.POST)
                if form.is_valid():
                    discussion_post_add(paper=paper, author=request.user, **form.cleaned_data)
            elif what == "meta":
                form = MetaReviewForm(request.POST)
                if form.is_valid():
                    meta_review_save(paper=paper, author=request.user, **form.cleaned_data)
            else:
                form = ManualAssignForm(
                    request.POST, reviewers=pc_member_users(edition=self.edition)
                )
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(assign_form=form), status=400
                    )
                assignment_add(
                    paper=paper,
                    reviewer=form.cleaned_data["reviewer"],
                    by=request.user,
                    meta=form.cleaned_data["meta"],
                )
                messages.success(request, "Reviewer assigned and notified.")
        except PapersError as exc:
            messages.error(request, exc.message)
        return redirect("papers:chair-review-paper", edition=self.edition.slug, pk=paper.pk)


class AssignmentChangeView(ChairReviewMixin, TemplateView):
    """POST: extend one reviewer's deadline or remove the assignment."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        assignment = assignment_for_chair(
            user=request.user, edition=self.edition, pk=self.kwargs["pk"]
        )
        form = AssignmentChangeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Unknown change.")
        else:
            try:
                if form.cleaned_data["action"] == "remove":
                    assignment_remove(assignment=assignment)
                    messages.success(request, "Assignment removed.")
                elif form.cleaned_data["action"] == "meta":
                    assignment_set_meta(assignment=assignment, meta=not assignment.is_meta_reviewer)
                    messages.success(request, "Meta-reviewer changed.")
                else:
                    until = form.cleaned_data["until"]
                    if until is None:
                        raise PapersError("Give the new due date.")
                    assignment_extend(assignment=assignment, until=until)
                    messages.success(request, "Deadline extended for this reviewer.")
            except PapersError as exc:
                messages.error(request, exc.message)
        if form.is_valid() and form.cleaned_data.get("back") == "assignment":
            return redirect("papers:chair-assignment", edition=self.edition.slug)
        return redirect(
            "papers:chair-review-paper", edition=self.edition.slug, pk=assignment.paper_id
        )


class ReviewHistoryView(ChairReviewMixin, TemplateView):
    """Every saved version of the paper's reviews, with what changed: chairs only."""

    template_name = "papers/chair/review_history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        paper = paper_for_chair(
            user=self.request.user, edition=self.edition, pk=self.kwargs["pk"], reviewable=True
        )
        ctx.update(paper=paper, history=review_history(paper=paper))
        return ctx
