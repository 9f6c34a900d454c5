"""Middleware turning every failure into the contract's JSON error."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from backend.api.errors import domain_error_response, json_error
from backend.services.errors import DomainError

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthorized", "Credentials are missing or wrong."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("request_too_large", "The request body is too large."),
    415: ("unsupported_media_type", "Send the body as application/json."),
}


@web.middleware
async def error_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Domain and HTTP errors become 4xx JSON; anything else a 500 without trace."""
    try:
        return await handler(request)
    except DomainError as error:
        return domain_error_response(error)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code, message = _HTTP_CODES.get(
            error.status, ("http_error", error.reason or "Request failed.")
        )
        return json_error(error.status, code, message)
    except Exception as error:
        if database_unavailable(error):
            # PostgreSQL restarting or out of reach: the caller may simply retry.
            log.warning("database unavailable on %s %s: %r", request.method,
                        request.path, error)  # fmt: skip
            answer = json_error(
                503, "database_unavailable", "The shop system is busy; try again soon."
            )
            answer.headers["Retry-After"] = "2"
            return answer
        log.exception("unexpected error on %s %s", request.method, request.path)
        return json_error(
            500, "internal_error", "Something went wrong on our side; please retry."
        )


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached (rather than a bug)."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or isinstance(
            error, (OperationalError, InterfaceError)
        )
    # asyncpg's own errors (refused, the server starting up or shutting down) reach
    # us unwrapped when the pool opens a connection.
    from asyncpg.exceptions import OperatorInterventionError, PostgresConnectionError

    return isinstance(
        error,
        (
            ConnectionError,
            TimeoutError,
            PostgresConnectionError,
            OperatorInterventionError,
        ),
    )
