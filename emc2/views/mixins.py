"""Base mixins per audience. Every edition-scoped view of every app starts from these."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from emc2.selectors import edition_get, edition_nav


class EditionMixin:
    """Looks up ``self.edition`` from the ``edition`` URL kwarg and checks a permission.

    An edition the user may not see is a 404 (it does not exist for them). For the view's
    own ``permission_required``: anonymous users go to the login page, others get a 403.
    """

    permission_required: str | None = None
    # A view whose URL carries its own proof of access (a signed invitation token) may serve
    # an edition that is not published yet.
    requires_visible_edition = True

    def get_edition(self):
        return edition_get(slug=self.kwargs["edition"])

    def get_permission_object(self):
        return self.edition

    def dispatch(self, request, *args, **kwargs):
        self.edition = self.get_edition()
        if self.requires_visible_edition and not request.user.has_perm(
            "emc2.view_edition", self.edition
        ):
            raise Http404("No such edition.")
        if self.permission_required and not request.user.has_perm(
            self.permission_required, self.get_permission_object()
        ):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["edition"] = self.edition
        ctx["edition_nav"] = edition_nav(edition=self.edition, user=self.request.user)
        return ctx


class PublicMixin(EditionMixin):
    permission_required = None


class ChairMixin(EditionMixin):
    permission_required = "emc2.change_edition"
