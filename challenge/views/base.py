from django.core.exceptions import PermissionDenied
from django.http import Http404

from challenge.selectors import challenge_get
from emc2.views.mixins import EditionMixin


class ChallengeMixin(EditionMixin):
    """Sets ``self.challenge`` (404 when the edition has none).

    With ``deny_as_404`` a signed-in user without the permission gets a 404, so the page of
    a team or submission one may not see looks like one that does not exist.
    """

    deny_as_404 = False

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            if self.deny_as_404:
                raise Http404 from None
            raise

    def get_permission_object(self):
        return self.challenge

    def get_edition(self):
        edition = super().get_edition()
        self.challenge = challenge_get(edition=edition)
        return edition

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["challenge"] = self.challenge
        return ctx
