"""Link codes: a chat account (WeChat, Telegram) is linked to its owner once.

The owner asks at the kiosk or on the phone, with the PIN, for a six-digit code for
one channel; it works once, for ten minutes, and a new one replaces it. Sent in the
chat, it links the sending account to the owner. A wrong, expired, used or other
channel's code gets one and the same answer, and five wrong codes in 15 minutes stop
an account trying. Codes and accounts are stored hashed and never logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import LinkCode, LinkCodeTry, MessagingAccount, Owner
from backend.db.queries import codes as code_queries
from backend.db.queries import owners as owner_queries
from backend.services import audit
from backend.services.errors import (
    DomainError,
    ForbiddenError,
    NotFoundError,
    TooManyTriesError,
)
from backend.services.identity import OwnerIdentity, owner_identity
from backend.services.one_time_codes import unused_code
from backend.services.tokens import token_hash

LINK_MINUTES = 10
MAX_WRONG_TRIES = 5
TRY_WINDOW = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class IssuedLinkCode:
    """A code to send in the chat; shown once, stored hashed."""

    code: str
    expires_at: dt.datetime


def _wrong_code() -> NotFoundError:
    return NotFoundError(
        "This link code is wrong or has expired; ask for a new one at the shop's "
        "tablet or on the phone.",
        code="link_code_wrong",
    )


async def issue(
    db: Database,
    shop_id: int,
    owner_id: int,
    channel: str,
    now: dt.datetime,
    minutes: int = LINK_MINUTES,
) -> IssuedLinkCode:
    """A new code for the owner's ``channel`` account; the unused one stops working."""
    async with db.writing() as session:
        owner = await session.get(Owner, owner_id)
        if owner is None or owner.shop_id != shop_id:
            raise ForbiddenError(
                "This owner session belongs to another shop.", code="wrong_shop"
            )
        await code_queries.drop_expired(session, LinkCode, now)
        await code_queries.drop_unused_link_codes(session, owner_id, channel)
        code = await unused_code(session, LinkCode)
        expires = now + dt.timedelta(minutes=minutes)
        session.add(
            LinkCode(
                code_hash=token_hash(code),
                owner_id=owner_id,
                shop_id=shop_id,
                channel=channel,
                created_at=now,
                expires_at=expires,
            )
        )
        audit.record(session, now, "link_code_issued", shop_id, owner_id, channel)
    return IssuedLinkCode(code, expires)


async def redeem(
    db: Database, channel: str, account: str, code: str, now: dt.datetime
) -> OwnerIdentity:
    """Link ``account`` to the owner whose live ``channel`` code this is.

    An account linked to someone else moves to this owner; linking it again to the
    same owner changes nothing.
    """
    account_hash = token_hash(account)
    refusal: DomainError | None = None
    linked_owner: int | None = None
    async with db.writing() as session:
        since = now - TRY_WINDOW
        await code_queries.drop_tries_until(session, since)
        tries = await code_queries.count_tries(session, channel, account_hash)
        if tries >= MAX_WRONG_TRIES:
            raise TooManyTriesError(
                "Too many wrong link codes; wait a quarter of an hour and try again."
            )
        row = await _claim(session, channel, code, now)
        if row is None:
            session.add(
                LinkCodeTry(channel=channel, account_hash=account_hash, tried_at=now)
            )
            if tries + 1 == MAX_WRONG_TRIES:
                audit.record(session, now, "link_code_tries_exceeded", None, None,
                             channel, account=account_hash[:12])  # fmt: skip
            refusal = _wrong_code()
        else:
            moved_from = await _link(session, channel, account, int(row.owner_id))
            audit.record(session, now, "chat_account_linked", row.shop_id,
                         row.owner_id, channel, account=account_hash[:12],
                         moved_from_owner=moved_from)  # fmt: skip
            linked_owner = int(row.owner_id)
    # Raised after the block so that the wrong try is committed, not rolled back.
    if refusal is not None or linked_owner is None:
        raise refusal or _wrong_code()
    return await owner_identity(db, linked_owner)


async def _claim(
    session: AsyncSession, channel: str, code: str, now: dt.datetime
) -> LinkCode | None:
    """Mark the live code used; None when there is none (or another sender won)."""
    row = await code_queries.unused_link_code(session, token_hash(code))
    if row is None or row.channel != channel or row.expires_at <= now:
        return None
    # Conditional update: of two accounts racing with one code, exactly one wins.
    won = await code_queries.mark_used(session, LinkCode, row.id, now)
    return row if won else None


async def _link(
    session: AsyncSession, channel: str, account: str, owner_id: int
) -> int | None:
    """Point the account at the owner; return the owner it was moved from, if any."""
    linked = await owner_queries.chat_account(session, channel, account)
    if linked is None:
        session.add(
            MessagingAccount(owner_id=owner_id, channel=channel, account_id=account)
        )
        return None
    previous = int(linked.owner_id)
    linked.owner_id = owner_id
    return previous if previous != owner_id else None
