"""The API edge of errors: each domain error's HTTP status and the error JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from backend.services.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidRequestError,
    LockedError,
    NotFoundError,
    TooManyTriesError,
    UnauthorizedError,
)


class MalformedJsonError(DomainError):
    """The body is not JSON at all."""

    code = "malformed_json"


STATUSES: dict[type[DomainError], int] = {
    DomainError: 400,
    MalformedJsonError: 400,
    InvalidRequestError: 422,
    UnauthorizedError: 401,
    ForbiddenError: 403,
    NotFoundError: 404,
    ConflictError: 409,
    LockedError: 423,
    TooManyTriesError: 429,
}


def status_of(error: DomainError) -> int:
    """The HTTP status of a domain error: its nearest kind in :data:`STATUSES`."""
    for kind in type(error).__mro__:
        if kind in STATUSES:
            return STATUSES[kind]
    return 400


def json_error(
    http_status: int, code: str, message: str, extra: Mapping[str, Any] | None = None
) -> web.Response:
    """The contract's error shape: ``{"error": {"code", "message", ...}}``."""
    return web.json_response(
        {"error": {**(extra or {}), "code": code, "message": message}},
        status=http_status,
    )


def domain_error_response(error: DomainError) -> web.Response:
    """The answer for a refused request: its status and the error JSON."""
    return json_error(status_of(error), error.code, error.message, error.extra)
