"""Records kept for the platform: idempotency, handoffs and the audit log."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.sql.schema import Column

from backend.db.models.base import Base


class IdempotencyRecord(Base):
    """The first answer to a request made with an ``Idempotency-Key``."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("shop_id", "scope", "key"),)
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False)
    scope = Column(String(30), nullable=False)
    key = Column(String(200), nullable=False)
    request_hash = Column(String(64), nullable=False)
    resource_id = Column(Integer, nullable=False)
    created_at = Column(DateTime, nullable=False)


class Handoff(Base):
    """A request for a person to call the owner back."""

    __tablename__ = "handoffs"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    conversation_id = Column(String(200), nullable=False)
    reason = Column(Text, nullable=False)
    channel = Column(String(20), nullable=False)
    status = Column(String(20), nullable=False)
    created_at = Column(DateTime, nullable=False)


class AuditEntry(Base):
    """Append-only record: money, pickups, returns, lockouts, refusals, operator use."""

    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False)
    shop_id = Column(Integer, nullable=True, index=True)
    owner_id = Column(Integer, nullable=True)
    action = Column(String(40), nullable=False)
    subject = Column(String(60), nullable=True)
    detail = Column(JSON, nullable=False)
    service = Column(String(20), nullable=True)
    conversation_id = Column(String(100), nullable=True)
