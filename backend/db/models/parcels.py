"""Courier parcels left at the shop."""

from __future__ import annotations

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.sql.schema import Column

from backend.db.models.base import Base


class Parcel(Base):
    """A courier parcel left at the shop for a neighbour to collect."""

    __tablename__ = "parcels"
    __table_args__ = (
        UniqueConstraint("shop_id", "tracking_no"),
        # A pickup code is unique among the parcels still waiting at one shop.
        Index(
            "ux_parcels_waiting_code",
            "shop_id",
            "pickup_code",
            unique=True,
            sqlite_where=text("status = 'waiting'"),
            postgresql_where=text("status = 'waiting'"),
        ),
    )
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False)
    tracking_no = Column(String(40), nullable=False)
    carrier = Column(String(40), nullable=False)
    recipient_masked = Column(String(40), nullable=False)
    recipient_phone_masked = Column(String(20), nullable=False)
    pickup_code = Column(String(6), nullable=False)
    shelf_slot = Column(String(8), nullable=False)
    status = Column(String(20), nullable=False)
    arrived_at = Column(DateTime, nullable=False)
    picked_up_at = Column(DateTime, nullable=True)
    returned_at = Column(DateTime, nullable=True)
