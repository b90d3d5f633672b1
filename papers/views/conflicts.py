"""Conflict pages: an author's declarations for their paper, the chairs' conflict view."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from emc2.views.mixins import EditionMixin
from papers.access import PaperNotFound, conflict_for_chair, paper_for_chair
from papers.enums import ConflictSource
from papers.exceptions import PapersError
from papers.forms.conflicts import (
    AuthorConflictForm,
    ChairConflictAddForm,
    ChairConflictFilterForm,
    ChairConflictWaiveForm,
)
from papers.selectors import (
    conflict_committee_for_authors,
    conflict_list_for_author,
    conflict_list_for_chair,
    conflict_log_for_chair,
    submissions_open,
)
from papers.services import conflict_declare, conflict_remove, conflict_waive, conflicts_refresh
from papers.views.mixins import PaperMixin


class AuthorConflictsView(PaperMixin, TemplateView):
    """The PC members the authors declared conflicts with; editable until the paper deadline."""

    template_name = "papers/author/conflicts.html"
    permission_required = "papers.change_paper"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        committee = conflict_committee_for_authors(edition=self.edition)
        ctx.setdefault(
            "form", AuthorConflictForm(initial={"action": "declare"}, committee=committee)
        )
        ctx["conflicts"] = conflict_list_for_author(paper=self.paper)
        ctx["editable"] = submissions_open(edition=self.edition)
        return ctx

    def post(self, request, *args, **kwargs):
        committee = conflict_committee_for_authors(edition=self.edition)
        form = AuthorConflictForm(request.POST, committee=committee)
        if form.is_valid():
            data = form.cleaned_data
            member = next(u for u in committee if u.pk == data["member"])
            try:
                if data["action"] == "remove":
                    conflict_remove(paper=self.paper, user=member, by=request.user)
                    messages.success(request, "Conflict removed.")
                else:
                    conflict_declare(
                        paper=self.paper,
                        user=member,
                        by=request.user,
                        source=ConflictSource.AUTHOR,
                        kind=data["kind"],
                    )
                    messages.success(request, "Conflict declared.")
            except PapersError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect(
                    "papers:author-conflicts", edition=self.edition.slug, pk=self.paper.pk
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChairConflictsView(EditionMixin, TemplateView):
    """Papers x committee members with a conflict: filterable, with type, source, waivers and
    the log. POST adds a conflict (action "add") or stores the automatic ones again
    ("refresh"). Papers the chair may not handle are not listed."""

    template_name = "papers/chair/conflicts.html"
    permission_required = "papers.manage_reviews"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        committee = conflict_committee_for_authors(edition=self.edition)
        filters = ChairConflictFilterForm(self.request.GET or None, committee=committee)
        criteria = filters.cleaned_data if filters.is_valid() else {}
        member = next((u for u in committee if u.pk == criteria.get("member")), None)
        ctx["filters"] = filters
        ctx["conflicts"] = list(
            conflict_list_for_chair(
                edition=self.edition,
                user=self.request.user,
                paper_id=criteria.get("paper"),
                member=member,
                kind=criteria.get("kind", ""),
                source=criteria.get("source", ""),
            )
        )
        ctx.setdefault("form", ChairConflictAddForm(committee=committee))
        ctx["log"] = conflict_log_for_chair(edition=self.edition, user=self.request.user)
        ctx["waive_form"] = ChairConflictWaiveForm()
        return ctx

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "refresh":
            changed = conflicts_refresh(edition=self.edition)
            messages.success(request, f"Automatic conflicts stored again ({changed} changed).")
            return redirect("papers:chair-conflicts", edition=self.edition.slug)
        committee = conflict_committee_for_authors(edition=self.edition)
        form = ChairConflictAddForm(request.POST, committee=committee)
        if form.is_valid():
            data = form.cleaned_data
            try:
                paper = paper_for_chair(user=request.user, edition=self.edition, pk=data["paper"])
            except PaperNotFound:
                form.add_error("paper", "No such paper.")
            else:
                member = next(u for u in committee if u.pk == data["member"])
                try:
                    conflict_declare(
                        paper=paper,
                        user=member,
                        by=request.user,
                        source=ConflictSource.CHAIR,
                        kind=data["kind"],
                        reason=data["reason"],
                    )
                except PapersError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, "Conflict added.")
                    return redirect("papers:chair-conflicts", edition=self.edition.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChairConflictWaiveView(EditionMixin, TemplateView):
    """POST only: waive one conflict, with a reason."""

    permission_required = "papers.manage_reviews"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        conflict = conflict_for_chair(user=request.user, edition=self.edition, pk=kwargs["pk"])
        form = ChairConflictWaiveForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Say why the conflict is waived.")
        else:
            try:
                conflict_waive(
                    paper=conflict.paper,
                    user=conflict.user,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "Conflict waived.")
            except PapersError as exc:
                messages.error(request, exc.message)
        return redirect(reverse("papers:chair-conflicts", args=[self.edition.slug]))
