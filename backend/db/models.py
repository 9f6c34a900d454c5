"""Table models. Money is stored as integer fen (cents) and rates in basis points.

Times are naive UTC; the API layer renders them with an explicit offset.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import declarative_base
from sqlalchemy.sql.schema import Column

Base: Any = declarative_base()


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


class LoanOffer(Base):
    """Terms offered to a shop after an eligibility check."""

    __tablename__ = "loan_offers"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    amount_fen = Column(BigInteger, nullable=False)
    rate_bp = Column(Integer, nullable=False)
    term_months = Column(Integer, nullable=False)
    monthly_repayment_fen = Column(BigInteger, nullable=False)
    created_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)


class LoanApplication(Base):
    """A loan an owner applied for, with consent recorded."""

    __tablename__ = "loan_applications"
    id = Column(Integer, primary_key=True)
    shop_id = Column(ForeignKey("shops.id"), nullable=False, index=True)
    offer_id = Column(ForeignKey("loan_offers.id"), nullable=True)
    status = Column(String(20), nullable=False)
    amount_fen = Column(BigInteger, nullable=False)
    rate_bp = Column(Integer, nullable=False)
    term_months = Column(Integer, nullable=False)
    monthly_repayment_fen = Column(BigInteger, nullable=False)
    consent = Column(Boolean, nullable=False)
    created_at = Column(DateTime, nullable=False)


class Repayment(Base):
    """One instalment of a loan's repayment schedule."""

    __tablename__ = "repayments"
    __table_args__ = (UniqueConstraint("application_id", "seq"),)
    id = Column(Integer, primary_key=True)
    application_id = Column(ForeignKey("loan_applications.id"), nullable=False)
    seq = Column(Integer, nullable=False)
    due_date = Column(Date, nullable=False)
    principal_fen = Column(BigInteger, nullable=False)
    interest_fen = Column(BigInteger, nullable=False)
    amount_fen = Column(BigInteger, nullable=False)
    paid_on = Column(Date, nullable=True)


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
    """Something the owner is told without asking (``backend/services/notices.py``).

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


def utc_now() -> dt.datetime:
    """Return the current time as naive UTC, the form every table stores."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
