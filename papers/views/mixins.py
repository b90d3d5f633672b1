from emc2.views.mixins import EditionMixin
from papers.access import paper_for_viewer


class PaperMixin(EditionMixin):
    """A paper of the edition, by ``pk``. Missing, or not the user's to see: 404.

    Anonymous users are sent to sign in, whether the paper exists or not. A paper the user
    may see but not act on (e.g. withdrawn, for ``change_paper``) answers 403.
    """

    permission_required = "papers.view_paper"

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None  # no lookup: the login redirect says nothing about the id
        if not hasattr(self, "paper"):
            self.paper = paper_for_viewer(
                user=self.request.user, edition=self.edition, pk=self.kwargs["pk"]
            )
        return self.paper

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["paper"] = self.paper
        return ctx


def field_of(form, exc) -> str | None:
    """The form field a domain error names, if the form has it."""
    return exc.field if exc.field in form.fields else None
