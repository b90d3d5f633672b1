from django import forms

from program.models import Volume


class VolumeForm(forms.ModelForm):
    paper_order_text = forms.CharField(
        label="Paper order override",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Paper ids, one per line or comma-separated, placed first in this order. "
        "The other papers follow in program order, then by title.",
    )

    class Meta:
        model = Volume
        fields = [
            "title",
            "short_title",
            "editors",
            "publisher",
            "isbn",
            "copyright",
            "preface",
            "published",
        ]
        widgets = {
            "editors": forms.Textarea(attrs={"rows": 3}),
            "copyright": forms.Textarea(attrs={"rows": 2}),
            "preface": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.paper_order:
            self.fields["paper_order_text"].initial = "\n".join(
                str(pk) for pk in self.instance.paper_order
            )

    def clean_paper_order_text(self) -> list[int]:
        raw = self.cleaned_data["paper_order_text"].replace(",", " ").split()
        try:
            ids = [int(x) for x in raw]
        except ValueError:
            raise forms.ValidationError("Enter paper ids (numbers) only.") from None
        return list(dict.fromkeys(ids))

    def volume_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["paper_order"] = self.cleaned_data["paper_order_text"]
        return data
