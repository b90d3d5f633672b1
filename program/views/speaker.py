"""Pages a speaker opens with the signed link a chair mailed them (emc2's invited profile
page): their availability for an edition they speak in."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from emc2.services import person_for_profile_token
from emc2.views.mixins import PublicMixin
from program.availability import availability_list, availability_set, speaker_editions_upcoming
from program.exceptions import ProgramError
from program.forms import availability_formset


class SpeakerAvailabilityView(PublicMixin, TemplateView):
    """GET: the rows; POST: save them and go back to the profile page. The token is the
    access: the person it names must speak (or chair a session) in this upcoming edition."""

    template_name = "program/speaker/availability.html"
    requires_visible_edition = False  # the signed token is the speaker's access

    def dispatch(self, request, *args, **kwargs):
        self.person = person_for_profile_token(token=kwargs["token"])
        if self.person is None:
            raise Http404("This link is wrong or has expired.")
        return super().dispatch(request, *args, **kwargs)

    def get_edition(self):
        edition = super().get_edition()
        if edition.pk not in {e.pk for e in speaker_editions_upcoming(person=self.person)}:
            raise Http404("No such edition.")
        return edition

    def profile_url(self) -> str:
        return reverse("person-profile-invited", kwargs={"token": self.kwargs["token"]})

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["person"] = self.person
        ctx["profile_url"] = self.profile_url()
        ctx.setdefault(
            "formset",
            availability_formset(
                edition=self.edition,
                rows=availability_list(person=self.person, edition=self.edition),
            ),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        formset = availability_formset(edition=self.edition, rows=[], data=request.POST)
        if formset.is_valid():
            try:
                availability_set(person=self.person, edition=self.edition, spans=formset.spans())
            except ProgramError as exc:
                formset._non_form_errors = formset.error_class([exc.message])
            else:
                messages.success(request, f"Availability for {self.edition.title} saved.")
                return redirect(f"{self.profile_url()}#availability-{self.edition.pk}")
        return self.render_to_response(self.get_context_data(formset=formset))
