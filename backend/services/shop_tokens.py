"""Shop tokens: the credential a conversation holds for one shop.

A channel that knows who is calling resolves the caller's identity and is handed a
shop token for that owner's shop. The action server then reaches that shop, and only
that shop, with it. Tokens live for hours, can be revoked, and only their SHA-256
hashes are stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import ShopToken
from backend.db.queries import shop_tokens as queries
from backend.services.errors import UnauthorizedError
from backend.services.tokens import new_token, token_hash

MAX_CONVERSATION_CHARS = 100


@dataclass(frozen=True)
class IssuedShopToken:
    """A fresh shop token; shown once, stored hashed."""

    token: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class ShopGrant:
    """What a live shop token allows: one owner's shop, for one conversation."""

    token_id: int
    shop_id: int
    owner_id: int
    channel: str
    conversation_id: str | None
    expires_at: dt.datetime


def issue(
    session: AsyncSession,
    shop_id: int,
    owner_id: int,
    channel: str,
    conversation_id: str | None,
    now: dt.datetime,
    minutes: int,
) -> IssuedShopToken:
    """Add a new token to the session's transaction and return it."""
    token = new_token()
    expires = now + dt.timedelta(minutes=minutes)
    session.add(
        ShopToken(
            token_hash=token_hash(token),
            shop_id=shop_id,
            owner_id=owner_id,
            channel=channel,
            conversation_id=(conversation_id or None)
            and conversation_id[:MAX_CONVERSATION_CHARS],
            created_at=now,
            expires_at=expires,
        )
    )
    return IssuedShopToken(token, expires)


async def purge_expired(session: AsyncSession, shop_id: int, now: dt.datetime) -> None:
    """Forget a shop's tokens that died more than a day ago (keeps the table small)."""
    await queries.drop_expired_before(session, shop_id, now - dt.timedelta(days=1))


async def check(db: Database, token: str | None, now: dt.datetime) -> ShopGrant:
    """The grant of a live token; 401 when missing, unknown, expired or revoked."""
    if not token:
        raise UnauthorizedError(
            "This needs the conversation's shop token (X-Shop-Token header).",
            code="shop_token_required",
        )
    async with db.reading() as session:
        row = await queries.by_hash(session, token_hash(token))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise UnauthorizedError(
            "The shop token is unknown, expired or revoked; resolve the caller again.",
            code="shop_token_invalid",
        )
    return ShopGrant(
        token_id=int(row.id),
        shop_id=int(row.shop_id),
        owner_id=int(row.owner_id),
        channel=str(row.channel),
        conversation_id=row.conversation_id,
        expires_at=row.expires_at,
    )


async def revoke(db: Database, token_id: int, now: dt.datetime) -> None:
    """Revoke one token (a call hung up, a chat unlinked)."""
    async with db.writing() as session:
        await queries.revoke(session, token_id, now)


async def revoke_all(db: Database, shop_id: int, now: dt.datetime) -> int:
    """Revoke every live token of a shop (a lost tablet, a stolen phone)."""
    async with db.writing() as session:
        return await queries.revoke_live(session, shop_id, now)
