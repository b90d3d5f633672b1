import zoneinfo

from django import forms
from django.forms import inlineformset_factory

from emc2.enums import RoleKind
from emc2.exceptions import Emc2Error
from emc2.images import logo_prepare
from emc2.models import Edition, ImportantDate, Person, Sponsor, Topic
from emc2.validators import validate_time_zone

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = [
            "title", "number", "conference", "city", "venue", "room", "start_date", "end_date",
            "time_zone", "deadline_time_zone", "objective", "cfp_text", "published",
        ]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "objective": forms.Textarea(attrs={"rows": 6}),
            "cfp_text": forms.Textarea(attrs={"rows": 8}),
        }


class ImportantDateForm(forms.ModelForm):
    """Date-times are typed as wall-clock times in the row's own time zone (AoE by default)."""

    at_local = forms.DateTimeField(label="Date and time", widget=DATETIME_LOCAL)
    extended_local = forms.DateTimeField(label="Extended to", required=False, widget=DATETIME_LOCAL)

    class Meta:
        model = ImportantDate
        fields = ["name", "key", "time_zone", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["at_local"] = self.instance.local_at.replace(tzinfo=None)
            if self.instance.extended_at:
                self.initial["extended_local"] = self.instance.local_extended_at.replace(
                    tzinfo=None
                )

    def clean(self):
        data = super().clean()
        tz_name = data.get("time_zone")
        if not tz_name:
            return data
        tz = zoneinfo.ZoneInfo(tz_name)
        # The form field made the naive input aware in the server zone; re-read it as wall time.
        for local, field in (("at_local", "at"), ("extended_local", "extended_at")):
            value = data.get(local)
            setattr(
                self.instance,
                field,
                value.replace(tzinfo=None).replace(tzinfo=tz) if value else None,
            )
        return data


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "order"]


class SponsorForm(forms.ModelForm):
    class Meta:
        model = Sponsor
        fields = ["name", "tier", "url", "logo", "order"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "read") and not getattr(logo, "_committed", False):
            try:
                return logo_prepare(logo)
            except Emc2Error as exc:
                raise forms.ValidationError(exc.message) from None
        return logo


TopicFormSet = inlineformset_factory(Edition, Topic, form=TopicForm, extra=3, can_delete=True)
DateFormSet = inlineformset_factory(
    Edition, ImportantDate, form=ImportantDateForm, extra=2, can_delete=True
)
SponsorFormSet = inlineformset_factory(Edition, Sponsor, form=SponsorForm, extra=2, can_delete=True)


class RoleForm(forms.Form):
    kind = forms.ChoiceField(choices=RoleKind.choices)
    name = forms.CharField(max_length=200)
    email = forms.EmailField(
        required=False, help_text="Links the role to the account with this e-mail."
    )
    affiliation = forms.CharField(max_length=300, required=False)
    title = forms.CharField(max_length=120, required=False, help_text='e.g. "General Chair"')


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "affiliation", "homepage", "orcid", "bio", "photo"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}


class ApiTokenForm(forms.Form):
    EXPIRY_CHOICES = [
        ("30", "In 30 days"),
        ("90", "In 90 days"),
        ("365", "In a year"),
        ("", "Never"),
    ]

    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. a script's name.")
    scope = forms.ChoiceField(
        choices=[("read", "Read only"), ("write", "Read and write")],
        initial="read",
        help_text="A read-only token cannot change anything.",
    )
    expires_in = forms.ChoiceField(
        label="Expires", choices=EXPIRY_CHOICES, initial="90", required=False
    )


class EditionCreateForm(forms.Form):
    """A new edition of one series (the "New edition" page). ``copy_from`` lists only the
    editions of that series: any other id is an invalid choice."""

    title = forms.CharField(label="Name", max_length=300, help_text='e.g. "EMC2 2031 at ..."')
    slug = forms.SlugField(max_length=60, help_text="Part of every address, e.g. 2031-neurips.")
    number = forms.IntegerField(min_value=1, help_text="5 for the 5th edition.")
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    time_zone = forms.CharField(
        max_length=64,
        required=False,
        validators=[validate_time_zone],
        help_text="IANA name, e.g. America/Vancouver. Empty: the copied edition's, else UTC.",
    )
    venue = forms.CharField(max_length=200, required=False)
    city = forms.CharField(max_length=120, required=False)
    copy_from = forms.ModelChoiceField(
        queryset=Edition.objects.none(),
        required=False,
        label="Copy from",
        empty_label="Nothing: start empty",
        help_text="Settings, topics, rooms, review form, submission types and decisions of an "
        "earlier edition of this series.",
    )
    make_me_chair = forms.BooleanField(
        required=False, initial=True, label="Make me a chair of the new edition"
    )

    def __init__(self, *args, editions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editions is not None:
            self.fields["copy_from"].queryset = editions

    def edition_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            k: data[k]
            for k in ("title", "slug", "number", "start_date", "end_date", "venue", "city")
        }
        if data["time_zone"]:
            fields["time_zone"] = data["time_zone"]
        return fields
