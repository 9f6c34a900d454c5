"""Shops and their owners."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.sql.schema import Column

from backend.db.models.base import Base


class Shop(Base):
    """A corner shop."""

    __tablename__ = "shops"
    id = Column(Integer, primary_key=True)
    name_zh = Column(String(100), nullable=False)
    name_en = Column(String(100), nullable=False)
    city = Column(String(50), nullable=False)
    opened_on = Column(Date, nullable=False)


class Owner(Base):
    """The person who runs a shop and talks to the assistant."""

    __tablename__ = "owners"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    display_name = Column(String(100), nullable=False)
    phone = Column(String(20), nullable=False, unique=True)
    pin_hash = Column(String(200), nullable=False)
    language = Column(String(2), nullable=False)
    failed_pin_tries = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime, nullable=True)
    # "不要提醒我": no notices until the owner asks for them again.
    notices_muted = Column(Boolean, nullable=False, default=False)
