"""Models of papers, by topic; everything is re-exported here (``from papers.models import X``)."""

from .submission import (
    Author,
    Paper,
    PaperFile,
    SubmissionType,
    anonymized_file_path,
    paper_file_path,
)

__all__ = [
    "Author",
    "Paper",
    "PaperFile",
    "SubmissionType",
    "anonymized_file_path",
    "paper_file_path",
]
