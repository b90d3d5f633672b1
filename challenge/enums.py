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
    SUBMITTED = "submitted", "Submitted"
    MEASURING = "measuring", "Measuring size"
    EVALUATING = "evaluating", "Evaluating"
    SCORED = "scored", "Scored"
    FAILED = "failed", "Failed"


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
