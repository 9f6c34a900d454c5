"""A messaging platform's access token, shared by every gateway process.

WeChat hands out one access token per account and a fresh fetch invalidates the
old one, so processes that fetch on their own break each other. Here one process at
a time holds a short *lease* to refresh; the others wait for the token it stores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from backend.db.database import Database
from backend.db.models import PlatformToken
from backend.services.errors import ConflictError

# Refresh well before expiry: WeChat tokens live 7200 s.
REFRESH_BEFORE = dt.timedelta(minutes=5)
LEASE = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class Lease:
    """Either a live token, or whether the caller should refresh it now."""

    token: str | None
    expires_at: dt.datetime | None
    refresh: bool


async def _ensure_row(db: Database, platform: str) -> None:
    try:
        async with db.writing() as session:
            if await session.get(PlatformToken, platform) is None:
                session.add(PlatformToken(platform=platform))
                await session.flush()
    except IntegrityError:
        pass  # another process added it first


async def lease(
    db: Database, platform: str, holder: str, stale: str | None, now: dt.datetime
) -> Lease:
    """The live token, or the refresh lease for ``holder`` if nobody holds it.

    ``stale`` is a token the platform just refused: it is dropped if still stored.
    """
    await _ensure_row(db, platform)
    async with db.writing() as session:
        if stale:
            await session.execute(
                update(PlatformToken)
                .where(PlatformToken.platform == platform, PlatformToken.token == stale)
                .values(token=None, expires_at=None)
                .execution_options(synchronize_session=False)
            )
        row = (
            await session.execute(
                select(PlatformToken).where(PlatformToken.platform == platform)
            )
        ).scalar_one()
        if row.token and row.expires_at and row.expires_at - REFRESH_BEFORE > now:
            return Lease(str(row.token), row.expires_at, refresh=False)
        taken = await session.execute(
            update(PlatformToken)
            .where(
                PlatformToken.platform == platform,
                or_(
                    PlatformToken.lease_until.is_(None),
                    PlatformToken.lease_until <= now,
                    PlatformToken.lease_holder == holder,
                ),
            )
            .values(lease_holder=holder, lease_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
    # A token near its end still works while the refresher fetches the next one.
    usable = row.token if row.expires_at and row.expires_at > now else None
    return Lease(usable, row.expires_at if usable else None, taken.rowcount == 1)


async def store(
    db: Database,
    platform: str,
    holder: str,
    token: str,
    expires_in_s: int,
    now: dt.datetime,
) -> dt.datetime:
    """Keep a token the lease holder fetched; refused while another holds the lease."""
    await _ensure_row(db, platform)
    expires = now + dt.timedelta(seconds=expires_in_s)
    async with db.writing() as session:
        stored = await session.execute(
            update(PlatformToken)
            .where(
                PlatformToken.platform == platform,
                or_(
                    PlatformToken.lease_until.is_(None),
                    PlatformToken.lease_until <= now,
                    PlatformToken.lease_holder == holder,
                ),
            )
            .values(
                token=token, expires_at=expires, lease_holder=None, lease_until=None
            )
            .execution_options(synchronize_session=False)
        )
    if stored.rowcount != 1:
        raise ConflictError(
            "Another process holds the refresh lease for this token.",
            code="lease_held",
        )
    return expires
