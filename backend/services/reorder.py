"""Reorder advice: the shop's usual order and what is running low."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from backend.catalog.entry import CatalogEntry
from backend.db.database import Database
from backend.db.queries import orders as order_queries
from backend.db.queries import stock as stock_queries
from backend.services.catalog import Catalog
from backend.services.clock import shop_today
from backend.services.identity import require_shop
from backend.services.money import to_fen
from backend.services.pricing import PricedLine

HISTORY_ORDERS = 12
USUAL_SHARE = 0.4  # a product is "usual" when it is in at least 40% of recent orders
VELOCITY_DAYS = 28
LOW_STOCK_DAYS = 7
COVER_DAYS = 14


@dataclass(frozen=True)
class StockAdvice:
    """A product running low: stock, sales a day, days left and what to order."""

    entry: CatalogEntry
    on_hand: int
    daily_sales: float
    days_left: float
    suggested_quantity: int


async def usual_order(
    db: Database, catalog: Catalog, shop_id: int
) -> list[PricedLine]:
    """The products this shop orders most often, in their typical quantities."""
    async with db.reading() as session:
        await require_shop(session, shop_id)
        rows = await order_queries.recent_lines(session, shop_id, HISTORY_ORDERS)
    orders = {order_id for order_id, _, _ in rows}
    quantities: dict[str, list[int]] = defaultdict(list)
    for _, sku, quantity in rows:
        quantities[sku].append(quantity)
    frequency = Counter({sku: len(qty) for sku, qty in quantities.items()})
    needed = max(2, math.ceil(len(orders) * USUAL_SHARE))
    lines = []
    for sku, count in frequency.most_common():
        if count < needed or sku not in catalog.entries:
            continue
        entry = catalog.entries[sku]
        quantity = int(statistics.median_low(quantities[sku]))
        lines.append(PricedLine(entry, quantity, quantity * to_fen(entry.price)))
    return lines


async def suggestions(
    db: Database, catalog: Catalog, shop_id: int, now: dt.datetime
) -> list[StockAdvice]:
    """Products with fewer than a week of stock left, fewest days first."""
    since = shop_today(now) - dt.timedelta(days=VELOCITY_DAYS)
    async with db.reading() as session:
        await require_shop(session, shop_id)
        stock = await stock_queries.on_hand(session, shop_id)
        sold = await stock_queries.sold_since(session, shop_id, since)
    advice = []
    for sku, on_hand in stock.items():
        daily = float(sold.get(sku) or 0) / VELOCITY_DAYS
        if daily <= 0 or sku not in catalog.entries:
            continue
        days_left = on_hand / daily
        if days_left >= LOW_STOCK_DAYS:
            continue
        advice.append(
            StockAdvice(
                entry=catalog.entries[sku],
                on_hand=on_hand,
                daily_sales=round(daily, 2),
                days_left=round(days_left, 1),
                suggested_quantity=max(1, math.ceil(daily * COVER_DAYS - on_hand)),
            )
        )
    advice.sort(key=lambda item: (item.days_left, item.entry.sku))
    return advice
