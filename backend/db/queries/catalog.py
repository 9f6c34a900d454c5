"""Catalog queries: the products table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import Product


async def all_products(session: AsyncSession) -> list[Product]:
    """Every product, by SKU."""
    rows = await session.execute(select(Product).order_by(Product.sku))
    return list(rows.scalars())
