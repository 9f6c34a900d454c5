"""Idempotency queries: the record of a key used for a shop's request."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import IdempotencyRecord


async def record(
    session: AsyncSession, shop_id: int, scope: str, key: str
) -> IdempotencyRecord | None:
    """The record of ``key`` for this shop and kind of request, if it was used."""
    found = await session.execute(
        select(IdempotencyRecord).where(
            IdempotencyRecord.shop_id == shop_id,
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key == key,
        )
    )
    return found.scalar_one_or_none()
