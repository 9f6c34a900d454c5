"""One pooled ``aiohttp.ClientSession`` per event loop, made on first use.

Clients built at a service's start must not open a session at import or in another
loop; tests run several loops in turn. Shared by every service's HTTP clients.
"""

from __future__ import annotations

import asyncio

import aiohttp


class LoopSession:
    """Hands out the session of the running loop, creating it when needed."""

    def __init__(self, timeout: aiohttp.ClientTimeout) -> None:
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def client(self) -> aiohttp.ClientSession:
        """The running loop's session (connections kept alive between calls)."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
            self._loop = loop
        return self._session

    async def close(self) -> None:
        """Close the pooled connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None
