"""Chair forms. Times are entered in the edition's time zone and stored as instants."""

import datetime as dt

from django import forms
from django.utils.html import format_html

from program.enums import ItemKind, SessionKind, SpeakerRole
from program.models import Room, Session, SessionType, Track
from program.validators import COLOUR_RE


def _aware(day: dt.date, time: dt.time, tz) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz)


class RoomForm(forms.Form):
    name = forms.CharField(max_length=120)
    capacity = forms.IntegerField(min_value=1, required=False)


class SessionForm(forms.Form):
    type = forms.ModelChoiceField(
        label="Type",
        queryset=SessionType.objects.none(),
        required=False,
        help_text="The name and colour the public sees. Empty: the type of the kind below.",
    )
    track = forms.ModelChoiceField(queryset=Track.objects.none(), required=False)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "The type's default kind"), *SessionKind.choices],
        required=False,
        help_text="How the session is laid out: poster boards, breaks, featured speakers.",
    )
    title = forms.CharField(max_length=300, required=False, help_text="Empty: the type's name.")
    room = forms.ModelChoiceField(queryset=Room.objects.none())
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    chair = forms.CharField(
        label="Chair or moderator",
        required=False,
        max_length=300,
        help_text="Name | affiliation (optional).",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    times_tba = forms.BooleanField(
        label="Times to be announced",
        required=False,
        help_text="The times above only order the day; the public pages show no times.",
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["room"].queryset = Room.objects.filter(edition=edition)
        self.fields["type"].queryset = SessionType.objects.filter(edition=edition)
        self.fields["track"].queryset = Track.objects.filter(edition=edition)
        self.fields["day"].initial = edition.start_date

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        tz = self.edition.tz
        data["start"] = _aware(data["day"], data["start_time"], tz)
        data["end"] = _aware(data["day"], data["end_time"], tz)
        return data

    @classmethod
    def initial_for(cls, session: Session) -> dict:
        tz = session.edition.tz
        start, end = session.start.astimezone(tz), session.end.astimezone(tz)
        chair = ""
        if session.chair:
            chair = session.chair.name + (
                f" | {session.chair.affiliation}" if session.chair.affiliation else ""
            )
        return {
            "kind": session.kind,
            "type": session.type_id,
            "track": session.track_id,
            "title": session.title,
            "room": session.room_id,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "chair": chair,
            "description": session.description,
            "times_tba": session.times_tba,
        }


class ColourInput(forms.TextInput):
    """A #rrggbb text field (what is sent) with a colour picker beside it that program.js
    shows and keeps in step; without JavaScript the text field alone works."""

    def __init__(self, attrs=None):
        base = {"pattern": "#[0-9a-fA-F]{6}", "placeholder": "#1f6feb", "size": 8}
        super().__init__({**base, **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        picker = f"{attrs.get('id', name)}_picker"
        attrs["data-colour-text"] = picker
        text = super().render(name, value, attrs, renderer)
        shown = value.lower() if isinstance(value, str) and COLOUR_RE.match(value.lower()) else ""
        return format_html(
            '{} <input type="color" id="{}" value="{}" aria-label="Pick the colour" hidden>',
            text,
            picker,
            shown or "#1f6feb",
        )


class _CategoryForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="Unique in this edition, ignoring case.")
    colour = forms.CharField(
        max_length=20,
        required=False,
        widget=ColourInput(),
        help_text="#rrggbb. Empty on a new one: the next colour of the palette. The name is "
        "always shown next to the colour.",
    )
    position = forms.IntegerField(
        min_value=1, max_value=10_000, required=False, help_text="1 is first. Empty: last."
    )


class SessionTypeForm(_CategoryForm):
    kind = forms.ChoiceField(
        label="Default kind",
        choices=[("", "None"), *SessionKind.choices],
        required=False,
        help_text="The kind a new session of this type gets when none is chosen.",
    )


class TrackForm(_CategoryForm):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SessionMoveForm(forms.Form):
    """What a drop on the grid (or the keyboard form) sends: a room and a start."""

    room = forms.ModelChoiceField(queryset=Room.objects.none())
    start = forms.DateTimeField(
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In the venue's time zone.",
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["room"].queryset = Room.objects.filter(edition=edition)

    def clean_start(self):
        value = self.cleaned_data["start"]
        return value.replace(tzinfo=None).replace(tzinfo=self.edition.tz)


SPEAKERS_HELP = (
    "One per line: Name | affiliation | role line | role "
    f"({', '.join(SpeakerRole.values)}). Only the name is required."
)


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=ItemKind.choices)
    title = forms.CharField(max_length=500, required=False, help_text="Empty: untitled.")
    label = forms.CharField(
        max_length=60,
        required=False,
        help_text='Numbered label shown before the title, e.g. "Keynote 1", "Contributed 3".',
    )
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), required=False, help_text="Empty: unscheduled."
    )
    start_time = forms.TimeField(
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Optional, on the session's day.",
    )
    end_time = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    speakers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=SPEAKERS_HELP
    )
    abstract = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    slides_url = forms.URLField(required=False, assume_scheme="https")
    recording_url = forms.URLField(required=False, assume_scheme="https")
    board = forms.CharField(label="Poster board", max_length=20, required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["session"].queryset = Session.objects.filter(edition=edition).select_related(
            "room"
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        session = data.get("session")
        start_t, end_t = data.get("start_time"), data.get("end_time")
        data["start"] = data["end"] = None
        if session and start_t and end_t:
            day = session.start.astimezone(self.edition.tz).date()
            data["start"] = _aware(day, start_t, self.edition.tz)
            data["end"] = _aware(day, end_t, self.edition.tz)
        elif start_t or end_t:
            raise forms.ValidationError("Times need a session and both a start and an end.")
        return data

    @classmethod
    def initial_for(cls, item) -> dict:
        tz = item.edition.tz
        lines = []
        for sp in item.speakers.select_related("person"):
            lines.append(" | ".join([sp.person.name, sp.affiliation, sp.role_line, sp.role]))
        return {
            "kind": item.kind,
            "title": item.title,
            "label": item.label,
            "session": item.session_id,
            "start_time": item.start.astimezone(tz).time() if item.start else None,
            "end_time": item.end.astimezone(tz).time() if item.end else None,
            "speakers": "\n".join(lines),
            "abstract": item.abstract,
            "slides_url": item.slides_url,
            "recording_url": item.recording_url,
            "board": item.board,
        }


class ItemMoveForm(forms.Form):
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), required=False, help_text="Empty: unscheduled."
    )
    position = forms.IntegerField(min_value=0, initial=0)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(edition=edition)


class PublishForm(forms.Form):
    note = forms.CharField(max_length=300, required=False, help_text="Optional, shown publicly.")
