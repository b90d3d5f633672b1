from emc2.exceptions import ConflictError, DomainError


class ProgramError(DomainError):
    """A schedule rule refused an operation (overlap, bad time span, ...)."""


class ProgramConflict(ProgramError, ConflictError):
    """Refused because of what exists now (a room still used by sessions): API 409."""


class ProgramWarnings(ProgramConflict):
    """Soft checks failed (a speaker double-booked, ...). The same call with
    ``override_warnings=True`` goes through; the API answers 409 with ``warnings``."""

    def __init__(self, warnings: list[dict]):
        first = warnings[0]["message"]
        more = f" (and {len(warnings) - 1} more warning(s))" if len(warnings) > 1 else ""
        super().__init__(
            first + more + " Override the warnings to save anyway.",
            field=warnings[0].get("field"),
            extra={"warnings": warnings},
        )
        self.warnings = warnings
