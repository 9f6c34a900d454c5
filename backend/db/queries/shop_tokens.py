"""Shop-token queries: finding a token by hash, purging and revoking tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import ShopToken


async def by_hash(session: AsyncSession, token_hash: str) -> ShopToken | None:
    """The shop token with this hash."""
    found = await session.execute(
        select(ShopToken).where(ShopToken.token_hash == token_hash)
    )
    return found.scalar_one_or_none()


async def drop_expired_before(
    session: AsyncSession, shop_id: int, before: dt.datetime
) -> None:
    """Delete the shop's tokens that expired before ``before``."""
    await session.execute(
        delete(ShopToken).where(
            ShopToken.shop_id == shop_id, ShopToken.expires_at < before
        )
    )


async def revoke(session: AsyncSession, token_id: int, now: dt.datetime) -> None:
    """Revoke one token unless it is revoked already."""
    await session.execute(
        update(ShopToken)
        .where(ShopToken.id == token_id, ShopToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_live(session: AsyncSession, shop_id: int, now: dt.datetime) -> int:
    """Revoke every live token of the shop; how many there were."""
    result = await session.execute(
        update(ShopToken)
        .where(
            ShopToken.shop_id == shop_id,
            ShopToken.revoked_at.is_(None),
            ShopToken.expires_at > now,
        )
        .values(revoked_at=now)
    )
    return int(result.rowcount or 0)
