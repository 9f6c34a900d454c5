"""Order queries: one shop's orders and their lines, and status moves."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Order, OrderLine


async def by_id(session: AsyncSession, shop_id: int, order_id: int) -> Order | None:
    """This shop's order with this id (another shop's is not found)."""
    return (
        await session.execute(
            select(Order).where(Order.id == order_id, Order.shop_id == shop_id)
        )
    ).scalar_one_or_none()


async def of_shop(
    session: AsyncSession, shop_id: int, status: str | None, limit: int
) -> list[Order]:
    """This shop's orders (of one status, if given), newest first."""
    query = select(Order).where(Order.shop_id == shop_id)
    if status is not None:
        query = query.where(Order.status == status)
    query = query.order_by(Order.created_at.desc(), Order.id.desc()).limit(limit)
    return list((await session.execute(query)).scalars())


async def lines_of(
    session: AsyncSession, orders: Sequence[Order]
) -> dict[int, list[OrderLine]]:
    """The lines of each order, by order id, in the order they were written."""
    lines: dict[int, list[OrderLine]] = defaultdict(list)
    if orders:
        rows = await session.execute(
            select(OrderLine)
            .where(OrderLine.order_id.in_([order.id for order in orders]))
            .order_by(OrderLine.id)
        )
        for line in rows.scalars():
            lines[line.order_id].append(line)
    return lines


async def move(
    session: AsyncSession,
    shop_id: int,
    order_id: int,
    from_status: str,
    to_status: str,
    now: dt.datetime,
) -> bool:
    """Move the order from one status to the next; of concurrent moves one wins."""
    changed = await session.execute(
        update(Order)
        .where(
            Order.id == order_id,
            Order.shop_id == shop_id,
            Order.status == from_status,
        )
        .values(status=to_status, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(changed.rowcount == 1)


async def recent_lines(
    session: AsyncSession, shop_id: int, orders: int
) -> list[tuple[int, str, int]]:
    """(order id, sku, quantity) of the shop's last ``orders`` uncancelled orders."""
    recent = (
        select(Order.id)
        .where(Order.shop_id == shop_id, Order.status != "cancelled")
        .order_by(Order.created_at.desc())
        .limit(orders)
        .subquery()
    )
    rows = await session.execute(
        select(OrderLine.order_id, OrderLine.sku, OrderLine.quantity).where(
            OrderLine.order_id.in_(select(recent.c.id))
        )
    )
    return [(row.order_id, row.sku, row.quantity) for row in rows.all()]
