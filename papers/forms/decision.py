"""Forms of the decision pages (chairs) and the camera-ready upload (authors)."""

from django import forms

from papers.enums import Decision
from papers.forms import PDF_INPUT
from papers.selectors.decision import PLACEHOLDERS
from papers.services.decision import CONSENT_STATEMENT


class BulkDecisionForm(forms.Form):
    papers = forms.TypedMultipleChoiceField(coerce=int, choices=[], label="Papers")
    decision = forms.ChoiceField(choices=[])

    def __init__(self, *args, papers, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["papers"].choices = [(p.pk, p.title) for p in papers]
        self.fields["decision"].choices = choices


class DecisionSettingsForm(forms.Form):
    enabled_decisions = forms.MultipleChoiceField(
        choices=Decision.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Decisions this edition uses",
    )
    accepted_page_published = forms.BooleanField(
        required=False,
        label="Publish the accepted-papers page",
        help_text="Only after the decisions are released.",
    )
    meta_reviews_to_authors = forms.BooleanField(
        required=False,
        label="Show meta-reviews to authors",
        help_text="With the reviews, once the decisions are released; never before.",
    )


class ReleaseForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, release the decisions: authors see them on their submission pages.",
        required=True,
    )


PLACEHOLDER_HELP = "Placeholders: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS)


class NotificationTemplateForm(forms.Form):
    subject = forms.CharField(max_length=200, help_text=PLACEHOLDER_HELP)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), help_text=PLACEHOLDER_HELP)


class PreviewForm(forms.Form):
    paper = forms.TypedChoiceField(coerce=int, choices=[], label="Preview for paper")

    def __init__(self, *args, papers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].choices = [(p.pk, f"#{p.pk} {p.title}") for p in papers]


class SendForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, send the decision e-mails now (each paper's authors get theirs once).",
        required=True,
    )


class CameraReadyForm(forms.Form):
    file = forms.FileField(label="Camera-ready PDF", widget=PDF_INPUT)
    consent = forms.BooleanField(required=False, label=CONSENT_STATEMENT)
