from django import forms
from django.forms import inlineformset_factory

from challenge.models import Challenge, Track

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
PHASE_FIELDS = [
    "registration_opens_at", "registration_closes_at", "submission_opens_at",
    "submission_closes_at", "results_published_at",
]  # fmt: skip


class ChallengeForm(forms.ModelForm):
    """Phase dates are typed as wall-clock times in the edition's time zone."""

    frameworks_text = forms.CharField(
        label="Allowed frameworks",
        required=False,
        help_text="Comma-separated, e.g. PyTorch, TensorFlow, ONNX. Empty: any framework.",
    )

    class Meta:
        model = Challenge
        fields = [
            "title", "description", "rules_text", *PHASE_FIELDS, "daily_quota", "total_quota",
            "max_artifact_bytes", "byte_unit", "leaderboard_public", "require_approval",
            "logs_visible_to_teams",
        ]  # fmt: skip
        widgets = {
            **{f: DATETIME_LOCAL for f in PHASE_FIELDS},
            "description": forms.Textarea(attrs={"rows": 6}),
            "rules_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = edition.tz
        for name in PHASE_FIELDS:
            self.fields[name].help_text = f"In the edition's time zone, {edition.time_zone}."
            value = getattr(self.instance, name)
            if value:
                self.initial[name] = value.astimezone(self.tz).replace(tzinfo=None)
        self.initial["frameworks_text"] = ", ".join(self.instance.frameworks or [])
        self.fields["max_artifact_bytes"].label = "Largest artifact upload (bytes)"

    def clean(self):
        data = super().clean()
        # The form field made the input aware in the server zone; re-read it as edition time.
        for name in PHASE_FIELDS:
            if data.get(name):
                data[name] = data[name].replace(tzinfo=None).replace(tzinfo=self.tz)
        for start, end in (
            ("registration_opens_at", "registration_closes_at"),
            ("submission_opens_at", "submission_closes_at"),
        ):
            if data.get(start) and data.get(end) and data[end] <= data[start]:
                self.add_error(end, "Must be after the opening.")
        data["frameworks"] = [
            f.strip() for f in data.pop("frameworks_text", "").split(",") if f.strip()
        ]
        return data


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = [
            "name", "slug", "task", "dataset", "metric_name", "higher_is_better",
            "size_cap_bytes", "size_tolerance", "size_tolerance_kind", "metric_target",
            "metric_tolerance", "metric_tolerance_kind", "metric_min", "metric_max", "order",
            "logs_visible_to_teams",
        ]  # fmt: skip


TrackFormSet = inlineformset_factory(Challenge, Track, form=TrackForm, extra=1, can_delete=True)


class TeamRegisterForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=120)
    affiliation = forms.CharField(max_length=300, required=False)
    member_emails = forms.CharField(
        label="Other members' e-mail addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line. Each member confirms by signing in with that address.",
    )
    accept_rules = forms.BooleanField(label="I accept the challenge rules", required=False)

    def clean_member_emails(self):
        emails = [e.strip() for e in self.cleaned_data["member_emails"].split() if e.strip()]
        validator = forms.EmailField()
        return [validator.clean(e) for e in emails]


class TeamDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Approve"), ("0", "Reject")], coerce=lambda v: v == "1"
    )
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SubmissionForm(forms.Form):
    track = forms.ModelChoiceField(queryset=Track.objects.none())
    framework = forms.ChoiceField(choices=[])
    artifact = forms.FileField(
        label="Model artifact",
        help_text=(
            "ONNX (or a .zip with an ONNX model and its external data), safetensors, or a"
            " torch.save .pt. TensorFlow models: export ONNX."
        ),
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    claimed_metric = forms.FloatField(required=False)

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(challenge=challenge)
        frameworks = challenge.frameworks or ["PyTorch", "TensorFlow", "ONNX", "Other"]
        self.fields["framework"].choices = [(f, f) for f in frameworks]


class RequeueForm(forms.Form):
    reason = forms.CharField(
        max_length=2000, help_text="Why it is measured again (kept in the history)."
    )


class ModerationForm(forms.Form):
    ACTIONS = [
        ("reevaluate", "Evaluate again (keeps the measured size)"),
        ("disqualify", "Disqualify (final: never ranked, never evaluated again)"),
        ("hide", "Hide from the leaderboards"),
        ("unhide", "Show on the leaderboards again"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(max_length=2000, help_text="Kept in the submission's history.")


class FinalComputeForm(forms.Form):
    recompute = forms.BooleanField(
        required=False, label="Recompute (replaces the frozen final leaderboard)"
    )
