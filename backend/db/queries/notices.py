"""Notice queries: recording, claiming and settling notices, and their chat accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import MessagingAccount, Notice, Owner


async def owners_of_shop(session: AsyncSession, shop_id: int) -> list[int]:
    """The ids of the shop's owners."""
    rows = await session.execute(select(Owner.id).where(Owner.shop_id == shop_id))
    return [int(owner_id) for owner_id in rows.scalars()]


async def exists(session: AsyncSession, owner_id: int, kind: str, subject: str) -> bool:
    """Whether the owner already has this notice."""
    told = await session.execute(
        select(Notice.id).where(Notice.owner_id == owner_id, Notice.kind == kind,
                                Notice.subject == subject)
    )  # fmt: skip
    return told.first() is not None


async def shops_with_chat_accounts(session: AsyncSession) -> list[int]:
    """Shops with an owner who linked a chat account, by id."""
    rows = await session.execute(
        select(Owner.shop_id)
        .join(MessagingAccount, MessagingAccount.owner_id == Owner.id)
        .distinct()
    )
    return sorted(rows.scalars().all())


async def expire_stale(
    session: AsyncSession, pending_before: dt.datetime, claimed_before: dt.datetime
) -> None:
    """Expire notices pending too long; fail those claimed and never settled."""
    await session.execute(
        update(Notice)
        .where(Notice.state == "pending", Notice.created_at < pending_before)
        .values(state="expired")
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Notice)
        .where(Notice.state == "sending", Notice.claimed_at < claimed_before)
        .values(state="failed")
        .execution_options(synchronize_session=False)
    )


async def pending_due(
    session: AsyncSession, now: dt.datetime, limit: int
) -> list[tuple[Notice, bool]]:
    """Pending notices due by ``now``, oldest first, each with its owner's mute."""
    rows = await session.execute(
        select(Notice, Owner.notices_muted)
        .join(Owner, Owner.id == Notice.owner_id)
        .where(Notice.state == "pending", Notice.due_at <= now)
        .order_by(Notice.id)
        .limit(limit)
    )
    return [(notice, bool(muted)) for notice, muted in rows.all()]


async def move(
    session: AsyncSession, notice_id: int, from_state: str, **values: Any
) -> bool:
    """Change a notice still in ``from_state``; of concurrent moves one wins."""
    moved = await session.execute(
        update(Notice)
        .where(Notice.id == notice_id, Notice.state == from_state)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(moved.rowcount == 1)


async def by_id(session: AsyncSession, notice_id: int) -> Notice | None:
    """The notice with this id."""
    return await session.get(Notice, notice_id)


async def of_shop(session: AsyncSession, shop_id: int, notice_id: int) -> Notice | None:
    """This shop's notice with this id (another shop's is not found)."""
    return (
        await session.execute(
            select(Notice).where(Notice.id == notice_id, Notice.shop_id == shop_id)
        )
    ).scalar_one_or_none()


async def owner_language(session: AsyncSession, owner_id: int) -> str:
    """The language the owner speaks."""
    found = await session.execute(select(Owner.language).where(Owner.id == owner_id))
    return str(found.scalar_one())


async def chat_accounts(
    session: AsyncSession, owner_id: int, channels: Sequence[str]
) -> list[MessagingAccount]:
    """The owner's chat accounts on these channels, oldest link first."""
    rows = await session.execute(
        select(MessagingAccount)
        .where(MessagingAccount.owner_id == owner_id,
               MessagingAccount.channel.in_(list(channels)))
        .order_by(MessagingAccount.id)
    )  # fmt: skip
    return list(rows.scalars().all())


async def count_push(session: AsyncSession, channel: str, account: str) -> None:
    """One more message pushed to the account since the owner last wrote."""
    await session.execute(
        update(MessagingAccount)
        .where(MessagingAccount.channel == channel,
               MessagingAccount.account_id == account)
        .values(pushes_since_inbound=MessagingAccount.pushes_since_inbound + 1)
        .execution_options(synchronize_session=False)
    )  # fmt: skip


async def open_window(
    session: AsyncSession, channel: str, account: str, now: dt.datetime
) -> None:
    """The owner wrote from the account: its window opens afresh."""
    await session.execute(
        update(MessagingAccount)
        .where(MessagingAccount.channel == channel,
               MessagingAccount.account_id == account)
        .values(last_inbound_at=now, pushes_since_inbound=0)
        .execution_options(synchronize_session=False)
    )  # fmt: skip


async def shut_window(session: AsyncSession, owner_id: int, channel: str) -> None:
    """Take the owner's window on ``channel`` as shut (the platform said so)."""
    await session.execute(
        update(MessagingAccount)
        .where(MessagingAccount.owner_id == owner_id,
               MessagingAccount.channel == channel)
        .values(last_inbound_at=None)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
