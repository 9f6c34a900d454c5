"""A messaging platform's access token, shared by every gateway process.

WeChat hands out one access token per account and a fresh fetch invalidates the
old one, so processes that fetch on their own break each other. Here one process at
a time holds a short *lease* to refresh; the others wait for the token it stores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from backend.db.database import Database
from backend.db.models import PlatformToken
from backend.db.queries import messaging as queries
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
            await queries.drop_platform_token(session, platform, stale)
        row = await queries.platform_token(session, platform)
        if row.token and row.expires_at and row.expires_at - REFRESH_BEFORE > now:
            return Lease(str(row.token), row.expires_at, refresh=False)
        taken = await queries.update_if_lease_free(
            session, platform, holder, now, lease_holder=holder, lease_until=now + LEASE
        )
    # A token near its end still works while the refresher fetches the next one.
    usable = row.token if row.expires_at and row.expires_at > now else None
    return Lease(usable, row.expires_at if usable else None, taken)


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
        stored = await queries.update_if_lease_free(
            session, platform, holder, now,
            token=token, expires_at=expires, lease_holder=None, lease_until=None,
        )  # fmt: skip
    if not stored:
        raise ConflictError(
            "Another process holds the refresh lease for this token.",
            code="lease_held",
        )
    return expires
