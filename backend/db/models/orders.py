"""Orders to the wholesaler and their lines."""

from __future__ import annotations

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.sql.schema import Column

from backend.db.models.base import Base


class Order(Base):
    """A wholesale order: placed → dispatched → delivered, or cancelled."""

    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_shop_created", "shop_id", "created_at"),)
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False)
    status = Column(String(20), nullable=False)
    subtotal_fen = Column(Integer, nullable=False)
    delivery_fee_fen = Column(Integer, nullable=False)
    total_fen = Column(Integer, nullable=False)
    delivery_date = Column(Date, nullable=False)
    created_at = Column(DateTime, nullable=False)
    updated_at = Column(DateTime, nullable=False)


class OrderLine(Base):
    """One product on an order, priced when the order was placed."""

    __tablename__ = "order_lines"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"), nullable=False, index=True)
    sku = Column(ForeignKey("products.sku"), nullable=False)
    quantity = Column(Integer, nullable=False)
    unit_price_fen = Column(Integer, nullable=False)
    line_total_fen = Column(Integer, nullable=False)
