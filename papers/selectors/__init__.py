"""Reads of papers, by topic, re-exported here: ``from papers.selectors import X``."""

from .submission import (
    authors_for_export,
    current_version,
    paper_file_get,
    paper_final_files,
    paper_get,
    paper_list_for_chair,
    paper_list_for_user,
    paper_versions,
    papers_accepted,
    submission_counts,
    submission_deadlines,
    submission_types,
    submissions_open,
)

__all__ = [
    "authors_for_export",
    "current_version",
    "paper_file_get",
    "paper_final_files",
    "paper_get",
    "paper_list_for_chair",
    "paper_list_for_user",
    "paper_versions",
    "papers_accepted",
    "submission_counts",
    "submission_deadlines",
    "submission_types",
    "submissions_open",
]
