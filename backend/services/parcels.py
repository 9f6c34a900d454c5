"""Courier parcels left at the shop: check-in, pickup by code, return."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from backend.db.database import Database
from backend.db.models import Parcel
from backend.db.queries import parcels as queries
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


@dataclass(frozen=True)
class ParcelRecord:
    """A parcel as the shop sees it; ``pickup_code`` only right after check-in."""

    id: int
    tracking_no: str
    carrier: str
    recipient_masked: str
    recipient_phone_masked: str
    shelf_slot: str
    status: str
    arrived_at: dt.datetime
    picked_up_at: dt.datetime | None
    days_waiting: int
    overdue: bool
    pickup_code: str | None = None


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


def days_waiting(parcel: Parcel, now: dt.datetime) -> int:
    """Shop-local days since the parcel arrived."""
    return (shop_today(now) - shop_today(parcel.arrived_at)).days


def record_of(
    parcel: Parcel, now: dt.datetime, with_code: bool = False
) -> ParcelRecord:
    """The parcel's record at ``now`` (overdue: waiting over OVERDUE_DAYS days)."""
    waited = days_waiting(parcel, now)
    return ParcelRecord(
        id=parcel.id,
        tracking_no=parcel.tracking_no,
        carrier=parcel.carrier,
        recipient_masked=parcel.recipient_masked,
        recipient_phone_masked=parcel.recipient_phone_masked,
        shelf_slot=parcel.shelf_slot,
        status=parcel.status,
        arrived_at=parcel.arrived_at,
        picked_up_at=parcel.picked_up_at,
        days_waiting=waited,
        overdue=parcel.status == "waiting" and waited > OVERDUE_DAYS,
        pickup_code=parcel.pickup_code if with_code else None,
    )


async def list_parcels(
    db: Database, shop_id: int, status: str | None, now: dt.datetime
) -> list[ParcelRecord]:
    """This shop's parcels: overdue first, then oldest first."""
    check_status_filter(status, STATUSES)
    async with db.reading() as session:
        await require_shop(session, shop_id)
        found = [record_of(row, now) for row in await queries.of_shop(
            session, shop_id, status
        )]  # fmt: skip
    found.sort(key=lambda p: (not p.overdue, p.arrived_at, p.id))
    return found


async def check_in(
    db: Database,
    shop_id: int,
    tracking_no: str,
    carrier: str,
    recipient_name: str,
    recipient_phone: str,
    now: dt.datetime,
) -> tuple[ParcelRecord, bool]:
    """Shelve a parcel and give it a pickup code; a repeated check-in is a no-op."""
    for _ in range(20):
        try:
            async with db.writing() as session:
                await require_shop(session, shop_id)
                existing = await queries.by_tracking(session, shop_id, tracking_no)
                if existing is not None:
                    return _repeat(existing, now), False
                codes, slots = await queries.waiting_codes_and_slots(session, shop_id)
                parcel = queries.new_waiting(
                    shop_id, tracking_no, carrier, _free_code(codes),
                    _free_slot(slots), now,
                )  # fmt: skip
                parcel.recipient_masked = mask_name(recipient_name)
                parcel.recipient_phone_masked = mask_recipient_phone(recipient_phone)
                session.add(parcel)
                await session.flush()
                audit.record(
                    session, now, "parcel_checked_in", shop_id, None,
                    f"parcel:{parcel.id}",
                )  # fmt: skip
            return record_of(parcel, now, with_code=True), True
        except IntegrityError:
            continue  # a concurrent check-in took the same code or slot: draw again
    raise ConflictError("Could not allocate a pickup code; please try again.")


def _repeat(existing: Parcel, now: dt.datetime) -> ParcelRecord:
    if existing.status != "waiting":
        raise ConflictError(
            f"This parcel was already checked in and is now {existing.status}.",
            code="parcel_already_handled",
            status=existing.status,
        )
    return record_of(existing, now, with_code=True)


def _free_code(taken: set[str]) -> str:
    code = new_numeric_code()
    while code in taken:
        code = new_numeric_code()
    return code


def _free_slot(used: set[str]) -> str:
    free = [slot for slot in SHELF_SLOTS if slot not in used]
    return free[0] if free else "FLOOR"


async def pick_up(
    db: Database, shop_id: int, code: str, now: dt.datetime
) -> ParcelRecord:
    """Hand over the waiting parcel with this code; exactly once."""
    async with db.writing() as session:
        await require_shop(session, shop_id)
        parcel = await queries.waiting_with_code(session, shop_id, code)
        if parcel is not None and await queries.move_from_waiting(
            session, parcel.id, status="picked_up", picked_up_at=now
        ):
            audit.record(
                session, now, "parcel_picked_up", shop_id, None,
                f"parcel:{parcel.id}",
            )  # fmt: skip
            await session.refresh(parcel)
            return record_of(parcel, now)
    await _refuse_pickup(db, shop_id, code)
    raise AssertionError("unreachable")


async def _refuse_pickup(db: Database, shop_id: int, code: str) -> None:
    async with db.reading() as session:
        taken = await queries.last_picked_up_with_code(session, shop_id, code)
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
) -> ParcelRecord:
    """Send an uncollected parcel back to the courier."""
    async with db.writing() as session:
        parcel = await queries.by_id(session, shop_id, parcel_id)
        if parcel is None:
            raise NotFoundError(
                "There is no such parcel at this shop.", code="unknown_parcel"
            )
        if not await queries.move_from_waiting(
            session, parcel_id, status="returned", returned_at=now
        ):
            raise ConflictError(
                f"This parcel is {parcel.status}, so it cannot be returned.",
                code="parcel_not_waiting",
                status=parcel.status,
            )
        audit.record(
            session, now, "parcel_returned", shop_id, None, f"parcel:{parcel_id}"
        )
        await session.refresh(parcel)
        return record_of(parcel, now)
