"""The chair's schedule editor: a grid per day, forms for everything the drag does."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from emc2.views.mixins import ChairMixin
from program import categories
from program.access import (
    item_for_chair,
    person_for_chair,
    session_for_chair,
    session_type_for_chair,
    speakers_for_chair,
    track_for_chair,
)
from program.availability import availability_list, availability_set
from program.enums import BuildKind
from program.exceptions import ProgramError, ProgramWarnings
from program.forms import (
    ItemForm,
    ItemMoveForm,
    OverrideForm,
    PublishForm,
    RoomForm,
    SessionForm,
    SessionMoveForm,
    SessionTypeForm,
    TrackForm,
    availability_formset,
)
from program.publish.selectors import build_latest, build_open, build_served
from program.selectors import (
    editor_days,
    item_list_unscheduled,
    papers_without_items,
    person_pick_list,
    release_latest,
    room_list,
    session_list,
    session_type_list,
    track_list,
)
from program.services import (
    item_create,
    item_delete,
    item_move,
    item_update,
    items_create_from_papers,
    release_publish,
    room_create,
    session_create,
    session_delete,
    session_move,
    session_update,
    speakers_parse,
)
from program.static_site import static_site_check


class ProgramChairMixin(ChairMixin):
    permission_required = "program.change_program"

    def editor_url(self) -> str:
        return reverse("program:chair-editor", kwargs={"edition": self.edition.slug})

    def finder_context(self) -> dict:
        """ "Find person" on the item and session pages (templates/program/chair/_find_person)."""
        find = self.request.GET.get("find", "").strip()[:200]
        found = person_pick_list(user=self.request.user, edition=self.edition, q=find)
        return {"find": find, "found": found if find else []}

    def speakers_from(self, text: str, field: str = "speakers") -> list:
        """Typed speakers, every ``#id`` checked against what the chair may pick."""
        refs = speakers_parse(text)
        return speakers_for_chair(
            user=self.request.user, edition=self.edition, refs=refs, field=field
        )


class EditorView(ProgramChairMixin, TemplateView):
    template_name = "program/chair/editor.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return ["program/chair/editor.html#grid"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(editor_context(self.edition))
        return ctx


def warnings_context(warnings: list[dict]) -> dict:
    """What templates/program/chair/_warnings.html shows: the warnings of a refused save
    and the box to save anyway (unticked)."""
    return {"warnings": warnings, "override_form": OverrideForm()} if warnings else {}


def editor_context(edition) -> dict:
    sessions = list(session_list(edition=edition))
    return {
        "days": editor_days(edition=edition, sessions=sessions),
        "rooms": list(room_list(edition=edition)),
        "sessions": sessions,
        "unscheduled": list(item_list_unscheduled(edition=edition)),
        "papers_waiting": papers_without_items(edition=edition),
        "release": release_latest(edition=edition),
        "room_form": RoomForm(),
        "session_form": SessionForm(edition=edition),
        "item_form": ItemForm(edition=edition),
        "publish_form": PublishForm(),
    }


class _PostView(ProgramChairMixin, View):
    """POST-only actions: on success and failure alike, back to the grid (an htmx request
    gets the grid fragment with the message; a plain form post is redirected)."""

    def respond(self):
        if getattr(self.request, "htmx", False):
            ctx = {"edition": self.edition, **editor_context(self.edition)}
            return render(self.request, "program/chair/editor.html#grid", ctx)
        return redirect(self.editor_url())

    def fail(self, message: str):
        messages.error(self.request, message)
        return self.respond()

    def warn(self, exc: ProgramWarnings, *, form, obj, what: str):
        """A move the schedule checks warn about: nothing was saved. A drop on the grid
        (htmx) gets the message; the move form gets a page listing the warnings with the
        move form again and its "Save anyway" box."""
        if getattr(self.request, "htmx", False):
            return self.fail(
                f"{exc.warnings[0]['message']} Nothing was moved; the Edit page of this {what} "
                "can move it anyway."
            )
        ctx = {
            "edition": self.edition,
            "obj": obj,
            "what": what,
            "move_form": form,
            "action": self.request.path,
            **warnings_context(exc.warnings),
        }
        return render(self.request, "program/chair/move_confirm.html", ctx)

    def form_errors(self, form) -> str:
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())


