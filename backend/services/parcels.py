"""Courier parcels left at the shop: check-in, pickup by code, return."""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import Parcel
from backend.services import audit
from backend.services.clock import iso_utc, shop_today
from backend.services.errors import (
    ConflictError,
    NotFoundError,
    check_status_filter,
)
from backend.services.identity import normalise_phone, require_shop
from backend.services.tokens import new_numeric_code
from common.masking import mask_phone

OVERDUE_DAYS = 5
STATUSES = ("waiting", "picked_up", "returned")
SHELF_SLOTS = tuple(
    f"{row}{n}" for row in string.ascii_uppercase[:6] for n in range(1, 10)
)


def mask_name(name: str) -> str:
    """Keep the family name (first character): ``张三`` → ``张*``."""
    name = name.strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else "*"


def mask_recipient_phone(phone: str) -> str:
    """``+8613800000001`` → ``138****0001``."""
    digits = normalise_phone(phone)
    if digits.startswith("+86"):
        digits = digits[3:]
    return mask_phone(digits)


def parcel_json(parcel: Parcel, now: dt.datetime) -> dict[str, Any]:
    """The API's ``Parcel`` shape."""
    waiting_days = (shop_today(now) - shop_today(parcel.arrived_at)).days
    return {
        "id": parcel.id,
        "tracking_no": parcel.tracking_no,
        "carrier": parcel.carrier,
        "recipient_masked": parcel.recipient_masked,
        "recipient_phone_masked": parcel.recipient_phone_masked,
        "shelf_slot": parcel.shelf_slot,
        "status": parcel.status,
        "arrived_at": iso_utc(parcel.arrived_at),
        "days_waiting": waiting_days,
        "overdue": parcel.status == "waiting" and waiting_days > OVERDUE_DAYS,
        "picked_up_at": iso_utc(parcel.picked_up_at),
    }


async def list_parcels(
    db: Database, shop_id: int, status: str | None, now: dt.datetime
) -> list[dict[str, Any]]:
    """This shop's parcels: overdue first, then oldest first."""
    check_status_filter(status, STATUSES)
    async with db.reading() as session:
        await require_shop(session, shop_id)
        query = select(Parcel).where(Parcel.shop_id == shop_id)
        if status is not None:
            query = query.where(Parcel.status == status)
        rows = (await session.execute(query.order_by(Parcel.arrived_at))).scalars()
        parcels = [parcel_json(row, now) for row in rows]
    parcels.sort(key=lambda p: (not p["overdue"], p["arrived_at"], p["id"]))
    return parcels


async def check_in(
    db: Database,
    shop_id: int,
    tracking_no: str,
    carrier: str,
    recipient_name: str,
    recipient_phone: str,
    now: dt.datetime,
) -> tuple[dict[str, Any], bool]:
    """Shelve a parcel and give it a pickup code; a repeated check-in is a no-op."""
    for _ in range(20):
        try:
            async with db.writing() as session:
                await require_shop(session, shop_id)
                existing = await _by_tracking(session, shop_id, tracking_no)
                if existing is not None:
                    return _repeat(existing, now), False
                parcel = await _new_parcel(session, shop_id, tracking_no, carrier, now)
                parcel.recipient_masked = mask_name(recipient_name)
                parcel.recipient_phone_masked = mask_recipient_phone(recipient_phone)
                session.add(parcel)
                await session.flush()
                audit.record(
                    session, now, "parcel_checked_in", shop_id, None,
                    f"parcel:{parcel.id}",
                )  # fmt: skip
            return {**parcel_json(parcel, now), "pickup_code": parcel.pickup_code}, True
        except IntegrityError:
            continue  # a concurrent check-in took the same code or slot: draw again
    raise ConflictError("Could not allocate a pickup code; please try again.")


def _repeat(existing: Parcel, now: dt.datetime) -> dict[str, Any]:
    if existing.status != "waiting":
        raise ConflictError(
            f"This parcel was already checked in and is now {existing.status}.",
            code="parcel_already_handled",
            status=existing.status,
        )
    return {**parcel_json(existing, now), "pickup_code": existing.pickup_code}


