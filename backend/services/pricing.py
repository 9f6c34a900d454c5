"""Quotes: line totals, the free-delivery threshold and the delivery date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from backend.catalog.entry import CatalogEntry
from backend.services.catalog import Catalog
from backend.services.clock import local_time
from backend.services.errors import InvalidRequestError
from backend.services.money import to_fen

FREE_DELIVERY_FEN = 288_00
DELIVERY_FEE_FEN = 15_00
CUTOFF_HOUR = 18  # orders placed after 18:00 Beijing time go out a day later
MAX_QUANTITY = 999
MAX_LINES = 50


@dataclass(frozen=True)
class QuoteLine:
    """One product and how many units, priced."""

    entry: CatalogEntry
    quantity: int
    unit_price_fen: int

    @property
    def total_fen(self) -> int:
        """Quantity times unit price."""
        return self.quantity * self.unit_price_fen


@dataclass(frozen=True)
class PricedLine:
    """A product, how many units and what they came to (as ordered or suggested)."""

    entry: CatalogEntry
    quantity: int
    total_fen: int


@dataclass(frozen=True)
class Quote:
    """What an order would cost and when it would arrive."""

    lines: tuple[QuoteLine, ...]
    delivery_date: dt.date

    @property
    def subtotal_fen(self) -> int:
        """Sum of line totals."""
        return sum(line.total_fen for line in self.lines)

    @property
    def delivery_fee_fen(self) -> int:
        """Free at or over the threshold, else a flat fee."""
        return 0 if self.subtotal_fen >= FREE_DELIVERY_FEN else DELIVERY_FEE_FEN

    @property
    def total_fen(self) -> int:
        """Subtotal plus delivery."""
        return self.subtotal_fen + self.delivery_fee_fen


def short_of_free_delivery(subtotal_fen: int) -> int:
    """How much more would make delivery free (0 once it is)."""
    return max(0, FREE_DELIVERY_FEN - subtotal_fen)


def delivery_date(now_utc: dt.datetime) -> dt.date:
    """Next day, or the day after when ordered after the evening cut-off."""
    local = local_time(now_utc)
    days = 1 if local.hour < CUTOFF_HOUR else 2
    return local.date() + dt.timedelta(days=days)


def quote(
    catalog: Catalog, lines: Iterable[tuple[str, int]], now_utc: dt.datetime
) -> Quote:
    """Price the requested lines; the same SKU twice is merged into one line."""
    merged: dict[str, int] = {}
    for sku, quantity in lines:
        catalog.get(sku)
        merged[sku] = merged.get(sku, 0) + quantity
    if not merged:
        raise InvalidRequestError(
            "An order needs at least one line.", code="empty_order"
        )
    if len(merged) > MAX_LINES:
        raise InvalidRequestError(f"An order can have at most {MAX_LINES} products.")
    for sku, quantity in merged.items():
        if not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidRequestError(
                f"Quantity for {sku} must be between 1 and {MAX_QUANTITY}.",
                code="invalid_quantity",
                sku=sku,
            )
    priced = tuple(
        QuoteLine(catalog.get(sku), qty, to_fen(catalog.get(sku).price))
        for sku, qty in merged.items()
    )
    return Quote(priced, delivery_date(now_utc))
