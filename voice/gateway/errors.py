"""HTTP errors as the contract's JSON shape, in one middleware."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from common.error_json import error_body

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error a client caused; becomes ``{"error": {"code", "message"}}``."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def json_error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    """Return the contract's error shape."""
    return web.json_response(
        error_body(code, message, extra), status=status
    )


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer every failure with JSON; never a stack trace."""
    try:
        return await handler(request)
    except ApiError as error:
        return json_error(error.status, error.code, error.message, **error.extra)
    except web.HTTPException as error:
        if error.status < 400 or error.content_type == "application/json":
            raise
        code = (error.reason or "error").lower().replace(" ", "_")
        return json_error(error.status, code, error.reason or "request failed")
    except Exception:
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return json_error(500, "internal_error", "Something went wrong; try again.")
