"""One turn at a time per chat, in the order the turns started (in one process).

The Telegram webhook is answered at once, so an owner's next message can arrive
while the last one is still with the assistant; their turns must not overtake
each other ("yes" before the read-back it confirms).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class ChatOrder:
    """A first-come lock per chat, dropped once no turn of that chat waits."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def turn(self, account: str) -> AsyncIterator[None]:
        """Hold the chat's turn (asyncio.Lock wakes its waiters in order)."""
        lock, users = self._locks.get(account, (asyncio.Lock(), 0))
        self._locks[account] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[account]
            if users == 1:
                del self._locks[account]
            else:
                self._locks[account] = (lock, users - 1)
