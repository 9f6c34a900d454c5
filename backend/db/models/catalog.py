"""The catalog and each shop's stock and sales."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.sql.schema import Column

from backend.db.models.base import Base


class Product(Base):
    """A wholesale catalog line."""

    __tablename__ = "products"
    sku = Column(String(40), primary_key=True)
    name_zh = Column(String(100), nullable=False)
    name_en = Column(String(150), nullable=False)
    brand_zh = Column(String(50), nullable=False)
    brand_en = Column(String(80), nullable=False)
    category = Column(String(30), nullable=False)
    pack_size = Column(Integer, nullable=False)
    unit_zh = Column(String(10), nullable=False)
    unit_en = Column(String(20), nullable=False)
    price_fen = Column(Integer, nullable=False)
    aliases = Column(JSON, nullable=False)
    # The size of its product line the resolver picks when the owner names none.
    standard_size = Column(Boolean, nullable=False, default=False)


class InventoryItem(Base):
    """How many units of a product a shop has on its shelves and in its back room."""

    __tablename__ = "inventory"
    shop_id = Column(ForeignKey("shops.id"), primary_key=True)
    sku = Column(ForeignKey("products.sku"), primary_key=True)
    on_hand = Column(Integer, nullable=False)


class DailySales(Base):
    """A shop's till turnover for one day (the basis of loan decisions)."""

    __tablename__ = "daily_sales"
    shop_id = Column(ForeignKey("shops.id"), primary_key=True)
    day = Column(Date, primary_key=True)
    turnover_fen = Column(BigInteger, nullable=False)


class ItemSales(Base):
    """Units of one product a shop sold on one day (the basis of reorder advice)."""

    __tablename__ = "item_sales"
    shop_id = Column(ForeignKey("shops.id"), primary_key=True)
    day = Column(Date, primary_key=True)
    sku = Column(ForeignKey("products.sku"), primary_key=True)
    units = Column(Integer, nullable=False)
