"""Forms of conflicts: an author's declaration, the chairs' filter, add and waive."""

from django import forms

from papers.enums import DECLARABLE_CONFLICTS, ConflictSource, ConflictType


def member_label(user) -> str:
    """A committee member as authors and chairs see them: name and affiliation, no e-mail."""
    person = getattr(user, "person", None)
    if person is None:
        return f"Member #{user.pk}"
    return f"{person.name} ({person.affiliation})" if person.affiliation else person.name


class AuthorConflictForm(forms.Form):
    """Declare (action "declare") or take back (action "remove") a conflict with a member."""

    action = forms.ChoiceField(
        choices=[("declare", "Declare"), ("remove", "Remove")], widget=forms.HiddenInput
    )
    member = forms.TypedChoiceField(coerce=int, label="Program committee member")
    kind = forms.ChoiceField(choices=DECLARABLE_CONFLICTS, label="Type", required=False)

    def __init__(self, *args, committee=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(u.pk, member_label(u)) for u in committee]

    def clean(self):
        data = super().clean()
        if data.get("action") == "declare" and not data.get("kind"):
            self.add_error("kind", "Choose the type of conflict.")
        return data


class ReviewerConflictForm(forms.Form):
    kind = forms.ChoiceField(
        choices=DECLARABLE_CONFLICTS, required=False, initial=ConflictType.OTHER, label="Type"
    )
    reason = forms.CharField(max_length=200, required=False)


class ChairConflictFilterForm(forms.Form):
    paper = forms.IntegerField(required=False, min_value=1, label="Paper #")
    member = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(choices=[("", "Any type"), *ConflictType.choices], required=False)
    source = forms.ChoiceField(
        choices=[("", "Any source"), *ConflictSource.choices], required=False
    )

    def __init__(self, *args, committee=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "Any member")] + [
            (u.pk, member_label(u)) for u in committee
        ]


class ChairConflictAddForm(forms.Form):
    paper = forms.IntegerField(min_value=1, label="Paper #")
    member = forms.TypedChoiceField(coerce=int, label="Member")
    kind = forms.ChoiceField(choices=DECLARABLE_CONFLICTS, label="Type")
    reason = forms.CharField(max_length=200, label="Reason (logged)")

    def __init__(self, *args, committee=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(u.pk, member_label(u)) for u in committee]


class ChairConflictWaiveForm(forms.Form):
    reason = forms.CharField(max_length=200, label="Reason (logged)")
