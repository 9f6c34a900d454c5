"""Who is talking: channel identities, the conversation's shop token, shops.

PIN checks and owner sessions live in ``backend/services/pin_sessions.py``; they
are importable from here too.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import Owner, Shop
from backend.db.queries import owners as queries
from backend.services import shop_tokens
from backend.services.errors import NotFoundError
from backend.services.pin_sessions import (
    IssuedSession,
    check_pin,
    check_session,
    hash_pin,
    open_session,
)
from backend.services.tokens import token_hash
from common.masking import mask_phone

log = logging.getLogger(__name__)

CHANNELS = ("phone", "wechat", "telegram", "kiosk")


@dataclass(frozen=True)
class OwnerIdentity:
    """An owner as the conversation layer needs to know them."""

    owner_id: int
    shop_id: int
    display_name: str
    shop_name: str
    language: str


def normalise_phone(raw: str) -> str:
    """Canonical ``+86…`` form of a mainland number; other numbers keep their digits."""
    digits = re.sub(r"[\s\-()]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"1\d{10}", digits):
        digits = "+86" + digits
    elif re.fullmatch(r"861\d{10}", digits):
        digits = "+" + digits
    return digits


def _shop_name(shop: Shop, language: str) -> str:
    return str(shop.name_en if language == "en" else shop.name_zh)


async def resolve(
    db: Database,
    channel: str,
    identifier: str,
    conversation_id: str | None,
    now: dt.datetime,
    token_minutes: int,
    pin: str | None = None,
) -> tuple[OwnerIdentity, shop_tokens.IssuedShopToken]:
    """Find the owner behind a channel identity and issue the conversation's token.

    With ``pin``, the identity was keyed in by someone calling from another phone:
    the owner's PIN must match (with the usual lockout) before a token is issued.
    """
    async with db.reading() as session:
        owner = await _find_owner(session, channel, identifier)
        if owner is None:
            shown = mask_phone(identifier) if channel == "phone" else channel
            log.info("unknown identity on %s: %s", channel, shown)
            raise NotFoundError(
                "Nobody is registered with this identity.", code="unknown_identity"
            )
        found = await _identity(session, owner)
    if pin is not None:
        await check_pin(db, found.owner_id, pin, now)
    async with db.writing() as session:
        await shop_tokens.purge_expired(session, found.shop_id, now)
        issued = shop_tokens.issue(
            session,
            found.shop_id,
            found.owner_id,
            channel,
            conversation_id,
            now,
            token_minutes,
        )
    return found, issued


async def owner_identity(db: Database, owner_id: int) -> OwnerIdentity:
    """The identity of an owner known by id (whose shop token is being used)."""
    async with db.reading() as session:
        owner = await session.get(Owner, owner_id)
        if owner is None:
            raise NotFoundError("There is no such owner.", code="unknown_owner")
        return await _identity(session, owner)


async def _identity(session: AsyncSession, owner: Owner) -> OwnerIdentity:
    shop = await session.get(Shop, owner.shop_id)
    return OwnerIdentity(
        owner_id=owner.id,
        shop_id=owner.shop_id,
        display_name=owner.display_name,
        shop_name=_shop_name(shop, owner.language),
        language=owner.language,
    )


async def _find_owner(
    session: AsyncSession, channel: str, identifier: str
) -> Owner | None:
    if channel == "phone":
        return await queries.by_phone(session, normalise_phone(identifier))
    if channel == "kiosk":
        return await queries.by_kiosk(session, token_hash(identifier))
    return await queries.by_chat_account(session, channel, identifier)


async def require_shop(session: AsyncSession, shop_id: int) -> Shop:
    """Load a shop or answer 404."""
    shop = await session.get(Shop, shop_id)
    if shop is None:
        raise NotFoundError("There is no such shop.", code="unknown_shop")
    return shop


__all__ = [
    "CHANNELS",
    "IssuedSession",
    "OwnerIdentity",
    "check_pin",
    "check_session",
    "hash_pin",
    "normalise_phone",
    "open_session",
    "owner_identity",
    "require_shop",
    "resolve",
]