class RoomCreateView(_PostView):
    def post(self, request, *args, **kwargs):
        form = RoomForm(request.POST)
        if not form.is_valid():
            return self.fail(self.form_errors(form))
        try:
            room_create(edition=self.edition, **form.cleaned_data)
        except ProgramError as exc:
            return self.fail(exc.message)
        messages.success(request, "Room added.")
        return self.respond()


class SessionFormView(ProgramChairMixin, TemplateView):
    """Create (no pk) or edit a session; also the keyboard way to move one."""

    template_name = "program/chair/session_form.html"

    def get_object(self):
        pk = self.kwargs.get("pk")
        return (
            session_for_chair(user=self.request.user, edition=self.edition, pk=pk) if pk else None
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session = self.get_object()
        ctx["session"] = session
        ctx.update(self.finder_context())
        ctx.setdefault(
            "form",
            SessionForm(
                edition=self.edition,
                initial=SessionForm.initial_for(session) if session else None,
            ),
        )
        if session:
            ctx["move_form"] = SessionMoveForm(
                edition=self.edition,
                initial={
                    "room": session.room_id,
                    "start": session.start.astimezone(self.edition.tz),
                },
            )
        return ctx

    def post(self, request, *args, **kwargs):
        session = self.get_object()
        form = SessionForm(request.POST, edition=self.edition)
        override = OverrideForm.ticked(request.POST)
        warnings = []
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "kind": data["kind"],
                "type": data["type"],
                "track": data["track"],
                "title": data["title"],
                "room": data["room"],
                "start": data["start"],
                "end": data["end"],
                "description": data["description"],
                "times_tba": data["times_tba"],
            }
            try:
                # Parsed only: the session service makes the person, if the session is saved.
                parsed = self.speakers_from(data["chair"], field="chair")
                fields["chair"] = parsed[0] if parsed else None
                if session:
                    fields["title"] = fields["title"] or session.title
                    session_update(session=session, override_warnings=override, **fields)
                else:
                    session_create(edition=self.edition, override_warnings=override, **fields)
            except ProgramWarnings as exc:
                warnings = exc.warnings
            except ProgramError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Session saved.")
                return redirect(self.editor_url())
        return self.render_to_response(
            self.get_context_data(form=form, **warnings_context(warnings))
        )


class SessionMoveView(_PostView):
    def post(self, request, *args, **kwargs):
        session = session_for_chair(user=request.user, edition=self.edition, pk=self.kwargs["pk"])
        form = SessionMoveForm(request.POST, edition=self.edition)
        if not form.is_valid():
            return self.fail(self.form_errors(form))
        try:
            session_move(
                session=session,
                override_warnings=OverrideForm.ticked(request.POST),
                **form.cleaned_data,
            )
        except ProgramWarnings as exc:
            return self.warn(exc, form=form, obj=session, what="session")
        except ProgramError as exc:
            return self.fail(exc.message)
        messages.success(request, f"Moved “{session.title}”.")
        return self.respond()


class SessionDeleteView(_PostView):
    def post(self, request, *args, **kwargs):
        session = session_for_chair(user=request.user, edition=self.edition, pk=self.kwargs["pk"])
        session_delete(session=session)
        messages.success(request, f"Deleted “{session.title}”; its items are unscheduled.")
        return self.respond()