async def _by_tracking(
    session: AsyncSession, shop_id: int, tracking_no: str
) -> Parcel | None:
    return (
        await session.execute(
            select(Parcel).where(
                Parcel.shop_id == shop_id, Parcel.tracking_no == tracking_no
            )
        )
    ).scalar_one_or_none()


async def _new_parcel(
    session: AsyncSession,
    shop_id: int,
    tracking_no: str,
    carrier: str,
    now: dt.datetime,
) -> Parcel:
    waiting = (
        await session.execute(
            select(Parcel.pickup_code, Parcel.shelf_slot).where(
                Parcel.shop_id == shop_id, Parcel.status == "waiting"
            )
        )
    ).all()
    codes = {row.pickup_code for row in waiting}
    used_slots = {row.shelf_slot for row in waiting}
    code = new_numeric_code()
    while code in codes:
        code = new_numeric_code()
    free = [slot for slot in SHELF_SLOTS if slot not in used_slots]
    slot = free[0] if free else "FLOOR"
    return Parcel(
        shop_id=shop_id,
        tracking_no=tracking_no,
        carrier=carrier,
        pickup_code=code,
        shelf_slot=slot,
        status="waiting",
        arrived_at=now,
    )


async def pick_up(
    db: Database, shop_id: int, code: str, now: dt.datetime
) -> dict[str, Any]:
    """Hand over the waiting parcel with this code; exactly once."""
    async with db.writing() as session:
        await require_shop(session, shop_id)
        parcel = (
            await session.execute(
                select(Parcel).where(
                    Parcel.shop_id == shop_id,
                    Parcel.pickup_code == code,
                    Parcel.status == "waiting",
                )
            )
        ).scalar_one_or_none()
        if parcel is not None:
            # Conditional update: of concurrent confirmations only one changes the row.
            claimed = await session.execute(
                update(Parcel)
                .where(Parcel.id == parcel.id, Parcel.status == "waiting")
                .values(status="picked_up", picked_up_at=now)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount == 1:
                audit.record(
                    session, now, "parcel_picked_up", shop_id, None,
                    f"parcel:{parcel.id}",
                )  # fmt: skip
                await session.refresh(parcel)
                return parcel_json(parcel, now)
    await _refuse_pickup(db, shop_id, code)
    raise AssertionError("unreachable")


async def _refuse_pickup(db: Database, shop_id: int, code: str) -> None:
    async with db.reading() as session:
        taken = (
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
    if taken is not None:
        raise ConflictError(
            "This parcel has already been collected.",
            code="already_picked_up",
            picked_up_at=iso_utc(taken.picked_up_at),
            parcel_id=taken.id,
        )
    raise NotFoundError(
        "No parcel here has this pickup code; check the six digits and try again.",
        code="wrong_pickup_code",
    )


async def return_parcel(
    db: Database, shop_id: int, parcel_id: int, now: dt.datetime
) -> dict[str, Any]:
    """Send an uncollected parcel back to the courier."""
    async with db.writing() as session:
        parcel = (
            await session.execute(
                select(Parcel).where(Parcel.id == parcel_id, Parcel.shop_id == shop_id)
            )
        ).scalar_one_or_none()
        if parcel is None:
            raise NotFoundError(
                "There is no such parcel at this shop.", code="unknown_parcel"
            )
        claimed = await session.execute(
            update(Parcel)
            .where(Parcel.id == parcel_id, Parcel.status == "waiting")
            .values(status="returned", returned_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            raise ConflictError(
                f"This parcel is {parcel.status}, so it cannot be returned.",
                code="parcel_not_waiting",
                status=parcel.status,
            )
        audit.record(
            session, now, "parcel_returned", shop_id, None, f"parcel:{parcel_id}"
        )
        await session.refresh(parcel)
        return parcel_json(parcel, now)
