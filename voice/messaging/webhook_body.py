"""A platform webhook's body, read up to a limit (the platforms' bodies are small)."""

from __future__ import annotations

from aiohttp import web

from voice.gateway.errors import ApiError

# A sender whose body is too large still gets its 413: up to this much more is
# read and thrown away first (answering mid-upload resets the connection, and
# the sender sees an error instead of the answer). Beyond it the connection is cut.
DRAIN_BYTES = 1024 * 1024


async def read_limited(request: web.Request, limit: int, too_large: str) -> bytes:
    """The whole body; a 413 ``too_large`` (ApiError) when it is longer than ``limit``.

    Read chunk by chunk to the end: one ``read(n)`` returns only what has arrived
    so far, and answering before the rest is read both judges a truncated body
    and leaves bytes unread, so the connection is reset under the sender.
    """
    if (request.content_length or 0) > limit:
        await _discard(request)
        raise ApiError(413, "too_large", too_large)
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > limit:  # a chunked body says no length up front
            await _discard(request)
            raise ApiError(413, "too_large", too_large)
    return bytes(body)


async def _discard(request: web.Request) -> None:
    left = DRAIN_BYTES
    while left > 0:
        chunk = await request.content.read(min(left, 64 * 1024))
        if not chunk:
            return
        left -= len(chunk)
