"""Kiosk pairing (one-time expiring codes) and handoffs to a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backend.db.database import Database
from backend.db.models import Handoff, KioskDevice, KioskPairingCode
from backend.db.queries import codes as code_queries
from backend.db.queries import owners as owner_queries
from backend.services.errors import ConflictError, NotFoundError
from backend.services.identity import require_shop
from backend.services.one_time_codes import in_use, unused_code
from backend.services.tokens import new_token, token_hash

PAIRING_MINUTES = 10


@dataclass(frozen=True)
class PairingCode:
    """A code to type on the kiosk tablet."""

    code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class PairedDevice:
    """A kiosk that has just been paired; the token is shown once."""

    device_token: str
    shop_id: int
    shop_name: str
    language: str


async def issue_pairing_code(
    db: Database,
    shop_id: int,
    now: dt.datetime,
    minutes: int = PAIRING_MINUTES,
    code: str | None = None,
) -> PairingCode:
    """Create a one-time pairing code, unique among the codes still usable."""
    async with db.writing() as session:
        await require_shop(session, shop_id)
        await code_queries.drop_expired(session, KioskPairingCode, now)
        if code is not None and await in_use(session, KioskPairingCode, code):
            raise ConflictError("That pairing code is already in use.")
        candidate = code or await unused_code(session, KioskPairingCode)
        expires = now + dt.timedelta(minutes=minutes)
        session.add(
            KioskPairingCode(
                shop_id=shop_id,
                code_hash=token_hash(candidate),
                created_at=now,
                expires_at=expires,
            )
        )
    return PairingCode(candidate, expires)


async def pair(
    db: Database, code: str, device_name: str, now: dt.datetime
) -> PairedDevice:
    """Exchange a pairing code for a device token; each code works once."""
    async with db.writing() as session:
        row = await code_queries.pairing_code(session, token_hash(code))
        if row is None or (row.used_at is None and row.expires_at <= now):
            raise NotFoundError(
                "This pairing code is unknown or has expired; ask the owner for a "
                "new one.",
                code="unknown_pairing_code",
            )
        # Conditional update: of two tablets racing with one code, exactly one wins.
        if not await code_queries.mark_used(session, KioskPairingCode, row.id, now):
            raise ConflictError(
                "This pairing code has already been used.", code="pairing_code_used"
            )
        shop = await require_shop(session, row.shop_id)
        owner = await owner_queries.first_of_shop(session, shop.id)
        token = new_token()
        session.add(
            KioskDevice(
                shop_id=shop.id,
                device_name=device_name,
                token_hash=token_hash(token),
                paired_at=now,
            )
        )
        language = owner.language if owner is not None else "zh"
        name = shop.name_en if language == "en" else shop.name_zh
    return PairedDevice(token, shop.id, name, language)


async def open_handoff(
    db: Database,
    shop_id: int,
    conversation_id: str,
    reason: str,
    channel: str,
    now: dt.datetime,
) -> int:
    """Ask a person to call the owner back; returns the handoff id."""
    async with db.writing() as session:
        await require_shop(session, shop_id)
        handoff = Handoff(
            shop_id=shop_id,
            conversation_id=conversation_id,
            reason=reason,
            channel=channel,
            status="open",
            created_at=now,
        )
        session.add(handoff)
        await session.flush()
        return int(handoff.id)
