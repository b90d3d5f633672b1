"""Writes of papers, by topic, re-exported here: ``from papers.services import X``."""

# --- decisions ---
from .decision import (  # noqa: E402
    CONSENT_STATEMENT,
    camera_ready_upload,
    decision_record,
    decisions_record_bulk,
    decisions_release,
    notification_run_resume,
    notification_template_save,
    notifications_start,
    papers_settings_update,
)
from .submission import (
    AuthorData,
    PreparedUpload,
    authors_link_email,
    deadline_label,
    paper_create,
    paper_file_upload,
    paper_notify_authors,
    paper_restore,
    paper_update,
    paper_withdraw,
    submission_types_save,
)

__all__ = [
    "AuthorData",
    "PreparedUpload",
    "authors_link_email",
    "deadline_label",
    "paper_create",
    "paper_file_upload",
    "paper_notify_authors",
    "paper_restore",
    "paper_update",
    "paper_withdraw",
    "submission_types_save",
    # decisions
    "CONSENT_STATEMENT",
    "camera_ready_upload",
    "decision_record",
    "decisions_record_bulk",
    "decisions_release",
    "notification_run_resume",
    "notification_template_save",
    "notifications_start",
    "papers_settings_update",
]

# --- review ---
from .committee import (  # noqa: E402
    bid_set,
    paper_conflict_declare,
    parse_invitee_list,
    pc_invitation_accept,
    pc_invitation_decline,
    pc_invitation_from_token,
    pc_invitation_resend,
    pc_invitation_revoke,
    pc_invitation_token,
    pc_invite,
    pc_member_add,
    reviewer_profile_save,
)
from .review import (  # noqa: E402
    assignment_add,
    assignment_extend,
    assignment_remove,
    assignment_run,
    assignment_set_meta,
    discussion_post_add,
    meta_review_save,
    proposal_commit,
    proposal_pair_add,
    proposal_pair_remove,
    review_deadline_for,
    review_fields_ensure,
    review_fields_save,
    review_reminder_schedule,
    review_reminders_send,
    review_save,
)

__all__ += [
    "assignment_add",
    "assignment_extend",
    "assignment_remove",
    "assignment_run",
    "assignment_set_meta",
    "bid_set",
    "discussion_post_add",
    "meta_review_save",
    "paper_conflict_declare",
    "parse_invitee_list",
    "pc_invitation_accept",
    "pc_invitation_decline",
    "pc_invitation_from_token",
    "pc_invitation_resend",
    "pc_invitation_revoke",
    "pc_invitation_token",
    "pc_invite",
    "pc_member_add",
    "proposal_commit",
    "proposal_pair_add",
    "proposal_pair_remove",
    "review_deadline_for",
    "review_fields_ensure",
    "review_fields_save",
    "review_reminder_schedule",
    "review_reminders_send",
    "review_save",
    "reviewer_profile_save",
]

# --- conflicts ---
from .conflicts import (  # noqa: E402
    conflict_declare,
    conflict_remove,
    conflict_waive,
    conflicts_refresh,
    conflicts_refresh_on_commit,
    conflicts_refresh_user,
)

__all__ += [
    "conflict_declare",
    "conflict_remove",
    "conflict_waive",
    "conflicts_refresh",
    "conflicts_refresh_on_commit",
    "conflicts_refresh_user",
]
