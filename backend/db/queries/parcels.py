"""Parcel queries: finding parcels and moving them from ``waiting`` atomically."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Parcel


async def of_shop(
    session: AsyncSession, shop_id: int, status: str | None
) -> list[Parcel]:
    """This shop's parcels (of one status, if given), oldest first."""
    query = select(Parcel).where(Parcel.shop_id == shop_id)
    if status is not None:
        query = query.where(Parcel.status == status)
    return list((await session.execute(query.order_by(Parcel.arrived_at))).scalars())


async def waiting(session: AsyncSession, shop_id: int) -> list[Parcel]:
    """The parcels still waiting at this shop."""
    rows = await session.execute(
        select(Parcel).where(Parcel.shop_id == shop_id, Parcel.status == "waiting")
    )
    return list(rows.scalars())


async def by_id(session: AsyncSession, shop_id: int, parcel_id: int) -> Parcel | None:
    """This shop's parcel with this id (another shop's is not found)."""
    return (
        await session.execute(
            select(Parcel).where(Parcel.id == parcel_id, Parcel.shop_id == shop_id)
        )
    ).scalar_one_or_none()


async def by_tracking(
    session: AsyncSession, shop_id: int, tracking_no: str
) -> Parcel | None:
    """The parcel checked in at this shop under this tracking number."""
    return (
        await session.execute(
            select(Parcel).where(
                Parcel.shop_id == shop_id, Parcel.tracking_no == tracking_no
            )
        )
    ).scalar_one_or_none()


async def waiting_codes_and_slots(
    session: AsyncSession, shop_id: int
) -> tuple[set[str], set[str]]:
    """The pickup codes and shelf slots the waiting parcels of this shop hold."""
    rows = (
        await session.execute(
            select(Parcel.pickup_code, Parcel.shelf_slot).where(
                Parcel.shop_id == shop_id, Parcel.status == "waiting"
            )
        )
    ).all()
    return {row.pickup_code for row in rows}, {row.shelf_slot for row in rows}


async def waiting_with_code(
    session: AsyncSession, shop_id: int, code: str
) -> Parcel | None:
    """The waiting parcel of this shop with this pickup code."""
    return (
        await session.execute(
            select(Parcel).where(
                Parcel.shop_id == shop_id,
                Parcel.pickup_code == code,
                Parcel.status == "waiting",
            )
        )
    ).scalar_one_or_none()


async def last_picked_up_with_code(
    session: AsyncSession, shop_id: int, code: str
) -> Parcel | None:
    """The parcel of this shop most recently collected with this pickup code."""
    return (
        await session.execute(
            select(Parcel)
            .where(
                Parcel.shop_id == shop_id,
                Parcel.pickup_code == code,
                Parcel.status == "picked_up",
            )
            .order_by(Parcel.picked_up_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def move_from_waiting(
    session: AsyncSession, parcel_id: int, **values: Any
) -> bool:
    """Change a waiting parcel; of concurrent moves only one changes the row."""
    moved = await session.execute(
        update(Parcel)
        .where(Parcel.id == parcel_id, Parcel.status == "waiting")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(moved.rowcount == 1)


def new_waiting(
    shop_id: int,
    tracking_no: str,
    carrier: str,
    code: str,
    slot: str,
    now: dt.datetime,
) -> Parcel:
    """A parcel row just shelved (not yet added to a session)."""
    return Parcel(
        shop_id=shop_id,
        tracking_no=tracking_no,
        carrier=carrier,
        pickup_code=code,
        shelf_slot=slot,
        status="waiting",
        arrived_at=now,
    )
