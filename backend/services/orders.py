"""Wholesale orders: placing exactly once, cancelling, listing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.database import Database
from backend.db.models import Order, OrderLine
from backend.db.queries import orders as queries
from backend.services import audit, idempotency, notices
from backend.services.catalog import Catalog
from backend.services.errors import (
    ConflictError,
    NotFoundError,
    check_status_filter,
)
from backend.services.identity import require_shop
from backend.services.money import money
from backend.services.pricing import PricedLine, Quote, quote

STATUSES = ("placed", "dispatched", "delivered", "cancelled")


@dataclass(frozen=True)
class OrderRecord:
    """An order as placed: its lines, money in fen, status and delivery date."""

    id: int
    status: str
    created_at: dt.datetime
    lines: tuple[PricedLine, ...]
    subtotal_fen: int
    delivery_fee_fen: int
    total_fen: int
    delivery_date: dt.date


async def place(
    db: Database,
    catalog: Catalog,
    shop_id: int,
    owner_id: int,
    lines: Sequence[tuple[str, int]],
    key: str,
    now: dt.datetime,
) -> tuple[OrderRecord, bool]:
    """Place an order once per key; returns (order, created now?)."""
    priced = quote(catalog, lines, now)
    digest = idempotency.request_hash(sorted([sku, qty] for sku, qty in lines))
    created_order: list[Order] = []

    async def create(session: AsyncSession) -> int:
        # The owner session already proved the shop exists; the FK guards the rest.
        order = await _insert(session, priced, shop_id, owner_id, now)
        created_order.append(order)
        return int(order.id)

    order_id, created = await idempotency.once(
        db, shop_id, "order", key, digest, create
    )
    if created:  # render what was just written instead of reading it back
        return _record(created_order[0], priced), True
    return await get(db, catalog, shop_id, order_id), False


def _record(order: Order, priced: Quote) -> OrderRecord:
    return OrderRecord(
        id=order.id,
        status=order.status,
        created_at=order.created_at,
        lines=tuple(
            PricedLine(line.entry, line.quantity, line.total_fen)
            for line in priced.lines
        ),
        subtotal_fen=priced.subtotal_fen,
        delivery_fee_fen=priced.delivery_fee_fen,
        total_fen=priced.total_fen,
        delivery_date=priced.delivery_date,
    )


async def _insert(
    session: AsyncSession, priced: Quote, shop_id: int, owner_id: int, now: dt.datetime
) -> Order:
    order = Order(
        shop_id=shop_id,
        status="placed",
        subtotal_fen=priced.subtotal_fen,
        delivery_fee_fen=priced.delivery_fee_fen,
        total_fen=priced.total_fen,
        delivery_date=priced.delivery_date,
        created_at=now,
        updated_at=now,
    )
    session.add(order)
    await session.flush()
    session.add_all(
        OrderLine(
            order_id=order.id,
            sku=line.entry.sku,
            quantity=line.quantity,
            unit_price_fen=line.unit_price_fen,
            line_total_fen=line.total_fen,
        )
        for line in priced.lines
    )
    audit.record(
        session,
        now,
        "order_placed",
        shop_id,
        owner_id,
        f"order:{order.id}",
        total_fen=priced.total_fen,
        lines=[[line.entry.sku, line.quantity] for line in priced.lines],
    )
    return order


async def cancel(
    db: Database,
    catalog: Catalog,
    shop_id: int,
    owner_id: int,
    order_id: int,
    now: dt.datetime,
) -> OrderRecord:
    """Cancel an order that has not been dispatched yet."""
    async with db.writing() as session:
        current = await _move(session, shop_id, order_id, "placed", "cancelled", now)
        if current is not None:
            raise ConflictError(
                f"This order is {current} and can no longer be cancelled.",
                code="order_not_cancellable",
                status=current,
            )
        audit.record(
            session, now, "order_cancelled", shop_id, owner_id, f"order:{order_id}"
        )
    return await get(db, catalog, shop_id, order_id)


# The wholesale side moves an order along; each step may be repeated safely.
NEXT_STATUS = {"dispatched": "placed", "delivered": "dispatched"}


async def advance(
    db: Database,
    catalog: Catalog,
    shop_id: int,
    order_id: int,
    status: str,
    now: dt.datetime,
) -> OrderRecord:
    """Mark an order dispatched (from placed) or delivered (from dispatched)."""
    async with db.writing() as session:
        current = await _move(
            session, shop_id, order_id, NEXT_STATUS[status], status, now
        )
        if current is None:
            audit.record(session, now, f"order_{status}", shop_id, None,
                         f"order:{order_id}")  # fmt: skip
            await _tell_owner(session, shop_id, order_id, status, now)
        elif current != status:  # a repeat of the same step is not an error
            raise ConflictError(
                f"This order is {current}; it cannot become {status}.",
                code="order_not_movable",
                status=current,
            )
    return await get(db, catalog, shop_id, order_id)


async def _tell_owner(
    session: AsyncSession, shop_id: int, order_id: int, status: str, now: dt.datetime
) -> None:
    order = await _order(session, shop_id, order_id)
    facts = {
        "order_id": order_id,
        "delivery_date": order.delivery_date.isoformat(),
        "total": money(order.total_fen),
    }
    await notices.record(
        session, shop_id, f"order_{status}", f"order:{order_id}", facts, now
    )


async def _move(
    session: AsyncSession,
    shop_id: int,
    order_id: int,
    from_status: str,
    to_status: str,
    now: dt.datetime,
) -> str | None:
    """Move this shop's order from one status to the next, atomically.

    None when it moved; else the status it has (concurrent moves: one wins).
    """
    order = await _order(session, shop_id, order_id)
    if await queries.move(session, shop_id, order_id, from_status, to_status, now):
        return None
    await session.refresh(order)
    return str(order.status)


async def _order(session: AsyncSession, shop_id: int, order_id: int) -> Order:
    # Filtering by shop as well as id: another shop's order is simply not found.
    order = await queries.by_id(session, shop_id, order_id)
    if order is None:
        raise NotFoundError(
            "There is no such order at this shop.", code="unknown_order"
        )
    return order


async def get(
    db: Database, catalog: Catalog, shop_id: int, order_id: int
) -> OrderRecord:
    """One order of this shop."""
    async with db.reading() as session:
        order = await _order(session, shop_id, order_id)
        return (await _records(session, catalog, [order]))[0]


async def list_orders(
    db: Database, catalog: Catalog, shop_id: int, status: str | None, limit: int = 50
) -> list[OrderRecord]:
    """This shop's orders, newest first."""
    check_status_filter(status, STATUSES)
    async with db.reading() as session:
        await require_shop(session, shop_id)
        orders = await queries.of_shop(session, shop_id, status, limit)
        return await _records(session, catalog, orders)


async def _records(
    session: AsyncSession, catalog: Catalog, orders: Sequence[Order]
) -> list[OrderRecord]:
    lines_by_order: dict[int, list[OrderLine]] = await queries.lines_of(
        session, orders
    )
    return [
        OrderRecord(
            id=order.id,
            status=order.status,
            created_at=order.created_at,
            lines=tuple(
                PricedLine(catalog.get(line.sku), line.quantity, line.line_total_fen)
                for line in lines_by_order[order.id]
            ),
            subtotal_fen=order.subtotal_fen,
            delivery_fee_fen=order.delivery_fee_fen,
            total_fen=order.total_fen,
            delivery_date=order.delivery_date,
        )
        for order in orders
    ]
