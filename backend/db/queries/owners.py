"""Owner queries: finding an owner by phone, kiosk or chat account; PIN sessions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import KioskDevice, MessagingAccount, Owner, PinSession


async def by_phone(session: AsyncSession, phone: str) -> Owner | None:
    """The owner with this (normalised) phone number."""
    found = await session.execute(select(Owner).where(Owner.phone == phone).limit(1))
    return found.scalar_one_or_none()


async def by_kiosk(session: AsyncSession, device_token_hash: str) -> Owner | None:
    """The first owner of the shop whose kiosk holds this device token."""
    device = (
        await session.execute(
            select(KioskDevice).where(KioskDevice.token_hash == device_token_hash)
        )
    ).scalar_one_or_none()
    if device is None:
        return None
    found = await session.execute(
        select(Owner).where(Owner.shop_id == device.shop_id).order_by(Owner.id).limit(1)
    )
    return found.scalar_one_or_none()


async def by_chat_account(
    session: AsyncSession, channel: str, account_id: str
) -> Owner | None:
    """The owner who linked this chat account."""
    found = await session.execute(
        select(Owner)
        .join(MessagingAccount, MessagingAccount.owner_id == Owner.id)
        .where(
            MessagingAccount.channel == channel,
            MessagingAccount.account_id == account_id,
        )
        .limit(1)
    )
    return found.scalar_one_or_none()


async def for_update(session: AsyncSession, owner_id: int) -> Owner:
    """The owner's row, locked for this transaction (PIN tries count one by one)."""
    found = await session.execute(
        select(Owner).where(Owner.id == owner_id).with_for_update()
    )
    return found.scalar_one()


async def pin_session(session: AsyncSession, token_hash: str) -> PinSession | None:
    """The PIN session with this token hash."""
    found = await session.execute(
        select(PinSession).where(PinSession.token_hash == token_hash)
    )
    return found.scalar_one_or_none()


async def first_of_shop(session: AsyncSession, shop_id: int) -> Owner | None:
    """The shop's first owner."""
    found = await session.execute(
        select(Owner).where(Owner.shop_id == shop_id).order_by(Owner.id)
    )
    return found.scalars().first()


async def chat_account(
    session: AsyncSession, channel: str, account_id: str
) -> MessagingAccount | None:
    """The linked chat account with this id on ``channel``."""
    found = await session.execute(
        select(MessagingAccount).where(
            MessagingAccount.channel == channel,
            MessagingAccount.account_id == account_id,
        )
    )
    return found.scalar_one_or_none()
