"""The owner's PIN: checking it with a lockout, and the sessions it opens."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import Owner, PinSession
from backend.db.queries import owners as queries
from backend.services import audit
from backend.services.clock import iso_utc
from backend.services.errors import (
    ForbiddenError,
    LockedError,
    NotFoundError,
    UnauthorizedError,
)
from backend.services.tokens import new_token, token_hash

T = TypeVar("T")
MAX_PIN_TRIES = 5
LOCK_MINUTES = 15
# OWASP's minimum Argon2id profile (19 MiB, two passes, one lane): a PIN check stays
# well under 100 ms on a busy two-core box. A four-digit PIN falls to any offline
# attack anyway; the lockout after five tries is what protects it.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


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


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _HASHER.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def _refuse_if_locked(owner: Owner, now: dt.datetime) -> None:
    if owner.locked_until is not None and owner.locked_until > now:
        raise LockedError(
            "Too many wrong PINs; try again later.",
            locked_until=iso_utc(owner.locked_until),
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
        owner = await queries.for_update(session, owner_id)
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
        locked_until=iso_utc(owner.locked_until),
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
        row = await queries.pin_session(session, token_hash(token))
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
