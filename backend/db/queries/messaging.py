"""Chat-delivery queries: inbound message receipts and shared platform tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import InboundMessage, PlatformToken


async def drop_messages_before(session: AsyncSession, before: dt.datetime) -> None:
    """Forget message receipts created before ``before``."""
    await session.execute(
        delete(InboundMessage).where(InboundMessage.created_at < before)
    )


async def message(
    session: AsyncSession, channel: str, key: str
) -> InboundMessage | None:
    """The receipt of a message key on ``channel``."""
    found = await session.execute(
        select(InboundMessage).where(
            InboundMessage.channel == channel, InboundMessage.message_key == key
        )
    )
    return found.scalar_one_or_none()


async def move_message(
    session: AsyncSession, channel: str, key: str, from_state: str, **values: Any
) -> bool:
    """Change a receipt still in ``from_state``; of concurrent moves one wins."""
    moved = await session.execute(
        update(InboundMessage)
        .where(
            InboundMessage.channel == channel,
            InboundMessage.message_key == key,
            InboundMessage.state == from_state,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(moved.rowcount == 1)


async def platform_token(session: AsyncSession, platform: str) -> PlatformToken:
    """The platform's token row (it exists)."""
    found = await session.execute(
        select(PlatformToken).where(PlatformToken.platform == platform)
    )
    return found.scalar_one()


async def drop_platform_token(session: AsyncSession, platform: str, token: str) -> None:
    """Forget the platform's token if it is still this one."""
    await session.execute(
        update(PlatformToken)
        .where(PlatformToken.platform == platform, PlatformToken.token == token)
        .values(token=None, expires_at=None)
        .execution_options(synchronize_session=False)
    )


async def update_if_lease_free(
    session: AsyncSession,
    platform: str,
    holder: str,
    now: dt.datetime,
    **values: Any,
) -> bool:
    """Change the platform's row unless another holder's lease is live."""
    changed = await session.execute(
        update(PlatformToken)
        .where(
            PlatformToken.platform == platform,
            or_(
                PlatformToken.lease_until.is_(None),
                PlatformToken.lease_until <= now,
                PlatformToken.lease_holder == holder,
            ),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(changed.rowcount == 1)
