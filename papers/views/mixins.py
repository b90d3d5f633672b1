from django.http import Http404

from emc2.views.mixins import EditionMixin
from papers.selectors import paper_get


class PaperMixin(EditionMixin):
    """A paper of the edition, by ``pk``. Missing, or not the user's to see: 404.

    Anonymous users are sent to sign in. A paper the user may see but not act on (e.g.
    withdrawn, for ``change_paper``) answers 403.
    """

    permission_required = "papers.view_paper"

    def get_permission_object(self):
        if not hasattr(self, "paper"):
            paper = paper_get(edition=self.edition, pk=self.kwargs["pk"])
            user = self.request.user
            if user.is_authenticated and not user.has_perm("papers.view_paper", paper):
                raise Http404("No such submission.")
            self.paper = paper
        return self.paper

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["paper"] = self.paper
        return ctx


def field_of(form, exc) -> str | None:
    """The form field a domain error names, if the form has it."""
    return exc.field if exc.field in form.fields else None
