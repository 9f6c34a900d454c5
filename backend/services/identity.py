"""Who is talking: channel identities, PIN sessions and owner-session checks."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import KioskDevice, MessagingAccount, Owner, PinSession, Shop
from backend.services import audit, shop_tokens
from backend.services.errors import (
    ForbiddenError,
    LockedError,
    NotFoundError,
    UnauthorizedError,
)
from backend.services.tokens import new_token, token_hash
from common.masking import mask_phone

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_PIN_TRIES = 5
LOCK_MINUTES = 15
CHANNELS = ("phone", "wechat", "telegram", "kiosk")
# OWASP's minimum Argon2id profile (19 MiB, two passes, one lane): a PIN check stays
# well under 100 ms on a busy two-core box. A four-digit PIN falls to any offline
# attack anyway; the lockout after five tries is what protects it.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass(frozen=True)
class OwnerIdentity:
    """An owner as the conversation layer needs to know them."""

    owner_id: int
    shop_id: int
    display_name: str
    shop_name: str
    language: str


@dataclass(frozen=True)
class IssuedSession:
    """A freshly opened PIN session; the token is shown once and stored hashed."""

    token: str
    expires_at: dt.datetime
    owner_id: int
    shop_id: int


def hash_pin(pin: str) -> str:
    """Argon2 hash of a PIN."""
    return _HASHER.hash(pin)


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
        query = select(Owner).where(Owner.phone == normalise_phone(identifier))
    elif channel == "kiosk":
        device = (
            await session.execute(
                select(KioskDevice).where(
                    KioskDevice.token_hash == token_hash(identifier)
                )
            )
        ).scalar_one_or_none()
        if device is None:
            return None
        query = select(Owner).where(Owner.shop_id == device.shop_id).order_by(Owner.id)
    else:
        query = (
            select(Owner)
            .join(MessagingAccount, MessagingAccount.owner_id == Owner.id)
            .where(
                MessagingAccount.channel == channel,
                MessagingAccount.account_id == identifier,
            )
        )
    return (await session.execute(query.limit(1))).scalar_one_or_none()


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _HASHER.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def _refuse_if_locked(owner: Owner, now: dt.datetime) -> None:
    if owner.locked_until is not None and owner.locked_until > now:
        raise LockedError(
            "Too many wrong PINs; try again later.",
            locked_until=_iso(owner.locked_until),
        )


async def open_session(
    db: Database, owner_id: int, pin: str, now: dt.datetime, minutes: int
) -> IssuedSession:
    """Check the PIN and open a session; five wrong tries lock the PIN for a while."""

    def issue(session: AsyncSession, owner: Owner) -> IssuedSession:
        return _issue(session, owner, now, minutes)

    return await _with_right_pin(db, owner_id, pin, now, issue)


async def check_pin(db: Database, owner_id: int, pin: str, now: dt.datetime) -> None:
    """Refuse unless ``pin`` is the owner's; a try counts towards the lockout.

    An owner calling from another phone proves who they are this way before the
    call gets a shop token.
    """
    await _with_right_pin(db, owner_id, pin, now, _reset_tries)


def _reset_tries(session: AsyncSession, owner: Owner) -> None:
    owner.failed_pin_tries = 0
    owner.locked_until = None


async def _with_right_pin(
    db: Database,
    owner_id: int,
    pin: str,
    now: dt.datetime,
    on_right: Callable[[AsyncSession, Owner], T],
) -> T:
    async with db.reading() as session:
        owner = await session.get(Owner, owner_id)
        if owner is None:
            raise NotFoundError("There is no such owner.", code="unknown_owner")
        _refuse_if_locked(owner, now)
        pin_hash = owner.pin_hash
    # Argon2 runs outside any transaction so it never holds SQLite's write lock.
    right = await asyncio.to_thread(_verify, pin_hash, pin)
    async with db.writing() as session:
        owner = (
            await session.execute(
                select(Owner).where(Owner.id == owner_id).with_for_update()
            )
        ).scalar_one()
        _refuse_if_locked(owner, now)  # a concurrent try may have locked it meanwhile
        if right:
            return on_right(session, owner)
        refusal = _count_wrong_try(session, owner, now)
    # Raised after the block so that the failed try is committed, not rolled back.
    raise refusal


def _issue(
    session: AsyncSession, owner: Owner, now: dt.datetime, minutes: int
) -> IssuedSession:
    owner.failed_pin_tries = 0
    owner.locked_until = None
    token = new_token()
    expires = now + dt.timedelta(minutes=minutes)
    session.add(
        PinSession(
            owner_id=owner.id,
            shop_id=owner.shop_id,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=expires,
        )
    )
    return IssuedSession(token, expires, owner.id, owner.shop_id)


def _count_wrong_try(
    session: AsyncSession, owner: Owner, now: dt.datetime
) -> UnauthorizedError | LockedError:
    owner.failed_pin_tries = (owner.failed_pin_tries or 0) + 1
    if owner.failed_pin_tries < MAX_PIN_TRIES:
        return UnauthorizedError(
            "The PIN is wrong.",
            code="wrong_pin",
            tries_left=MAX_PIN_TRIES - owner.failed_pin_tries,
        )
    owner.failed_pin_tries = 0
    owner.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
    audit.record(session, now, "pin_locked", owner.shop_id, owner.id)
    return LockedError(
        "Too many wrong PINs; the PIN is locked for 15 minutes.",
        locked_until=_iso(owner.locked_until),
    )


async def check_session(
    db: Database, token: str | None, shop_id: int, now: dt.datetime
) -> int:
    """Return the owner id of a live session for ``shop_id``, or refuse."""
    if not token:
        raise UnauthorizedError(
            "This needs the owner's PIN first (X-Owner-Session header).",
            code="owner_session_required",
        )
    async with db.reading() as session:
        row = (
            await session.execute(
                select(PinSession).where(PinSession.token_hash == token_hash(token))
            )
        ).scalar_one_or_none()
    if row is None or row.expires_at <= now:
        raise UnauthorizedError(
            "The owner session is unknown or expired; ask for the PIN again.",
            code="owner_session_invalid",
        )
    if row.shop_id != shop_id:
        raise ForbiddenError(
            "This owner session belongs to another shop.", code="wrong_shop"
        )
    return int(row.owner_id)


async def require_shop(session: AsyncSession, shop_id: int) -> Shop:
    """Load a shop or answer 404."""
    shop = await session.get(Shop, shop_id)
    if shop is None:
        raise NotFoundError("There is no such shop.", code="unknown_shop")
    return shop


def _iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.timezone.utc).isoformat()
