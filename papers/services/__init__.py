"""Writes of papers, by topic, re-exported here: ``from papers.services import X``."""

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
]
