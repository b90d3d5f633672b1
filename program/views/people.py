"""The chair's people pages: the edition's people (search), a person's profile and
invitation, merging duplicates, and the speaker picker's search (JSON).

Every person comes through ``program.access`` (``person_for_chair`` for one id,
``people_for_chair_check`` for several) and every list through ``program.selectors``: a
chair who is not staff sees the people of their edition only.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from emc2.exceptions import DomainError
from emc2.selectors import person_last_invited
from emc2.services import person_invite, person_merge_many, person_update
from program.access import people_for_chair_check, person_for_chair
from program.forms import PeopleMergeForm, PersonForm, PersonSearchForm
from program.selectors import person_holdings, person_list_for_chair, person_pick_list
from program.views.chair import ProgramChairMixin


class _PeopleMixin(ProgramChairMixin):
    def people_url(self) -> str:
        return reverse("program:chair-people", kwargs={"edition": self.edition.slug})

    def person_url(self, person) -> str:
        return reverse(
            "program:chair-person-edit", kwargs={"edition": self.edition.slug, "pk": person.pk}
        )


class PeopleView(_PeopleMixin, TemplateView):
    template_name = "program/chair/people.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = PersonSearchForm(self.request.GET or None)
        q = form.cleaned_data["q"] if form.is_valid() else ""
        ctx["form"] = form if form.is_bound else PersonSearchForm()
        ctx["q"] = q
        ctx["people"] = person_list_for_chair(user=self.request.user, edition=self.edition, q=q)
        return ctx


class PersonEditView(_PeopleMixin, TemplateView):
    template_name = "program/chair/person_form.html"

    def get_object(self):
        return person_for_chair(user=self.request.user, edition=self.edition, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = kwargs.get("person") or self.get_object()
        ctx["person"] = person
        ctx.setdefault("form", PersonForm(initial=PersonForm.initial_for(person)))
        ctx["holding"] = person_holdings(people=[person], edition=self.edition)[0]
        ctx["last_invited"] = person_last_invited(edition=self.edition, person=person)
        return ctx

    def post(self, request, *args, **kwargs):
        person = self.get_object()
        form = PersonForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            photo = data.pop("photo")
            try:
                person = person_update(person=person, photo=photo or None, **data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"Saved {person.name}.")
                return redirect(self.person_url(person))
        ctx = self.get_context_data(form=form, person=person)
        return self.render_to_response(ctx, status=400)


class PersonInviteView(_PeopleMixin, View):
    def post(self, request, *args, **kwargs):
        person = person_for_chair(user=request.user, edition=self.edition, pk=self.kwargs["pk"])
        try:
            person_invite(person=person, edition=self.edition, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Invited {person.name} to fill in their profile.")
        return redirect(self.person_url(person))


class PeopleMergeView(_PeopleMixin, TemplateView):
    """GET ``?people=1&people=2``: what each holds and the choice of who stays; POST with
    ``keep``: merge the others into them (emc2.services.person_merge_many)."""

    template_name = "program/chair/people_merge.html"

    def _people(self, form):
        """The picked people (in the order given) or None, with the refusal on ``form``."""
        if not form.is_valid():
            return None
        pks = form.cleaned_data["people"]
        try:
            found = people_for_chair_check(
                user=self.request.user,
                edition=self.edition,
                pks=pks,
                field="people",
                message="#{pk} is not a person of this edition; you can only merge people "
                "who appear in it.",
            )
        except DomainError as exc:
            form.add_error("people", exc.message)
            return None
        return [found[pk] for pk in pks]

    def _render(self, form, people, status=200):
        ctx = self.get_context_data(form=form)
        unique = list({p.pk: p for p in people or []}.values())
        ctx["holdings"] = person_holdings(people=unique, edition=self.edition) if unique else []
        return self.render_to_response(ctx, status=status)

    def get(self, request, *args, **kwargs):
        form = PeopleMergeForm(request.GET or None)
        people = self._people(form) if form.is_bound else None
        status = 400 if form.is_bound and form.errors else 200
        return self._render(form, people, status=status)

    def post(self, request, *args, **kwargs):
        form = PeopleMergeForm(request.POST)
        people = self._people(form)
        if people is not None and form.cleaned_data.get("keep") is None:
            form.add_error("keep", "Choose the person who stays.")
        if people is None or form.errors:
            return self._render(form, people, status=400)
        keep_pk = form.cleaned_data["keep"]
        keep = next(p for p in people if p.pk == keep_pk)
        remove = list(people)
        remove.remove(keep)  # one occurrence: the same person twice is refused by the merge
        try:
            keep = person_merge_many(keep=keep, remove=remove)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(form, people, status=400)
        messages.success(request, f"Merged {len(remove)} people into {keep.name}.")
        return redirect(self.person_url(keep))


class PeopleSearchJsonView(_PeopleMixin, View):
    """The speaker picker's search: ``?q=`` -> ``{"results": [...]}``."""

    def get(self, request, *args, **kwargs):
        q = request.GET.get("q", "")[:200]
        return JsonResponse(
            {"results": person_pick_list(user=request.user, edition=self.edition, q=q)}
        )
