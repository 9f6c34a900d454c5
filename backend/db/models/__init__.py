"""Table models, one module per concept; every model is importable from here.

Money is stored as integer fen (cents) and rates in basis points.

Times are naive UTC; the API layer renders them with an explicit offset.
"""

from backend.db.models.base import Base, utc_now
from backend.db.models.catalog import DailySales, InventoryItem, ItemSales, Product
from backend.db.models.credentials import (
    KioskDevice,
    KioskPairingCode,
    LinkCode,
    LinkCodeTry,
    MessagingAccount,
    PinSession,
    ShopToken,
)
from backend.db.models.loans import LoanApplication, LoanOffer, Repayment
from backend.db.models.messaging import InboundMessage, Notice, PlatformToken
from backend.db.models.orders import Order, OrderLine
from backend.db.models.parcels import Parcel
from backend.db.models.records import AuditEntry, Handoff, IdempotencyRecord
from backend.db.models.shops import Owner, Shop

__all__ = [
    "AuditEntry",
    "Base",
    "DailySales",
    "Handoff",
    "IdempotencyRecord",
    "InboundMessage",
    "InventoryItem",
    "ItemSales",
    "KioskDevice",
    "KioskPairingCode",
    "LinkCode",
    "LinkCodeTry",
    "LoanApplication",
    "LoanOffer",
    "MessagingAccount",
    "Notice",
    "Order",
    "OrderLine",
    "Owner",
    "Parcel",
    "PinSession",
    "PlatformToken",
    "Product",
    "Repayment",
    "Shop",
    "ShopToken",
    "utc_now",
]
