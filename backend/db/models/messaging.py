"""Chat delivery: inbound messages, shared platform tokens and notices."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.sql.schema import Column

from backend.db.models.base import Base


class InboundMessage(Base):
    """A chat message the platform delivered, kept so that its retries do nothing.

    WeChat retries a message it got no answer to within 5 s, Telegram an update it
    got no 200 for. The first delivery claims the key; the reply is kept so a retry
    gets the same answer, and ``state`` says who delivers it (see
    ``backend/services/inbound_messages.py``).
    """

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "message_key"),)
    id = Column(Integer, primary_key=True)
    channel = Column(String(20), nullable=False)
    message_key = Column(String(200), nullable=False)
    state = Column(String(20), nullable=False)
    reply = Column(JSON, nullable=True)
    created_at = Column(DateTime, nullable=False, index=True)
    updated_at = Column(DateTime, nullable=False)


class PlatformToken(Base):
    """A messaging platform's access token, shared by every gateway process.

    Fetching a new WeChat token invalidates the old one, so one process at a time
    holds the refresh lease and the others wait for what it stores.
    """

    __tablename__ = "platform_tokens"
    platform = Column(String(20), primary_key=True)
    token = Column(String(600), nullable=True)
    expires_at = Column(DateTime, nullable=True)
    lease_holder = Column(String(100), nullable=True)
    lease_until = Column(DateTime, nullable=True)


class Notice(Base):
    """Something the owner is told without asking (``backend/services/notices/``).

    One row per (owner, kind, subject), so a notice exists and is sent at most once.
    """

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("owner_id", "kind", "subject"),
        Index("ix_notices_state_due", "state", "due_at"),
    )
    id = Column(Integer, primary_key=True)
    owner_id = Column(ForeignKey("owners.id"), nullable=False)
    shop_id = Column(ForeignKey("shops.id"), nullable=False)
    kind = Column(String(30), nullable=False)
    subject = Column(String(100), nullable=False)
    facts = Column(JSON, nullable=False)
    state = Column(String(20), nullable=False)
    channel = Column(String(20), nullable=True)
    via = Column(String(20), nullable=True)
    holder = Column(String(100), nullable=True)
    created_at = Column(DateTime, nullable=False)
    due_at = Column(DateTime, nullable=False)
    claimed_at = Column(DateTime, nullable=True)
    sent_at = Column(DateTime, nullable=True)
