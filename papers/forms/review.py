"""Forms of the review half: committee, profile, bids, assignment, the review itself."""

import json

from django import forms
from django.forms import modelformset_factory

from papers.models import BidValue, ReviewerProfile, ReviewField


class InviteForm(forms.Form):
    emails = forms.CharField(
        label="E-mail addresses",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line: “Name <e-mail>”, “e-mail, Name” or just the e-mail.",
    )


class InvitationActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("resend", "Re-send"), ("revoke", "Revoke")])


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])


class ReviewerProfileForm(forms.ModelForm):
    class Meta:
        model = ReviewerProfile
        fields = ["expertise", "topics", "conflict_institutions", "conflict_people", "max_load"]
        widgets = {
            "expertise": forms.Textarea(attrs={"rows": 5}),
            "topics": forms.CheckboxSelectMultiple,
            "conflict_institutions": forms.Textarea(attrs={"rows": 3}),
            "conflict_people": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = edition.topics.order_by("order", "pk")


class BidForm(forms.Form):
    value = forms.ChoiceField(choices=[("", "No bid"), *BidValue.choices], required=False)


from papers.forms.conflicts import ReviewerConflictForm as ConflictForm  # noqa: E402, F401


class AssignmentRunForm(forms.Form):
    reviewers_per_paper = forms.IntegerField(min_value=1, max_value=10, initial=3)
    min_load = forms.IntegerField(min_value=0, initial=0, label="Minimum load per reviewer")
    max_load = forms.IntegerField(
        min_value=0, required=False, label="Maximum load per reviewer", help_text="Empty: no cap."
    )
    weight_bid = forms.FloatField(initial=1.0, label="Weight of bids")
    weight_topic = forms.FloatField(initial=1.0, label="Weight of topic overlap")
    weight_text = forms.FloatField(initial=1.0, label="Weight of text similarity")
    fair = forms.BooleanField(
        required=False,
        label="Fair: raise the lowest paper first",
        help_text="Maximize the lowest paper's total affinity first, then the total; the page "
        "shows what it costs against the plain optimum.",
    )


class PairForm(forms.Form):
    """Add a pair (paper + reviewer) or remove one (pair id) from a proposal."""

    paper = forms.IntegerField(required=False)
    reviewer = forms.IntegerField(required=False)
    remove = forms.IntegerField(required=False)


class ManualAssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label="PC member")
    meta = forms.BooleanField(required=False, label="Meta-reviewer")

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: (
            f"{u.person.name} ({u.email})" if hasattr(u, "person") else u.email
        )


class AssignmentChangeForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("extend", "Extend"), ("remove", "Remove"), ("meta", "Toggle meta-reviewer")]
    )
    # Where to go back to: the paper's review page (default) or the assignment page.
    back = forms.ChoiceField(
        choices=[("paper", "paper"), ("assignment", "assignment")],
        required=False,
        widget=forms.HiddenInput,
    )
    until = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="New due date (UTC) for this reviewer.",
    )


class ReminderScheduleForm(forms.Form):
    days_before = forms.IntegerField(min_value=0, max_value=60, initial=3)


class DiscussionForm(forms.Form):
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 4}))


class MetaReviewForm(forms.Form):
    body = forms.CharField(label="Meta-review", widget=forms.Textarea(attrs={"rows": 6}))


class ReviewForm(forms.Form):
    """Built from the edition's ReviewFields; required-ness is checked on submit by the service."""

    def __init__(self, *args, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_fields = fields
        for f in fields:
            suffix = "" if f.visible_to_authors else f" ({f.get_visibility_display()})"
            if f.is_score:
                self.fields[f.key] = forms.TypedChoiceField(
                    label=f.label + suffix,
                    choices=[("", "—"), *f.choices],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    help_text=f.help_text,
                )
            else:
                self.fields[f.key] = forms.CharField(
                    label=f.label + suffix,
                    widget=forms.Textarea(attrs={"rows": 5}),
                    required=False,
                    help_text=f.help_text or "Markdown.",
                )

    def answers(self) -> tuple[dict, dict]:
        scores, texts = {}, {}
        for f in self.review_fields:
            (scores if f.is_score else texts)[f.key] = self.cleaned_data.get(f.key)
        return scores, texts


class ScaleLabelsField(forms.CharField):
    """Scale labels as lines "value: label" (stored as a JSON object)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{k}: {v}" for k, v in value.items())
        if isinstance(value, str) and value.startswith("{"):
            try:
                return self.prepare_value(json.loads(value))
            except ValueError:
                return value
        return value

    def has_changed(self, initial, data):
        # Compare parsed labels: the empty "new field" row (no initial) posts "", which must
        # count as unchanged, or the formset validates that row and the page cannot be saved.
        try:
            return self.to_python(self.prepare_value(initial)) != self.to_python(data)
        except forms.ValidationError:
            return True

    def to_python(self, value):
        out = {}
        for line in (value or "").splitlines():
            if not line.strip():
                continue
            key, sep, label = line.partition(":")
            try:
                out[str(int(key.strip()))] = label.strip()
            except ValueError:
                raise forms.ValidationError(f"“{line}”: write “value: label”.") from None
            if not sep:
                raise forms.ValidationError(f"“{line}”: write “value: label”.")
        return out


class ReviewFieldForm(forms.ModelForm):
    scale_labels = ScaleLabelsField(required=False, help_text="Lines “value: label”.")

    class Meta:
        model = ReviewField
        fields = [
            "key",
            "label",
            "help_text",
            "kind",
            "scale_min",
            "scale_max",
            "scale_labels",
            "visibility",
            "required",
            "order",
        ]


ReviewFieldFormSet = modelformset_factory(
    ReviewField, form=ReviewFieldForm, extra=1, can_delete=True
)
