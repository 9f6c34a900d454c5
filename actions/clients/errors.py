"""The one exception hierarchy for backend calls, mapped from status codes here."""

from __future__ import annotations

from typing import Any

from common.error_json import error_fields


class BackendError(Exception):
    """The backend could not do what was asked."""

    def __init__(self, status: int, code: str, message: str, body: dict[str, Any]):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.body = body


class BadRequest(BackendError):  # noqa: N818 - the names the brief and callers use
    """The request was malformed (a bug on our side)."""


class Unauthorized(BackendError):  # noqa: N818 - the names the brief and callers use
    """Wrong credentials: a wrong PIN or an expired owner session."""


class NotFound(BackendError):  # noqa: N818 - the names the brief and callers use
    """The thing asked about does not exist."""


class Conflict(BackendError):  # noqa: N818 - the names the brief and callers use
    """The thing is in a state that forbids the operation."""


class Rejected(BackendError):  # noqa: N818 - the names the brief and callers use
    """The request was understood and refused (validation, idempotency)."""


class Locked(BackendError):  # noqa: N818 - the names the brief and callers use
    """Too many wrong PINs: the owner is locked out for a while."""


class Unavailable(BackendError):  # noqa: N818 - the names the brief and callers use
    """The backend is down, slow or broken: try again later."""


_BY_STATUS: dict[int, type[BackendError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Unauthorized,
    404: NotFound,
    409: Conflict,
    422: Rejected,
    423: Locked,
}


def error_for(status: int, body: Any) -> BackendError:
    """Map an HTTP error status and its JSON body to the matching exception."""
    error = error_fields(body)
    code = str(error.get("code", f"http_{status}"))
    message = str(error.get("message", f"backend answered {status}"))
    if status >= 500 or status == 429:
        kind: type[BackendError] = Unavailable
    else:
        kind = _BY_STATUS.get(status, BackendError)
    return kind(status, code, message, error)


def unavailable(reason: str) -> Unavailable:
    """Build the error for a backend that could not be reached in time."""
    return Unavailable(0, "unreachable", reason, {})
