"""Models of papers, by topic; everything is re-exported here (``from papers.models import X``)."""

# --- decisions ---
from .decision import (  # noqa: E402
    CameraReadyConsent,
    DecisionLog,
    Notification,
    NotificationRun,
    NotificationTemplate,
    PaperDecision,
    PapersSettings,
    RunState,
)
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
    # decisions
    "CameraReadyConsent",
    "DecisionLog",
    "Notification",
    "NotificationRun",
    "NotificationTemplate",
    "PaperDecision",
    "PapersSettings",
    "RunState",
]

# --- review ---
from .committee import (  # noqa: E402
    Bid,
    BidValue,
    ConflictLogEntry,
    InvitationStatus,
    PaperConflict,
    PCInvitation,
    ReviewerProfile,
)
from .review import (  # noqa: E402
    DEFAULT_FORM,
    OVERALL_KEY,
    AssignmentProposal,
    DiscussionPost,
    FieldKind,
    MetaReview,
    ProposedPair,
    Review,
    ReviewAssignment,
    ReviewAudience,
    ReviewField,
    ReviewReminder,
    ReviewStatus,
    ReviewVersion,
    Visibility,
)

__all__ += [
    "DEFAULT_FORM",
    "OVERALL_KEY",
    "AssignmentProposal",
    "Bid",
    "BidValue",
    "DiscussionPost",
    "FieldKind",
    "InvitationStatus",
    "MetaReview",
    "PCInvitation",
    "ConflictLogEntry",
    "PaperConflict",
    "ProposedPair",
    "Review",
    "ReviewAssignment",
    "ReviewAudience",
    "ReviewField",
    "ReviewReminder",
    "ReviewStatus",
    "Visibility",
    "ReviewVersion",
    "ReviewerProfile",
]
