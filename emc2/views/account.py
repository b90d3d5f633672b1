from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import FormView

from emc2.forms import ProfileForm
from emc2.services import person_link_user, person_update_profile


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "emc2/account/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        self.person = person_link_user(user=self.request.user)
        return {**super().get_form_kwargs(), "instance": self.person}

    def form_valid(self, form):
        # construct_instance (inside save(commit=False)) applies file fields the way Django does.
        person_update_profile(person=form.save(commit=False))
        messages.success(self.request, "Profile saved.")
        return redirect("profile")
