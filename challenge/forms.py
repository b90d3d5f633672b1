import re

from django import forms
from django.forms import inlineformset_factory

from challenge.models import Challenge, Submission, Team, Track

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


def email_list_parse(text: str) -> list[str]:
    """Addresses separated by commas, semicolons, spaces or lines, each validated; the error
    names every address that is not one."""
    parts = [p.strip().strip("<>") for p in re.split(r"[,;\s]+", text or "") if p.strip()]
    validator = forms.EmailField()
    good, bad = [], []
    for part in parts:
        try:
            good.append(validator.clean(part).lower())
        except forms.ValidationError:
            bad.append(part)
    if bad:
        raise forms.ValidationError(
            "Not an e-mail address: %(bad)s. Separate addresses with commas.",
            params={"bad": ", ".join(bad)},
            code="invalid_email_list",
        )
    return list(dict.fromkeys(good))


class EmailListField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value):
        return email_list_parse(super().clean(value))


class TeamRegisterForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=120)
    affiliation = forms.CharField(max_length=300, required=False)
    member_emails = EmailListField(
        label="Other members' e-mail addresses",
        required=False,
        help_text="Separated by commas (or one per line). Each member confirms by signing in"
        " with that address.",
    )
    accept_rules = forms.BooleanField(label="I accept the challenge rules", required=False)


class TeamInviteForm(forms.Form):
    emails = EmailListField(
        label="E-mail addresses to invite",
        help_text="Separated by commas (or one per line).",
    )


class TeamRenameForm(forms.Form):
    name = forms.CharField(label="New team name", max_length=120)


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


class BaselineForm(forms.Form):
    name = forms.CharField(max_length=120, help_text="e.g. ResNet-50 fp32 (uncompressed)")
    metric_value = forms.FloatField(label="Metric")
    size_bytes = forms.IntegerField(label="Size (bytes)", min_value=1, max_value=2**63 - 1)
    description = forms.CharField(max_length=300, required=False)


class CorrectionForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    metric_value = forms.FloatField(label="Corrected metric", required=False)
    size_bytes = forms.IntegerField(
        label="Corrected size (bytes)", required=False, min_value=0, max_value=2**63 - 1
    )

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(challenge=challenge).order_by("name")


class CountedForm(forms.Form):
    """Empty submission: the team's best counts again."""

    track = forms.ModelChoiceField(queryset=Track.objects.none(), to_field_name="slug")
    submission = forms.ModelChoiceField(queryset=Submission.objects.none(), required=False)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(challenge_id=team.challenge_id)
        self.fields["submission"].queryset = Submission.objects.filter(team=team)
