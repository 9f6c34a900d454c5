"""The append-only audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import AuditEntry


def record(
    session: AsyncSession,
    now: dt.datetime,
    action: str,
    shop_id: int | None,
    owner_id: int | None = None,
    subject: str | None = None,
    **detail: Any,
) -> None:
    """Add an entry to the session's transaction (never updated, never deleted)."""
    session.add(
        AuditEntry(
            at=now,
            shop_id=shop_id,
            owner_id=owner_id,
            action=action,
            subject=subject,
            detail=detail,
        )
    )
