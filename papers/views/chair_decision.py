"""Chair pages of decisions: the table (sort, bulk decide), settings and release, and the
notification e-mails (edit, preview, send, progress)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from emc2.views.mixins import EditionMixin
from papers.access import decision_hidden_count, other_deciders
from papers.enums import Decision
from papers.exceptions import PapersError
from papers.forms.decision import (
    BulkDecisionForm,
    DecisionSettingsForm,
    NotificationTemplateForm,
    PreviewForm,
    ReleaseForm,
    SendForm,
)
from papers.selectors import (
    decision_counts,
    decision_list_for_chair,
    notification_pending_count,
    notification_render,
    notification_run_get,
    notification_run_latest,
    notification_templates,
    papers_settings_get,
)
from papers.services import (
    decisions_record_bulk,
    decisions_release,
    notification_run_resume,
    notification_template_save,
    notifications_start,
    papers_settings_update,
)
from papers.views.mixins import field_of

SORT_CHOICES = [("id", "Number"), ("score", "Score"), ("title", "Title"), ("decision", "Decision")]


class DecisionMixin(EditionMixin):
    permission_required = "papers.decide_paper"


class ChairDecisionListView(DecisionMixin, TemplateView):
    """All decidable papers with their decision; check some, choose a decision, apply."""

    template_name = "papers/chair/decision_list.html"

    def sort(self) -> str:
        value = self.request.GET.get("sort", "id")
        return value if value in dict(SORT_CHOICES) else "id"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        settings = papers_settings_get(edition=self.edition)
        papers = kwargs.get("papers") or decision_list_for_chair(
            edition=self.edition, sort=self.sort(), user=self.request.user
        )
        hidden = decision_hidden_count(user=self.request.user, edition=self.edition)
        ctx.update(
            papers=papers,
            settings=settings,
            sort=self.sort(),
            sort_choices=SORT_CHOICES,
            counts=decision_counts(edition=self.edition, user=self.request.user),
            hidden_count=hidden,
            other_deciders=other_deciders(user=self.request.user, edition=self.edition)
            if hidden
            else [],
        )
        ctx.setdefault("form", BulkDecisionForm(papers=papers, choices=settings.decision_choices))
        return ctx

    def post(self, request, *args, **kwargs):
        settings = papers_settings_get(edition=self.edition)
        papers = decision_list_for_chair(edition=self.edition, user=request.user)
        form = BulkDecisionForm(request.POST, papers=papers, choices=settings.decision_choices)
        if form.is_valid():
            try:
                done = decisions_record_bulk(
                    edition=self.edition,
                    by=request.user,
                    paper_ids=form.cleaned_data["papers"],
                    decision=form.cleaned_data["decision"],
                )
            except PapersError as exc:
                form.add_error(field_of(form, exc), exc.message)
            else:
                label = Decision(form.cleaned_data["decision"]).label
                messages.success(request, f"{label}: recorded for {len(done)} paper(s).")
                return redirect(request.get_full_path())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChairDecisionSettingsView(DecisionMixin, TemplateView):
    template_name = "papers/chair/decision_settings.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        settings = papers_settings_get(edition=self.edition)
        ctx["settings"] = settings
        ctx.setdefault(
            "form",
            DecisionSettingsForm(
                initial={
                    "enabled_decisions": settings.enabled_decisions,
                    "accepted_page_published": settings.accepted_page_published,
                    "meta_reviews_to_authors": settings.meta_reviews_to_authors,
                }
            ),
        )
        ctx.setdefault("release_form", ReleaseForm())
        return ctx

    def post(self, request, *args, **kwargs):
        if "release" in request.POST:
            release_form = ReleaseForm(request.POST)
            if release_form.is_valid():
                n = decisions_release(edition=self.edition, by=request.user)
                messages.success(request, f"Decisions released ({n} paper(s) updated).")
                return redirect("papers:chair-decision-settings", edition=self.edition.slug)
            return self.render_to_response(
                self.get_context_data(release_form=release_form), status=400
            )
        form = DecisionSettingsForm(request.POST)
        if form.is_valid():
            try:
                papers_settings_update(edition=self.edition, by=request.user, **form.cleaned_data)
            except PapersError as exc:
                form.add_error(field_of(form, exc), exc.message)
            else:
                messages.success(request, "Decision settings saved.")
                return redirect("papers:chair-decision-settings", edition=self.edition.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChairNotificationsView(DecisionMixin, TemplateView):
    """Edit the e-mail of each decision, preview it for a paper, send them all."""

    template_name = "papers/chair/decision_notifications.html"

    def decision(self) -> str:
        settings = papers_settings_get(edition=self.edition)
        value = self.request.GET.get("decision") or self.request.POST.get("decision")
        return value if value in settings.enabled_decisions else settings.enabled_decisions[0]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        settings = papers_settings_get(edition=self.edition)
        decision = self.decision()
        subject, body = notification_templates(edition=self.edition)[decision]
        papers = [
            p
            for p in decision_list_for_chair(edition=self.edition, user=self.request.user)
            if p.pending_or_none and p.pending_or_none.decision == decision
        ]
        ctx.update(
            settings=settings,
            decision=decision,
            decision_choices=settings.decision_choices,
            papers=papers,
            run=notification_run_latest(edition=self.edition),
            pending=notification_pending_count(edition=self.edition),
        )
        ctx.setdefault("form", NotificationTemplateForm(initial={"subject": subject, "body": body}))
        preview_form = PreviewForm(self.request.GET or None, papers=papers)
        paper = None
        if papers:
            paper = papers[0]
            if preview_form.is_valid():
                paper = next(p for p in papers if p.pk == preview_form.cleaned_data["paper"])
        ctx["preview_form"] = preview_form
        ctx["preview"] = (
            notification_render(paper=paper, decision=decision) if paper is not None else None
        )
        ctx["preview_paper"] = paper
        ctx.setdefault("send_form", SendForm())
        return ctx

    def post(self, request, *args, **kwargs):
        if "send" in request.POST:
            send_form = SendForm(request.POST)
            if send_form.is_valid():
                try:
                    run = notifications_start(edition=self.edition, by=request.user)
                except PapersError as exc:
                    messages.error(request, exc.message)
                else:
                    messages.success(request, f"Sending {run.total} decision e-mail(s).")
                return redirect("papers:chair-notifications", edition=self.edition.slug)
            return self.render_to_response(self.get_context_data(send_form=send_form), status=400)
        form = NotificationTemplateForm(request.POST)
        decision = self.decision()
        if form.is_valid():
            try:
                notification_template_save(
                    edition=self.edition, by=request.user, decision=decision, **form.cleaned_data
                )
            except PapersError as exc:
                form.add_error(field_of(form, exc), exc.message)
            else:
                messages.success(request, "E-mail text saved.")
                return redirect(f"{request.path}?decision={decision}")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChairNotificationProgressView(DecisionMixin, TemplateView):
    """The progress of one run; the fragment polls itself while the run is active."""

    template_name = "papers/chair/decision_progress.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["run"] = notification_run_get(edition=self.edition, pk=self.kwargs["run"])
        return ctx


class ChairNotificationResumeView(DecisionMixin, View):
    """Queue again the unsent mails of a run whose worker died (or whose SMTP calls failed)."""

    def post(self, request, *args, **kwargs):
        run = notification_run_get(edition=self.edition, pk=self.kwargs["run"])
        n = notification_run_resume(run=run)
        messages.success(request, f"Resumed: {n} e-mail(s) queued again.")
        return redirect("papers:chair-notifications", edition=self.edition.slug)
