from django.views.generic import TemplateView

from emc2.selectors import (
    edition_get_for_page,
    edition_list_for_user,
    edition_sections,
    person_get,
    person_roles_public,
    person_sections,
)
from emc2.views.mixins import PublicMixin


class HomeView(TemplateView):
    template_name = "emc2/public/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        editions = list(edition_list_for_user(user=self.request.user))
        ctx["upcoming"] = [e for e in editions if e.is_upcoming]
        ctx["past"] = [e for e in editions if not e.is_upcoming]
        return ctx


class EditionView(PublicMixin, TemplateView):
    template_name = "emc2/public/edition.html"

    def get_edition(self):
        return edition_get_for_page(slug=self.kwargs["edition"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["sections"] = edition_sections(edition=self.edition, user=self.request.user)
        ctx["can_chair"] = self.request.user.has_perm("emc2.change_edition", self.edition)
        return ctx


class PersonView(TemplateView):
    template_name = "emc2/public/person.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = person_get(slug=self.kwargs["slug"])
        ctx["person"] = person
        ctx["roles"] = person_roles_public(person=person)
        ctx["sections"] = person_sections(person=person, user=self.request.user)
        return ctx
