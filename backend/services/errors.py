"""Domain errors: what the rules refuse, with a code and a plain message.

They say nothing of HTTP; ``backend/api/errors.py`` maps each kind to a status.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request the rules refuse; carries a code, a plain message and extra facts."""

    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.extra = extra


class InvalidRequestError(DomainError):
    """The request is well-formed but its content is not acceptable."""

    code = "invalid_request"


class UnauthorizedError(DomainError):
    """Credentials are missing or wrong."""

    code = "unauthorized"


class ForbiddenError(DomainError):
    """Credentials are valid but do not cover this shop."""

    code = "forbidden"


class NotFoundError(DomainError):
    """The thing asked for does not exist (or belongs to another shop)."""

    code = "not_found"


class ConflictError(DomainError):
    """The request clashes with the current state."""

    code = "conflict"


class LockedError(DomainError):
    """The owner's PIN is locked after too many wrong tries."""

    code = "pin_locked"


class TooManyTriesError(DomainError):
    """Too many wrong codes from one sender in a short while; wait and retry."""

    code = "too_many_tries"


def check_status_filter(status: str | None, statuses: tuple[str, ...]) -> None:
    """Refuse a ``?status=`` filter that names no status of this kind of record."""
    if status is not None and status not in statuses:
        raise InvalidRequestError(
            f"status must be one of {', '.join(statuses)}.", code="invalid_status"
        )
