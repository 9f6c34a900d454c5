"""Recording notices once per owner, kind and subject, and scanning shops for them.

The scan finds parcels about to be overdue and items about to run out.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import Notice, Parcel
from backend.db.queries import notices as queries
from backend.db.queries import parcels as parcel_queries
from backend.services import reorder
from backend.services.catalog import Catalog
from backend.services.clock import shop_today
from backend.services.notices.rules import LOW_STOCK_NOTICE_DAYS, NoticeRules
from backend.services.parcels import OVERDUE_DAYS


async def record(
    session: AsyncSession,
    shop_id: int,
    kind: str,
    subject: str,
    facts: dict[str, Any],
    now: dt.datetime,
) -> None:
    """Create the notice for each owner of the shop, unless it already exists.

    Two processes racing to record the same notice: the unique constraint fails
    one of them (IntegrityError), which the caller may ignore.
    """
    for owner_id in await queries.owners_of_shop(session, shop_id):
        if not await queries.exists(session, owner_id, kind, subject):
            session.add(
                Notice(owner_id=owner_id, shop_id=shop_id, kind=kind, subject=subject,
                       facts=facts, state="pending", created_at=now, due_at=now)
            )  # fmt: skip


class Scanner:
    """Finds parcels about to be overdue and items about to run out, now and then."""

    def __init__(self) -> None:
        self._last: dt.datetime | None = None

    async def scan_if_due(
        self, db: Database, catalog: Catalog, rules: NoticeRules, now: dt.datetime
    ) -> None:
        """Scan the shops whose owners can be reached, at most every ``scan_every``."""
        if self._last is not None and now - self._last < rules.scan_every:
            return
        self._last = now
        await scan(db, catalog, now)


async def scan(db: Database, catalog: Catalog, now: dt.datetime) -> None:
    """Record notices for every shop with a linked chat account."""
    async with db.reading() as session:
        shop_ids = await queries.shops_with_chat_accounts(session)
    for shop_id in shop_ids:
        try:
            await _scan_shop(db, catalog, shop_id, now)
        except IntegrityError:
            continue  # another process recorded the same notices just now


async def _scan_shop(
    db: Database, catalog: Catalog, shop_id: int, now: dt.datetime
) -> None:
    today = shop_today(now)
    low = [
        item
        for item in await reorder.suggestions(db, catalog, shop_id, now)
        if item.days_left < LOW_STOCK_NOTICE_DAYS
    ]
    async with db.writing() as session:
        for parcel in await parcel_queries.waiting(session, shop_id):
            # Overdue means more than OVERDUE_DAYS: tomorrow, for these.
            if (today - shop_today(parcel.arrived_at)).days == OVERDUE_DAYS:
                facts = _parcel_facts(parcel, today)
                await record(session, shop_id, "parcel_overdue_soon",
                             f"parcel:{parcel.id}", facts, now)  # fmt: skip
        week = today.isocalendar()
        for item in low:
            # Once a week per item: a reminder, not a nag.
            subject = f"{item.entry.sku}:{week.year}-W{week.week:02d}"
            facts = _stock_facts(item)
            await record(session, shop_id, "low_stock", subject, facts, now)


def _parcel_facts(parcel: Parcel, today: dt.date) -> dict[str, Any]:
    return {
        "parcel_id": parcel.id,
        "carrier": parcel.carrier,
        "recipient_masked": parcel.recipient_masked,
        "shelf_slot": parcel.shelf_slot,
        "days_waiting": (today - shop_today(parcel.arrived_at)).days,
    }


def _stock_facts(item: reorder.StockAdvice) -> dict[str, Any]:
    return {
        "sku": item.entry.sku,
        "name_zh": item.entry.name_zh,
        "name_en": item.entry.name_en,
        "days_left": math.floor(item.days_left * 10) / 10,
        "suggested_quantity": item.suggested_quantity,
    }
