"""Products, lines, quotes and orders in the API's JSON shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from backend.api.serialise_catalog import product_json
from backend.catalog.entry import CatalogEntry
from backend.services.clock import iso_utc
from backend.services.money import money
from backend.services.orders import OrderRecord
from backend.services.pricing import (
    FREE_DELIVERY_FEN,
    Quote,
    short_of_free_delivery,
)
from backend.services.reorder import StockAdvice


class Line(Protocol):
    """A priced line: a quote's, an order's or the usual order's."""

    @property
    def entry(self) -> CatalogEntry: ...  # noqa: D102

    @property
    def quantity(self) -> int: ...  # noqa: D102

    @property
    def total_fen(self) -> int: ...  # noqa: D102


def line_json(line: Line) -> dict[str, Any]:
    """The API's ``Line`` shape."""
    return {
        **product_json(line.entry),
        "quantity": line.quantity,
        "line_total": money(line.total_fen),
    }


def totals_json(
    subtotal_fen: int, fee_fen: int, total_fen: int, delivery: dt.date
) -> dict[str, Any]:
    """The money and delivery fields shared by quotes and orders."""
    return {
        "subtotal": money(subtotal_fen),
        "delivery_fee": money(fee_fen),
        "total": money(total_fen),
        "free_delivery": fee_fen == 0,
        "free_delivery_threshold": money(FREE_DELIVERY_FEN),
        "short_of_free_delivery": money(short_of_free_delivery(subtotal_fen)),
        "delivery_date": delivery.isoformat(),
    }


def quote_json(priced: Quote) -> dict[str, Any]:
    """The API's ``Quote`` shape."""
    return {
        "lines": [line_json(line) for line in priced.lines],
        **totals_json(
            priced.subtotal_fen,
            priced.delivery_fee_fen,
            priced.total_fen,
            priced.delivery_date,
        ),
    }


def order_json(order: OrderRecord) -> dict[str, Any]:
    """The API's ``Order`` shape."""
    return {
        "id": order.id,
        "status": order.status,
        "created_at": iso_utc(order.created_at),
        "lines": [line_json(line) for line in order.lines],
        **totals_json(
            order.subtotal_fen,
            order.delivery_fee_fen,
            order.total_fen,
            order.delivery_date,
        ),
    }


def suggestion_json(advice: StockAdvice) -> dict[str, Any]:
    """The API's ``Suggestion`` shape."""
    return {
        **product_json(advice.entry),
        "on_hand": advice.on_hand,
        "daily_sales": advice.daily_sales,
        "days_left": advice.days_left,
        "suggested_quantity": advice.suggested_quantity,
    }
