"""Reorder advice: the shop's usual order and what is running low."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select

from backend.db.database import Database
from backend.db.models import InventoryItem, ItemSales, Order, OrderLine
from backend.services.catalog import Catalog, product_json
from backend.services.clock import shop_today
from backend.services.identity import require_shop
from backend.services.money import to_fen
from backend.services.pricing import line_json

HISTORY_ORDERS = 12
USUAL_SHARE = 0.4  # a product is "usual" when it is in at least 40% of recent orders
VELOCITY_DAYS = 28
LOW_STOCK_DAYS = 7
COVER_DAYS = 14


async def usual_order(
    db: Database, catalog: Catalog, shop_id: int
) -> list[dict[str, Any]]:
    """The products this shop orders most often, in their typical quantities."""
    async with db.reading() as session:
        await require_shop(session, shop_id)
        recent = (
            select(Order.id)
            .where(Order.shop_id == shop_id, Order.status != "cancelled")
            .order_by(Order.created_at.desc())
            .limit(HISTORY_ORDERS)
            .subquery()
        )
        rows = (
            await session.execute(
                select(OrderLine.order_id, OrderLine.sku, OrderLine.quantity).where(
                    OrderLine.order_id.in_(select(recent.c.id))
                )
            )
        ).all()
    orders = {row.order_id for row in rows}
    quantities: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        quantities[row.sku].append(row.quantity)
    frequency = Counter({sku: len(qty) for sku, qty in quantities.items()})
    needed = max(2, math.ceil(len(orders) * USUAL_SHARE))
    lines = []
    for sku, count in frequency.most_common():
        if count < needed or sku not in catalog.entries:
            continue
        entry = catalog.entries[sku]
        quantity = int(statistics.median_low(quantities[sku]))
        lines.append(line_json(entry, quantity, quantity * to_fen(entry.price)))
    return lines


async def suggestions(
    db: Database, catalog: Catalog, shop_id: int, now: dt.datetime
) -> list[dict[str, Any]]:
    """Products with fewer than a week of stock left, fewest days first."""
    since = shop_today(now) - dt.timedelta(days=VELOCITY_DAYS)
    async with db.reading() as session:
        await require_shop(session, shop_id)
        stock = dict(
            (
                await session.execute(
                    select(InventoryItem.sku, InventoryItem.on_hand).where(
                        InventoryItem.shop_id == shop_id
                    )
                )
            ).all()
        )
        sold = dict(
            (
                await session.execute(
                    select(ItemSales.sku, func.sum(ItemSales.units))
                    .where(ItemSales.shop_id == shop_id, ItemSales.day >= since)
                    .group_by(ItemSales.sku)
                )
            ).all()
        )
    advice = []
    for sku, on_hand in stock.items():
        daily = float(sold.get(sku) or 0) / VELOCITY_DAYS
        if daily <= 0 or sku not in catalog.entries:
            continue
        days_left = on_hand / daily
        if days_left >= LOW_STOCK_DAYS:
            continue
        advice.append(
            {
                **product_json(catalog.entries[sku]),
                "on_hand": on_hand,
                "daily_sales": round(daily, 2),
                "days_left": round(days_left, 1),
                "suggested_quantity": max(1, math.ceil(daily * COVER_DAYS - on_hand)),
            }
        )
    advice.sort(key=lambda item: (item["days_left"], item["sku"]))
    return advice
