"""Six-digit one-time codes (kiosk pairing, chat linking): unique while unused.

A code is typed or said by a person, so it is short; it is stored hashed and must
not match another code that can still be used, or one code would open two things.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.queries import codes as queries
from backend.services.tokens import new_numeric_code, token_hash


async def in_use(session: AsyncSession, model: Any, code: str) -> bool:
    """Whether an unused row of ``model`` holds ``code``.

    ``model`` is a table with ``code_hash`` and ``used_at`` columns.
    """
    return await queries.in_use(session, model, token_hash(code))


async def unused_code(session: AsyncSession, model: Any) -> str:
    """A random code that no unused row of ``model`` holds."""
    while True:
        candidate = new_numeric_code()
        if not await in_use(session, model, candidate):
            return candidate
