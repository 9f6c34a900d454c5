"""Credentials: chat accounts and the codes, sessions and tokens that reach a shop."""

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


class MessagingAccount(Base):
    """A chat-app account (wechat, telegram) that belongs to an owner."""

    __tablename__ = "messaging_accounts"
    __table_args__ = (UniqueConstraint("channel", "account_id"),)
    id = Column(Integer, primary_key=True)
    owner_id = Column(ForeignKey("owners.id"), nullable=False, index=True)
    channel = Column(String(20), nullable=False)
    account_id = Column(String(100), nullable=False)
    # WeChat lets an account push messages only for 48 h after the owner last
    # wrote, and only a few of them: the window and what was pushed in it.
    last_inbound_at = Column(DateTime, nullable=True)
    pushes_since_inbound = Column(Integer, nullable=False, default=0)


class LinkCode(Base):
    """A one-time code that links a chat account to the owner who asked for it.

    Issued at the kiosk or on the phone (with the PIN) for one channel; only its
    hash is kept. A code is unique among the codes not used yet.
    """

    __tablename__ = "link_codes"
    __table_args__ = (
        Index(
            "ux_link_codes_unused_code",
            "code_hash",
            unique=True,
            sqlite_where=text("used_at IS NULL"),
            postgresql_where=text("used_at IS NULL"),
        ),
    )
    id = Column(Integer, primary_key=True)
    code_hash = Column(String(64), nullable=False)
    owner_id = Column(ForeignKey("owners.id"), nullable=False, index=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False)
    channel = Column(String(20), nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)
    used_at = Column(DateTime, nullable=True)


class LinkCodeTry(Base):
    """A wrong link code sent from a chat account (five in 15 minutes stop it).

    The account is kept hashed: the tries only need to be counted per account.
    """

    __tablename__ = "link_code_tries"
    __table_args__ = (
        Index("ix_link_code_tries_account", "channel", "account_hash", "tried_at"),
    )
    id = Column(Integer, primary_key=True)
    channel = Column(String(20), nullable=False)
    account_hash = Column(String(64), nullable=False)
    tried_at = Column(DateTime, nullable=False)


class PinSession(Base):
    """A short-lived owner session opened with the PIN; only the token hash is kept."""

    __tablename__ = "pin_sessions"
    id = Column(Integer, primary_key=True)
    owner_id = Column(ForeignKey("owners.id"), nullable=False, index=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False)
    token_hash = Column(String(64), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)


class ShopToken(Base):
    """A conversation's credential for one shop; short-lived, revocable, hashed.

    Issued when a channel resolves who is talking.
    """

    __tablename__ = "shop_tokens"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    owner_id = Column(ForeignKey("owners.id"), nullable=False)
    channel = Column(String(20), nullable=False)
    conversation_id = Column(String(100), nullable=True)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)
    revoked_at = Column(DateTime, nullable=True)


class KioskPairingCode(Base):
    """A one-time, expiring code typed on a kiosk tablet to pair it with a shop."""

    __tablename__ = "kiosk_pairing_codes"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    code_hash = Column(String(64), nullable=False, index=True)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)
    used_at = Column(DateTime, nullable=True)


class KioskDevice(Base):
    """A paired in-shop tablet; only the device token hash is kept."""

    __tablename__ = "kiosk_devices"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    device_name = Column(String(100), nullable=False)
    token_hash = Column(String(64), nullable=False, unique=True)
    paired_at = Column(DateTime, nullable=False)
