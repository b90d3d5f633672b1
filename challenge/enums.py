from django.db import models


class ToleranceKind(models.TextChoices):
    RELATIVE = "relative", "Relative (% of the value)"
    ABSOLUTE = "absolute", "Absolute (same unit as the value)"


class ByteUnit(models.TextChoices):
    """How sizes are shown. Limits are always stored and compared in bytes."""

    DECIMAL = "decimal", "MB = 10^6 bytes"
    BINARY = "binary", "MiB = 2^20 bytes"


class TeamStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class MemberStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    CONFIRMED = "confirmed", "Confirmed"


class SubmissionStatus(models.TextChoices):
    """uploaded -> measuring -> queued -> running -> scored | failed | disqualified.

    Every change goes through ``challenge.services.submission_transition`` (which writes the
    history); ``challenge.services.TRANSITIONS`` lists the allowed ones."""

    UPLOADED = "uploaded", "Uploaded"
    MEASURING = "measuring", "Measuring size"
    QUEUED = "queued", "Waiting for an evaluator"
    RUNNING = "running", "Being evaluated"
    SCORED = "scored", "Scored"
    FAILED = "failed", "Failed"
    DISQUALIFIED = "disqualified", "Disqualified"


class SubmissionAction(models.TextChoices):
    """Why a history row was written (shown with the row)."""

    UPLOAD = "upload", "Uploaded"
    MEASURE = "measure", "Measurement"
    CLAIM = "claim", "Claimed by an evaluator"
    LEASE_EXPIRED = "lease_expired", "Evaluator lease expired"
    RESULT = "result", "Result posted"
    REQUEUE = "requeue", "Re-queued for measuring"
    REEVALUATE = "reevaluate", "Sent back to the evaluators"
    DISQUALIFY = "disqualify", "Disqualified"
    HIDE = "hide", "Hidden from the leaderboard"
    UNHIDE = "unhide", "Shown on the leaderboard again"


class SizeMethod(models.TextChoices):
    ONNX = "onnx", "ONNX tensors (bytes by dtype and dims)"
    SAFETENSORS = "safetensors", "safetensors tensors (bytes by dtype and shape)"
    PYTORCH = "pytorch", "PyTorch storages (uncompressed bytes)"
    # No longer written: kept so that rows measured before the size definition stay readable.
    FILE_SIZE = "file_size", "File size on disk (before the size definition)"
    EVALUATOR = "evaluator", "Reported by the evaluator"


class Ranking(models.TextChoices):
    METRIC = "metric", "Best metric within the size cap"
    SIZE = "size", "Smallest size at the metric target"


class Phase(models.TextChoices):
    BEFORE = "before", "Not open yet"
    REGISTRATION = "registration", "Registration open"
    SUBMISSION = "submission", "Submissions open"
    CLOSED = "closed", "Submissions closed"
    RESULTS = "results", "Results published"