class ItemFormView(ProgramChairMixin, TemplateView):
    template_name = "program/chair/item_form.html"

    def get_object(self):
        pk = self.kwargs.get("pk")
        return item_for_chair(user=self.request.user, edition=self.edition, pk=pk) if pk else None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        item = self.get_object()
        ctx["item"] = item
        ctx.update(self.finder_context())
        ctx.setdefault(
            "form",
            ItemForm(edition=self.edition, initial=ItemForm.initial_for(item) if item else None),
        )
        if item:
            ctx["move_form"] = ItemMoveForm(
                edition=self.edition, initial={"session": item.session_id, "position": item.order}
            )
        return ctx

    def post(self, request, *args, **kwargs):
        item = self.get_object()
        form = ItemForm(request.POST, edition=self.edition)
        override = OverrideForm.ticked(request.POST)
        warnings = []
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("start_time")
            data.pop("end_time")
            try:
                data["speakers"] = self.speakers_from(data["speakers"])
                if item:
                    item_update(item=item, override_warnings=override, **data)
                else:
                    item_create(edition=self.edition, override_warnings=override, **data)
            except ProgramWarnings as exc:
                warnings = exc.warnings
            except ProgramError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Item saved.")
                return redirect(self.editor_url())
        return self.render_to_response(
            self.get_context_data(form=form, **warnings_context(warnings))
        )


class ItemMoveView(_PostView):
    def post(self, request, *args, **kwargs):
        item = item_for_chair(user=request.user, edition=self.edition, pk=self.kwargs["pk"])
        form = ItemMoveForm(request.POST, edition=self.edition)
        if not form.is_valid():
            return self.fail(self.form_errors(form))
        try:
            item_move(
                item=item, override_warnings=OverrideForm.ticked(request.POST), **form.cleaned_data
            )
        except ProgramWarnings as exc:
            return self.warn(exc, form=form, obj=item, what="item")
        except ProgramError as exc:
            return self.fail(exc.message)
        messages.success(request, f"Moved “{item.title}”.")
        return self.respond()


class ItemDeleteView(_PostView):
    def post(self, request, *args, **kwargs):
        item = item_for_chair(user=request.user, edition=self.edition, pk=self.kwargs["pk"])
        item_delete(item=item)
        messages.success(request, f"Deleted “{item.title}”.")
        return self.respond()


class ItemsFromPapersView(_PostView):
    def post(self, request, *args, **kwargs):
        created = items_create_from_papers(edition=self.edition)
        messages.success(request, f"Created {len(created)} items from accepted papers.")
        return self.respond()


class PublishView(_PostView):
    permission_required = "program.publish_schedule"

    def post(self, request, *args, **kwargs):
        form = PublishForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            release = release_publish(edition=self.edition, by=request.user, note=note)
        except ProgramError as exc:
            return self.fail(exc.message)
        messages.success(
            request, f"Published release {release.number} ({len(release.changelog)} changes)."
        )
        return self.respond()


class PersonAvailabilityView(ProgramChairMixin, TemplateView):
    """A speaker's availability for this edition: the spans, and the rows to change them."""

    template_name = "program/chair/availability.html"

    def get_person(self):
        return person_for_chair(user=self.request.user, edition=self.edition, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = self.get_person()
        rows = availability_list(person=person, edition=self.edition)
        ctx.update(person=person, rows=rows)
        ctx.setdefault("formset", availability_formset(edition=self.edition, rows=rows))
        return ctx

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        formset = availability_formset(edition=self.edition, rows=[], data=request.POST)
        if formset.is_valid():
            try:
                availability_set(person=person, edition=self.edition, spans=formset.spans())
            except ProgramError as exc:
                formset._non_form_errors = formset.error_class([exc.message])
            else:
                messages.success(request, f"Availability of {person.name} saved.")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(formset=formset))


class StaticSiteView(ProgramChairMixin, View):
    """The published program as a zip of static pages: the newest finished build of kind
    ``site`` (built in the background from the publications page, program.static_site).
    Nothing is built here: without a finished zip the chair is sent to where builds start."""

    def get(self, request, *args, **kwargs):
        try:
            static_site_check(edition=self.edition)
        except ProgramError as exc:
            messages.error(request, exc.message)
            return redirect(self.editor_url())
        served = build_served(edition=self.edition, kind=BuildKind.SITE)
        if served is not None:
            return FileResponse(
                build_open(served),
                as_attachment=True,
                filename=f"{self.edition.slug}-program.zip",
                content_type="application/zip",
            )
        latest = build_latest(edition=self.edition, kind=BuildKind.SITE)
        if latest is not None and latest.is_active:
            messages.info(
                request,
                f"The static site is being built ({latest.progress}%): "
                "download it here once it is done.",
            )
        else:
            messages.info(request, "No static site is built yet: build it here.")
        return redirect("program:chair-publications", edition=self.edition.slug)


