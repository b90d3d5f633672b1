"""Writes of papers, by topic, re-exported here: ``from papers.services import X``."""

# --- decisions (issue 5) ---
from .decision import (  # noqa: E402
    CONSENT_STATEMENT,
    camera_ready_upload,
    decision_record,
    decisions_record_bulk,
    decisions_release,
    notification_run_send,
    notification_template_save,
    notifications_start,
    papers_settings_update,
)
from .submission import (
    AuthorData,
    PreparedUpload,
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
    "deadline_label",
    "paper_create",
    "paper_file_upload",
    "paper_notify_authors",
    "paper_restore",
    "paper_update",
    "paper_withdraw",
    "submission_types_save",
    # decisions (issue 5)
    "CONSENT_STATEMENT",
    "camera_ready_upload",
    "decision_record",
    "decisions_record_bulk",
    "decisions_release",
    "notification_run_send",
    "notification_template_save",
    "notifications_start",
    "papers_settings_update",
]
