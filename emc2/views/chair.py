from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from emc2.exceptions import Emc2Error
from emc2.forms import DateFormSet, EditionForm, RoleForm, SponsorFormSet, TopicFormSet
from emc2.mail import (
    mail_batch_resume,
    mail_batches_unsent,
    mail_get_for_chair,
    mail_list_for_chair,
    mail_resend,
)
from emc2.models import MailStatus, OutboxMail, Role
from emc2.selectors import edition_chair_links, role_list
from emc2.services import edition_children_save, edition_update, role_add, role_remove
from emc2.views.mixins import ChairMixin


class ChairHomeView(ChairMixin, TemplateView):
    template_name = "emc2/chair/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["chair_links"] = edition_chair_links(edition=self.edition, user=self.request.user)
        return ctx


class EditionSettingsView(ChairMixin, FormView):
    template_name = "emc2/chair/settings.html"
    form_class = EditionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.edition}

    def form_valid(self, form):
        edition_update(edition=self.edition, **form.cleaned_data)
        messages.success(self.request, "Edition settings saved.")
        return redirect("chair-settings", edition=self.edition.slug)


class EditionRowsView(ChairMixin, TemplateView):
    """One page per list of an edition's rows: topics, important dates, sponsors."""

    template_name = "emc2/chair/rows.html"
    formset_class = None
    heading = ""
    url_name = ""

    def get_formset(self):
        return self.formset_class(
            self.request.POST or None, self.request.FILES or None, instance=self.edition
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("formset", self.get_formset())
        ctx["heading"] = self.heading
        return ctx

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        edition_children_save(edition=self.edition, formset=formset)
        messages.success(request, f"{self.heading} saved.")
        return redirect(self.url_name, edition=self.edition.slug)


class TopicsView(EditionRowsView):
    formset_class = TopicFormSet
    heading = "Topics"
    url_name = "chair-topics"


class DatesView(EditionRowsView):
    formset_class = DateFormSet
    heading = "Important dates"
    url_name = "chair-dates"


class SponsorsView(EditionRowsView):
    formset_class = SponsorFormSet
    heading = "Sponsors"
    url_name = "chair-sponsors"


class RolesView(ChairMixin, FormView):
    template_name = "emc2/chair/roles.html"
    form_class = RoleForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["roles"] = role_list(edition=self.edition)
        return ctx

    def form_valid(self, form):
        try:
            role = role_add(edition=self.edition, **form.cleaned_data)
        except Emc2Error as exc:
            form.add_error(exc.field, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, f"{role.person.name} added as {role.get_kind_display()}.")
        return redirect("chair-roles", edition=self.edition.slug)


class RoleRemoveView(ChairMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        role = get_object_or_404(Role, pk=kwargs["pk"], edition=self.edition)
        try:
            role_remove(role=role, by=request.user)
        except Emc2Error as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{role.person.name} removed.")
        return redirect(reverse("chair-roles", kwargs={"edition": self.edition.slug}))


class MailLogView(ChairMixin, TemplateView):
    """Every e-mail of the edition: recipient, subject, key, status, time; resend failed ones.

    Recipients of mails about a paper the chair may not see (a conflict) are hidden.
    """

    template_name = "emc2/chair/mail_log.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        status = status if status in MailStatus.values else ""
        ctx.update(
            status=status,
            statuses=MailStatus.choices,
            mails=mail_list_for_chair(edition=self.edition, user=self.request.user, status=status),
            batches=mail_batches_unsent(edition=self.edition),
        )
        return ctx


class MailResendView(ChairMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        mail = mail_get_for_chair(edition=self.edition, pk=kwargs["pk"])
        try:
            mail_resend(mail=mail)
        except Emc2Error as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "The e-mail is queued again.")
        return redirect("chair-mail-log", edition=self.edition.slug)


class MailBatchResumeView(ChairMixin, View):
    """Resume a bulk run of the edition (its unsent mails are queued again)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        batch = request.POST.get("batch", "")
        if (
            not OutboxMail.objects.filter(edition=self.edition, batch=batch)
            .exclude(batch="")
            .exists()
        ):
            messages.error(request, "No such run.")
        else:
            n = mail_batch_resume(batch=batch)
            messages.success(request, f"Resumed: {n} e-mail(s) queued again.")
        return redirect("chair-mail-log", edition=self.edition.slug)