# --- session types and tracks ------------------------------------------------------------------

CATEGORY_PAGES = {
    "types": {
        "form": SessionTypeForm,
        "list": session_type_list,
        "get": session_type_for_chair,
        "create": categories.session_type_create,
        "update": lambda row, **f: categories.session_type_update(session_type=row, **f),
        "delete": lambda row: categories.session_type_delete(session_type=row),
        "title": "Session types",
        "one": "session type",
        "url": "program:chair-types",
        "edit_url": "program:chair-type-edit",
        "delete_url": "program:chair-type-delete",
        "extra": "kind",
    },
    "tracks": {
        "form": TrackForm,
        "list": track_list,
        "get": track_for_chair,
        "create": categories.track_create,
        "update": lambda row, **f: categories.track_update(track=row, **f),
        "delete": lambda row: categories.track_delete(track=row),
        "title": "Tracks",
        "one": "track",
        "url": "program:chair-tracks",
        "edit_url": "program:chair-track-edit",
        "delete_url": "program:chair-track-delete",
        "extra": "description",
    },
}


class _CategoryMixin(ProgramChairMixin):
    what = "types"

    @property
    def page(self) -> dict:
        return CATEGORY_PAGES[self.what]

    def list_url(self) -> str:
        return reverse(self.page["url"], kwargs={"edition": self.edition.slug})

    def row(self):
        return self.page["get"](user=self.request.user, edition=self.edition, pk=self.kwargs["pk"])

    @staticmethod
    def fields(form) -> dict:
        data = {k: v for k, v in form.cleaned_data.items() if k != "position"}
        if form.cleaned_data.get("position"):
            data["position"] = form.cleaned_data["position"] - 1
        return data


class CategoryListView(_CategoryMixin, TemplateView):
    """The edition's session types (or tracks): the list with colours, and a form to add one."""

    template_name = "program/chair/categories.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page=self.page, what=self.what, rows=list(self.page["list"](edition=self.edition))
        )
        ctx.setdefault("form", self.page["form"]())
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.page["form"](request.POST)
        if form.is_valid():
            try:
                row = self.page["create"](edition=self.edition, **self.fields(form))
            except ProgramError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"Added the {self.page['one']} “{row.name}”.")
                return redirect(self.list_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CategoryEditView(_CategoryMixin, TemplateView):
    """Edit one session type (or track); its page also deletes it."""

    template_name = "program/chair/category_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        row = kwargs.get("row") or self.row()
        initial = {"name": row.name, "colour": row.colour, "position": row.position + 1}
        initial[self.page["extra"]] = getattr(row, self.page["extra"])
        ctx.update(page=self.page, what=self.what, row=row, sessions=row.sessions.order_by("start"))
        ctx.setdefault("form", self.page["form"](initial=initial))
        return ctx

    def post(self, request, *args, **kwargs):
        row = self.row()
        form = self.page["form"](request.POST)
        if form.is_valid():
            try:
                self.page["update"](row, **self.fields(form))
            except ProgramError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"Saved the {self.page['one']} “{row.name}”.")
                return redirect(self.list_url())
        return self.render_to_response(self.get_context_data(form=form, row=row), status=400)


class CategoryDeleteView(CategoryEditView):
    """Delete a session type (or track) no session uses; otherwise its page again, saying
    which sessions use it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        row = self.row()
        try:
            self.page["delete"](row)
        except ProgramError as exc:
            context = self.get_context_data(row=row, delete_error=exc.message)
            return self.render_to_response(context, status=409)
        messages.success(request, f"Deleted the {self.page['one']} “{row.name}”.")
        return redirect(self.list_url())
