from django import forms
from django.forms import formset_factory, inlineformset_factory

from emc2.models import Edition
from papers.enums import Decision, FileKind, PaperStatus
from papers.models import SubmissionType
from papers.selectors import SORT_CHOICES, person_label, submission_types

PDF_INPUT = forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})


class PaperForm(forms.Form):
    """Title, abstract, type and topics; files only when a submission is started."""

    title = forms.CharField(max_length=300)
    abstract = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), help_text="Markdown; shown to reviewers."
    )
    keywords = forms.CharField(max_length=300, required=False, help_text="Comma-separated.")
    submission_type = forms.ModelChoiceField(
        queryset=SubmissionType.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, help_text="Choose one or more."
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_type"].queryset = submission_types(edition=edition)
        self.fields["topics"].queryset = edition.topics.order_by("order", "pk")


class PaperCreateForm(PaperForm):
    pdf = forms.FileField(
        label="Paper (PDF)",
        required=False,
        widget=PDF_INPUT,
        help_text="You may save a draft now and upload the PDF later, until the deadline.",
    )
    supplementary = forms.FileField(
        label="Supplementary material (PDF or ZIP)",
        required=False,
        help_text="Only if the submission type allows it.",
    )


class AuthorForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(label="E-mail")
    affiliation = forms.CharField(max_length=300, required=False)
    is_contact = forms.BooleanField(label="Contact author", required=False)

    def has_changed(self) -> bool:
        # A row counts as filled in by its name, e-mail or affiliation: the Order number
        # (set by the reordering script) alone must not make an empty row required.
        return any(
            str(self.data.get(self.add_prefix(name), "")).strip()
            for name in ("name", "email", "affiliation")
        )


class BaseAuthorFormSet(forms.BaseFormSet):
    def authors(self) -> list[dict]:
        """The rows kept, in the order the author gave (ORDER field, then position)."""
        rows = [
            (f.cleaned_data.get("ORDER") or i + 1000, i, f.cleaned_data)
            for i, f in enumerate(self.forms)
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        return [
            {k: v for k, v in data.items() if k not in ("ORDER", "DELETE")}
            for _, _, data in sorted(rows, key=lambda r: (r[0], r[1]))
        ]


AuthorFormSet = formset_factory(
    AuthorForm, formset=BaseAuthorFormSet, extra=2, can_order=True, can_delete=True
)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(choices=FileKind.choices, initial=FileKind.PAPER)
    file = forms.FileField()


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, withdraw this submission. Only a chair can restore it.", required=True
    )


class ChairFilterForm(forms.Form):
    submission_type = forms.ModelChoiceField(
        queryset=SubmissionType.objects.none(), required=False, empty_label="All types"
    )
    topic = forms.ModelChoiceField(queryset=None, required=False, empty_label="All topics")
    status = forms.ChoiceField(choices=[("", "All statuses"), *PaperStatus.choices], required=False)
    q = forms.CharField(
        required=False,
        max_length=300,
        label="Search",
        help_text="Title or author; or title:, author:, status:, score:>=1.5, reviewer:, "
        "conflict: (a PC member's name or e-mail).",
    )
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label="Sort by")

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_type"].queryset = submission_types(edition=edition)
        self.fields["topic"].queryset = edition.topics.order_by("order", "pk")


class ChairBulkForm(forms.Form):
    """One action on the selected papers of the chairs' table."""

    papers = forms.TypedMultipleChoiceField(coerce=int, choices=[], label="Papers")
    action = forms.ChoiceField(label="Action on the selected papers")
    reviewer = forms.ModelChoiceField(
        queryset=None, required=False, label="Reviewer (for “assign”)", empty_label="—"
    )

    def __init__(self, *args, papers, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["papers"].choices = [(p.pk, p.pk) for p in papers]
        self.fields["action"].choices = [
            *[(f"decide:{value}", f"Decide: {label}") for value, label in Decision.choices],
            ("assign", "Assign the reviewer"),
            ("remind", "Remind their late reviewers"),
        ]
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = person_label

    def clean(self):
        data = super().clean()
        if data.get("action") == "assign" and not data.get("reviewer"):
            self.add_error("reviewer", "Choose the reviewer to assign.")
        return data


SubmissionTypeFormSet = inlineformset_factory(
    Edition,
    SubmissionType,
    fields=[
        "name",
        "description",
        "page_limit",
        "reference_pages",
        "anonymity",
        "reviewer_copy_keeps_comments",
        "max_size_mb",
        "supplementary_allowed",
        "reviewers_get_unchecked_supplementary",
        "supplementary_max_size_mb",
        "order",
    ],  # fmt: skip
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
    extra=1,
    can_delete=True,
)
