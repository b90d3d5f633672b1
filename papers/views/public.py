"""Public pages of papers: the accepted papers of an edition, once the chair publishes them."""

from django.http import Http404
from django.views.generic import TemplateView

from emc2.views.mixins import PublicMixin
from papers.selectors import accepted_papers_grouped, papers_settings_get


class AcceptedPapersView(PublicMixin, TemplateView):
    """Grouped by decision, authors and affiliations in order. Chairs may look before
    publishing (with a notice); for everyone else the page does not exist until then."""

    template_name = "papers/public/accepted.html"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("papers.view_accepted_papers", self.edition):
            raise Http404("No accepted papers are published yet.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["groups"] = accepted_papers_grouped(edition=self.edition)
        ctx["published"] = papers_settings_get(edition=self.edition).accepted_page_published
        return ctx
