"""Serializers of the conflict and invitation API. Authors see committee members by name and
affiliation only; reviewers see papers by number and title only."""

from rest_framework import serializers

from emc2.serializers import ErrorOutput  # noqa: F401 (the one error body, re-exported)
from papers.enums import DECLARABLE_CONFLICTS, ConflictSource, ConflictType


class CommitteeMemberOutput(serializers.Serializer):
    """A committee member as authors see them: no e-mail."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="person.name", default="")
    affiliation = serializers.CharField(source="person.affiliation", default="")


class AuthorConflictOutput(serializers.Serializer):
    member = CommitteeMemberOutput(source="user")
    kind = serializers.ChoiceField(choices=ConflictType.choices)
    created = serializers.DateTimeField()


class AuthorConflictsOutput(serializers.Serializer):
    editable = serializers.BooleanField(help_text="False once the paper deadline has passed.")
    committee = CommitteeMemberOutput(many=True)
    conflicts = AuthorConflictOutput(many=True)


class AuthorConflictInput(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=DECLARABLE_CONFLICTS)


class ReviewerConflictOutput(serializers.Serializer):
    paper = serializers.IntegerField(source="paper_id")
    title = serializers.CharField(source="paper.title")
    kind = serializers.ChoiceField(choices=ConflictType.choices)
    source = serializers.ChoiceField(choices=ConflictSource.choices)
    waived = serializers.BooleanField()
    created = serializers.DateTimeField()


class ReviewerConflictInput(serializers.Serializer):
    paper = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=DECLARABLE_CONFLICTS, default=ConflictType.OTHER)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ChairConflictOutput(serializers.Serializer):
    id = serializers.IntegerField()
    paper = serializers.IntegerField(source="paper_id")
    title = serializers.CharField(source="paper.title")
    member = serializers.IntegerField(source="user_id")
    member_name = serializers.CharField(source="user.person.name", default="")
    kind = serializers.ChoiceField(choices=ConflictType.choices)
    source = serializers.ChoiceField(choices=ConflictSource.choices)
    reason = serializers.CharField()
    declared_by = serializers.IntegerField(source="declared_by_id", allow_null=True)
    created = serializers.DateTimeField()
    waived = serializers.BooleanField()
    waived_reason = serializers.CharField()
    waived_by = serializers.IntegerField(source="waived_by_id", allow_null=True)
    waived_at = serializers.DateTimeField(allow_null=True)


class ChairConflictFilterInput(serializers.Serializer):
    paper = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    member = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=ConflictType.choices, required=False)
    source = serializers.ChoiceField(choices=ConflictSource.choices, required=False)


class ChairConflictInput(serializers.Serializer):
    paper = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    member = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = serializers.ChoiceField(choices=DECLARABLE_CONFLICTS)
    reason = serializers.CharField(max_length=200)


class WaiveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class InvitationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    # A plain string: a second "status" enum would clash with the challenge's in the schema.
    status = serializers.CharField(help_text="invited, accepted, declined or revoked")
    sent_at = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    accepted_by = serializers.IntegerField(source="user_id", allow_null=True)


class InvitationInput(serializers.Serializer):
    invitees = serializers.CharField(
        max_length=20000,
        help_text='One per line: "Name <email>", "email, Name" or "email".',
    )
