"""A platform webhook's body, read up to a limit (the platforms' bodies are small)."""

from __future__ import annotations

from aiohttp import web

from voice.gateway.errors import ApiError


async def read_limited(request: web.Request, limit: int, too_large: str) -> bytes:
    """The body; a 413 ``too_large`` (ApiError) when it is longer than ``limit``."""
    if (request.content_length or 0) > limit:
        raise ApiError(413, "too_large", too_large)
    body = await request.content.read(limit + 1)
    if len(body) > limit:  # a chunked body says no length up front
        raise ApiError(413, "too_large", too_large)
    return body
