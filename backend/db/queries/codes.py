"""One-time code queries: kiosk pairing codes, link codes and wrong link tries.

Code tables have ``code_hash``, ``expires_at`` and ``used_at`` columns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import KioskPairingCode, LinkCode, LinkCodeTry


async def in_use(session: AsyncSession, model: Any, code_hash: str) -> bool:
    """Whether an unused row of ``model`` holds the code with this hash."""
    clash = await session.execute(
        select(model.id).where(model.code_hash == code_hash, model.used_at.is_(None))
    )
    return clash.first() is not None


async def drop_expired(session: AsyncSession, model: Any, now: dt.datetime) -> None:
    """Delete the codes of ``model`` that expired by ``now``."""
    await session.execute(delete(model).where(model.expires_at <= now))


async def mark_used(
    session: AsyncSession, model: Any, row_id: int, now: dt.datetime
) -> bool:
    """Mark an unused code used; of concurrent redeemers exactly one wins."""
    claimed = await session.execute(
        update(model)
        .where(model.id == row_id, model.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(claimed.rowcount == 1)


async def pairing_code(
    session: AsyncSession, code_hash: str
) -> KioskPairingCode | None:
    """The pairing code with this hash, an unused one before a used one."""
    found = await session.execute(
        select(KioskPairingCode)
        .where(KioskPairingCode.code_hash == code_hash)
        .order_by(KioskPairingCode.used_at.is_(None).desc())
        .limit(1)
    )
    return found.scalar_one_or_none()


async def drop_unused_link_codes(
    session: AsyncSession, owner_id: int, channel: str
) -> None:
    """Delete the owner's unused link codes for ``channel``."""
    await session.execute(
        delete(LinkCode).where(
            LinkCode.owner_id == owner_id,
            LinkCode.channel == channel,
            LinkCode.used_at.is_(None),
        )
    )


async def unused_link_code(session: AsyncSession, code_hash: str) -> LinkCode | None:
    """The unused link code with this hash."""
    found = await session.execute(
        select(LinkCode).where(
            LinkCode.code_hash == code_hash, LinkCode.used_at.is_(None)
        )
    )
    return found.scalar_one_or_none()


async def drop_tries_until(session: AsyncSession, until: dt.datetime) -> None:
    """Forget wrong link tries made by ``until``."""
    await session.execute(delete(LinkCodeTry).where(LinkCodeTry.tried_at <= until))


async def count_tries(session: AsyncSession, channel: str, account_hash: str) -> int:
    """The wrong link tries kept for this sender."""
    counted = await session.execute(
        select(func.count(LinkCodeTry.id)).where(
            LinkCodeTry.channel == channel, LinkCodeTry.account_hash == account_hash
        )
    )
    return int(counted.scalar_one())
