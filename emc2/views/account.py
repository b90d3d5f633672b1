from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import FormView

from emc2.exceptions import Emc2Error
from emc2.forms import ApiTokenForm, ProfileForm
from emc2.selectors import api_token_list_for_user
from emc2.services import (
    api_token_create,
    api_token_revoke,
    person_link_user,
    person_update_profile,
)


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "emc2/account/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        self.person = person_link_user(user=self.request.user)
        return {**super().get_form_kwargs(), "instance": self.person}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=api_token_list_for_user(user=self.request.user),
            token_form=kwargs.pop("token_form", None) or ApiTokenForm(),
            **kwargs,
        )

    def form_valid(self, form):
        # construct_instance (inside save(commit=False)) applies file fields the way Django does.
        person_update_profile(person=form.save(commit=False))
        messages.success(self.request, "Profile saved.")
        return redirect("profile")


class ApiTokenCreateView(LoginRequiredMixin, View):
    """Creates a token and shows its secret once, on this response only (never stored)."""

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            days = form.cleaned_data["expires_in"]
            try:
                token, key = api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_at=timezone.now() + timedelta(days=int(days)) if days else None,
                )
            except Emc2Error as exc:
                form.add_error(exc.field, exc.message)
            else:
                response = render(
                    request, "emc2/account/token_created.html", {"token": token, "key": key}
                )
                add_never_cache_headers(response)  # the secret must not stay in any cache
                return response
        view = ProfileView(request=request, args=(), kwargs={})
        return view.render_to_response(
            view.get_context_data(form=view.get_form(), token_form=form), status=400
        )


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        token = get_object_or_404(api_token_list_for_user(user=request.user), pk=pk)
        api_token_revoke(token=token, by=request.user)
        messages.success(request, f"Token “{token.name}” revoked; it no longer works.")
        return redirect("profile")
