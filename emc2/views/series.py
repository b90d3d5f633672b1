"""Pages of a series (above its editions): creating an edition, for staff and series admins."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import FormView

from emc2.exceptions import Emc2Error
from emc2.forms import EditionCreateForm
from emc2.selectors import edition_next_number, series_editions, series_get_by_pk
from emc2.services import edition_create


class EditionCreateView(FormView):
    """The "New edition" page of a series (``emc2.add_edition`` on the series)."""

    template_name = "emc2/series/edition_new.html"
    form_class = EditionCreateForm

    def dispatch(self, request, *args, **kwargs):
        self.series = series_get_by_pk(pk=kwargs["series"])
        if not request.user.has_perm("emc2.add_edition", self.series):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["editions"] = series_editions(series=self.series)
        return kwargs

    def get_initial(self):
        return {"number": edition_next_number(series=self.series)}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["this_series"] = self.series
        return ctx

    def form_valid(self, form):
        user = self.request.user
        chairs = []
        if form.cleaned_data["make_me_chair"]:
            chairs = [{"name": user.get_full_name() or user.email, "email": user.email}]
        try:
            edition = edition_create(
                series=self.series,
                copy_from=form.cleaned_data["copy_from"],
                chairs=chairs,
                **form.edition_fields(),
            )
        except Emc2Error as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, f"Created {edition.title}.")
        if chairs:
            return redirect("chair-home", edition=edition.slug)
        return redirect("home")
