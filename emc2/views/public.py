import time

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from emc2.conditional import CachedPageMixin, generation_last_modified, public_generation
from emc2.forms import ProfileForm
from emc2.selectors import (
    edition_get,
    edition_list_for_user,
    edition_page_prefetch,
    edition_sections,
    person_get,
    person_profile_sections,
    person_roles_public,
    person_sections,
    series_list_for_new_edition,
)
from emc2.services import person_for_profile_token, person_update_profile
from emc2.views.mixins import PublicMixin

# Deadlines say "(passed)" by the clock, not by a write: the edition page is kept at most
# this long.
EDITION_PAGE_SECONDS = 60


class HomeView(TemplateView):
    template_name = "emc2/public/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        editions = list(edition_list_for_user(user=self.request.user))
        ctx["upcoming"] = [e for e in editions if e.is_upcoming]
        ctx["past"] = [e for e in editions if not e.is_upcoming]
        ctx["new_edition_series"] = series_list_for_new_edition(user=self.request.user)
        return ctx


class EditionView(CachedPageMixin, PublicMixin, TemplateView):
    """Cached for anonymous visitors until the next write (edition, dates, roles, papers,
    release: see emc2.conditional) or for EDITION_PAGE_SECONDS."""

    template_name = "emc2/public/edition.html"
    page_cache_key = "edition"
    page_max_age = EDITION_PAGE_SECONDS

    def get_edition(self):
        return edition_get(slug=self.kwargs["edition"])

    def page_version(self) -> str:
        self.generation = public_generation()
        bucket = int(time.time()) // EDITION_PAGE_SECONDS
        return f"{self.edition.pk}:{self.generation}:{bucket}"

    def page_last_modified(self):
        return generation_last_modified(self.generation)

    def get_context_data(self, **kwargs):
        edition_page_prefetch(edition=self.edition)
        ctx = super().get_context_data(**kwargs)
        ctx["sections"] = edition_sections(edition=self.edition, user=self.request.user)
        ctx["can_chair"] = self.request.user.has_perm("emc2.change_edition", self.edition)
        return ctx


class PersonView(CachedPageMixin, TemplateView):
    """Cached for anonymous visitors until the next write anywhere (their talks and papers
    come from every published edition)."""

    template_name = "emc2/public/person.html"
    page_cache_key = "person"

    def page_version(self) -> str:
        self.generation = public_generation()
        return str(self.generation)

    def page_last_modified(self):
        return generation_last_modified(self.generation)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = person_get(slug=self.kwargs["slug"])
        ctx["person"] = person
        ctx["roles"] = person_roles_public(person=person)
        ctx["sections"] = person_sections(person=person, user=self.request.user)
        return ctx


class PersonProfileInvitedView(FormView):
    """A speaker invited by a chair fills in their own profile with the mailed link."""

    template_name = "emc2/public/profile_invited.html"
    form_class = ProfileForm

    def dispatch(self, request, *args, **kwargs):
        self.person = person_for_profile_token(token=kwargs["token"])
        if self.person is None:
            raise Http404("This link is wrong or has expired.")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.person}

    def get_context_data(self, **kwargs):
        sections = person_profile_sections(person=self.person, token=self.kwargs["token"])
        return super().get_context_data(person=self.person, sections=sections, **kwargs)

    def form_valid(self, form):
        person_update_profile(person=form.save(commit=False))
        messages.success(self.request, "Profile saved. Thank you!")
        return redirect(self.request.path)
