"""Chair forms. Times are entered in the edition's time zone and stored as instants."""

import datetime as dt

from django import forms
from django.utils.html import format_html

from emc2.validators import validate_orcid
from program.enums import ItemKind, SessionKind, SpeakerRole
from program.models import Room, Session, SessionType, Track
from program.services import speaker_line
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
        help_text="Name | affiliation (optional), or “#12 Name” for exactly that person.",
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
            chair = speaker_line(person=session.chair, affiliation=session.chair.affiliation)
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
    f"({', '.join(SpeakerRole.values)}). Only the name is required. “#12 Name” means "
    "exactly the person with id 12 (“Find person” gives the line to copy)."
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
            lines.append(
                speaker_line(
                    person=sp.person,
                    affiliation=sp.affiliation,
                    role_line=sp.role_line,
                    role=sp.role,
                )
            )
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


class OverrideForm(forms.Form):
    """The "Save anyway" box shown under schedule warnings (templates/program/chair/
    _warnings.html); ticked, the same save goes through despite them."""

    override_warnings = forms.BooleanField(
        label="Save anyway, despite these warnings", required=False
    )

    @classmethod
    def ticked(cls, data) -> bool:
        form = cls(data)
        return form.is_valid() and form.cleaned_data["override_warnings"]


# --- speaker availability ------------------------------------------------------------------

LOCAL_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AvailabilitySpanForm(forms.Form):
    """One row: a span in which the speaker can speak, venue-local. An empty row is skipped."""

    start = forms.DateTimeField(
        label="From",
        required=False,
        input_formats=LOCAL_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    end = forms.DateTimeField(
        label="To",
        required=False,
        input_formats=LOCAL_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if (data.get("start") is None) != (data.get("end") is None):
            raise forms.ValidationError("Give both a start and an end, or leave the row empty.")
        return data

    def naive(self, name):
        # Django made the typed wall-clock time aware in the server's zone: take it back as
        # typed; the service reads it in the edition's zone (and refuses DST gaps and folds).
        value = self.cleaned_data.get(name)
        return value.replace(tzinfo=None) if value is not None else None


class BaseAvailabilityFormSet(forms.BaseFormSet):
    def spans(self) -> list[tuple]:
        """The filled rows as (start, end) naive venue-local datetimes."""
        out = []
        for form in self.forms:
            start, end = form.naive("start"), form.naive("end")
            if start is not None:
                out.append((start, end))
        return out


AvailabilityFormSet = forms.formset_factory(
    AvailabilitySpanForm,
    formset=BaseAvailabilityFormSet,
    extra=3,
    max_num=100,
    absolute_max=100,
    validate_max=True,
)


def availability_formset(*, edition, rows, data=None):
    """The rows of ``edition`` (SpeakerAvailability) as a formset, with three empty rows to
    add more; the inputs carry the edition's days as their bounds."""
    from emc2.times import local
    from program.availability import edition_bounds

    first, last = edition_bounds(edition=edition)
    initial = [
        {
            "start": local(r.start, edition).replace(tzinfo=None),
            "end": local(r.end, edition).replace(tzinfo=None),
        }
        for r in rows
    ]
    # Posted, the rows come from the data (the management form says how many).
    formset = AvailabilityFormSet(
        data, initial=initial if data is None else None, prefix=f"availability-{edition.pk}"
    )
    bounds = {"min": first.strftime("%Y-%m-%dT%H:%M"), "max": last.strftime("%Y-%m-%dT%H:%M")}
    for form in formset.forms:
        for name in ("start", "end"):
            form.fields[name].widget.attrs.update(bounds)
    return formset


# --- people (chairs) ------------------------------------------------------------------------


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, e-mail or ORCID iD",
        required=False,
        max_length=200,
        help_text="Part of a name, or an exact e-mail address or ORCID iD (2 characters at least).",
    )


class PersonForm(forms.Form):
    """The profile fields a chair edits (emc2.services.person_update). The affiliation is
    not here: it belongs to each appearance (the speakers of an item)."""

    name = forms.CharField(max_length=200)
    email = forms.EmailField(label="E-mail", required=False, help_text="Never shown publicly.")
    bio = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    homepage = forms.URLField(required=False, assume_scheme="https")
    orcid = forms.CharField(
        label="ORCID iD",
        max_length=19,
        required=False,
        validators=[validate_orcid],
        help_text="Like 0000-0002-1825-0097; the last character is a check digit.",
    )
    photo = forms.ImageField(required=False, help_text="JPEG or PNG; shown on public pages.")

    @classmethod
    def initial_for(cls, person) -> dict:
        return {f: getattr(person, f) for f in ("name", "email", "bio", "homepage", "orcid")}


class PersonIdsField(forms.Field):
    """Person ids, from repeated ``people=`` parameters."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            return [int(v) for v in values]
        except (TypeError, ValueError):
            raise forms.ValidationError("Person ids are numbers.") from None


class PeopleMergeForm(forms.Form):
    people = PersonIdsField(label="People to merge")
    keep = forms.IntegerField(required=False, label="The person who stays")

    def clean_people(self):
        people = self.cleaned_data["people"]
        if len(people) < 2:
            raise forms.ValidationError("Pick at least two people to merge.")
        return people

    def clean(self):
        data = super().clean()
        keep, people = data.get("keep"), data.get("people") or []
        if keep is not None and people and keep not in people:
            self.add_error("keep", "Choose the person who stays among the people to merge.")
        return data
