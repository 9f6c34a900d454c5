"""Stock queries: what a shop has on hand and what it sold."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import InventoryItem, ItemSales


async def on_hand(session: AsyncSession, shop_id: int) -> dict[str, int]:
    """Units on hand by SKU."""
    rows = await session.execute(
        select(InventoryItem.sku, InventoryItem.on_hand).where(
            InventoryItem.shop_id == shop_id
        )
    )
    return {sku: int(units) for sku, units in rows.all()}


async def sold_since(
    session: AsyncSession, shop_id: int, since: dt.date
) -> dict[str, int]:
    """Units sold by SKU from ``since`` (a shop-local date) on."""
    rows = await session.execute(
        select(ItemSales.sku, func.sum(ItemSales.units))
        .where(ItemSales.shop_id == shop_id, ItemSales.day >= since)
        .group_by(ItemSales.sku)
    )
    return {sku: int(units or 0) for sku, units in rows.all()}
