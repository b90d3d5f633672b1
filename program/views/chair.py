"""The chair's schedule editor: a grid per day, forms for everything the drag does."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from emc2.views.mixins import ChairMixin
from program import categories
from program.access import (
    item_for_chair,
    session_for_chair,
    session_type_for_chair,
    track_for_chair,
)
from program.exceptions import ProgramError
from program.forms import (
    ItemForm,
    ItemMoveForm,
    PublishForm,
    RoomForm,
    SessionForm,
    SessionMoveForm,
    SessionTypeForm,
    TrackForm,
)
from program.selectors import (
    editor_days,
    item_list_unscheduled,
    papers_without_items,
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
from program.static_site import static_site_zip


class ProgramChairMixin(ChairMixin):
    permission_required = "program.change_program"

    def editor_url(self) -> str:
        return reverse("program:chair-editor", kwargs={"edition": self.edition.slug})


def _chair_from(text: str):
    # Parsed only: the session service makes the person, if the session is saved.
    parsed = speakers_parse(text) if text.strip() else []
    return parsed[0] if parsed else None


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
                fields["chair"] = _chair_from(data["chair"])
                if session:
                    fields["title"] = fields["title"] or session.title
                    session_update(session=session, **fields)
                else:
                    session_create(edition=self.edition, **fields)
            except ProgramError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Session saved.")
                return redirect(self.editor_url())
        return self.render_to_response(self.get_context_data(form=form))


class SessionMoveView(_PostView):
    def post(self, request, *args, **kwargs):
        session = session_for_chair(user=request.user, edition=self.edition, pk=self.kwargs["pk"])
        form = SessionMoveForm(request.POST, edition=self.edition)
        if not form.is_valid():
            return self.fail(self.form_errors(form))
        try:
            session_move(session=session, **form.cleaned_data)
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
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("start_time")
            data.pop("end_time")
            try:
                data["speakers"] = speakers_parse(data["speakers"])
                if item:
                    item_update(item=item, **data)
                else:
                    item_create(edition=self.edition, **data)
            except ProgramError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Item saved.")
                return redirect(self.editor_url())
        return self.render_to_response(self.get_context_data(form=form))


class ItemMoveView(_PostView):
    def post(self, request, *args, **kwargs):
        item = item_for_chair(user=request.user, edition=self.edition, pk=self.kwargs["pk"])
        form = ItemMoveForm(request.POST, edition=self.edition)
        if not form.is_valid():
            return self.fail(self.form_errors(form))
        try:
            item_move(item=item, **form.cleaned_data)
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


class StaticSiteView(ProgramChairMixin, View):
    """The published program as a zip of static pages (program.static_site). Built on
    request: a few hundred pages render in well under a second."""

    def get(self, request, *args, **kwargs):
        try:
            body = static_site_zip(edition=self.edition)
        except ProgramError as exc:
            messages.error(request, exc.message)
            return redirect(self.editor_url())
        response = HttpResponse(body, content_type="application/zip")
        name = f"{self.edition.slug}-program.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


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
