"""Reorder API: usual order, suggestions, quotes, orders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from actions.clients.catalog import Product, decode_product
from actions.clients.http import BackendHttp, Request, ShopAccess


@dataclass(frozen=True)
class Line:
    """A product with a quantity and its price."""

    product: Product
    quantity: int
    line_total: Decimal


@dataclass(frozen=True)
class Suggestion:
    """A product running low, with how many to order."""

    product: Product
    days_left: float
    suggested_quantity: int


@dataclass(frozen=True)
class Quote:
    """What an order would cost and when it would arrive."""

    lines: tuple[Line, ...]
    subtotal: Decimal
    delivery_fee: Decimal
    total: Decimal
    free_delivery: bool
    short_of_free_delivery: Decimal
    delivery_date: str


@dataclass(frozen=True)
class Order:
    """A placed order."""

    id: int
    status: str
    quote: Quote
    created_at: str


def _lines_body(lines: Sequence[tuple[str, int]]) -> dict[str, Any]:
    return {"lines": [{"sku": sku, "quantity": quantity} for sku, quantity in lines]}


def quote_request(shop: ShopAccess, lines: Sequence[tuple[str, int]]) -> Request:
    """Build the request pricing ``(sku, quantity)`` lines."""
    return shop.request("POST", "/quotes", json=_lines_body(lines))


def place_request(
    shop: ShopAccess, lines: Sequence[tuple[str, int]], session: str, key: str
) -> Request:
    """Build the request placing an order exactly once under ``key``."""
    return shop.request(
        "POST",
        "/orders",
        json=_lines_body(lines),
        owner_session=session,
        idempotency_key=key,
    )


def decode_line(body: dict[str, Any]) -> Line:
    """Decode an order line."""
    return Line(
        product=decode_product(body),
        quantity=int(body["quantity"]),
        line_total=Decimal(str(body.get("line_total", "0"))),
    )


def decode_quote(body: dict[str, Any]) -> Quote:
    """Decode a quote (also the quote part of an order)."""
    return Quote(
        lines=tuple(decode_line(line) for line in body.get("lines") or ()),
        subtotal=Decimal(str(body.get("subtotal", "0"))),
        delivery_fee=Decimal(str(body.get("delivery_fee", "0"))),
        total=Decimal(str(body.get("total", "0"))),
        free_delivery=bool(body.get("free_delivery")),
        short_of_free_delivery=Decimal(str(body.get("short_of_free_delivery") or "0")),
        delivery_date=str(body.get("delivery_date") or ""),
    )


def decode_order(body: dict[str, Any]) -> Order:
    """Decode an order."""
    return Order(
        id=int(body["id"]),
        status=str(body["status"]),
        quote=decode_quote(body),
        created_at=str(body.get("created_at") or ""),
    )


def decode_suggestion(body: dict[str, Any]) -> Suggestion:
    """Decode a reorder suggestion."""
    return Suggestion(
        product=decode_product(body),
        days_left=float(body.get("days_left") or 0),
        suggested_quantity=int(body.get("suggested_quantity") or 1),
    )


class OrdersClient:
    """Price, place, list and cancel orders."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def usual_order(self, shop: ShopAccess) -> tuple[Line, ...]:
        """Return the shop's usual order (maybe empty)."""
        body = await self._http.send(shop.request("GET", "/usual-order"))
        return tuple(decode_line(line) for line in body.get("lines") or ())

    async def suggestions(self, shop: ShopAccess) -> tuple[Suggestion, ...]:
        """Return products running low, fewest days left first."""
        body = await self._http.send(shop.request("GET", "/reorder-suggestions"))
        return tuple(decode_suggestion(item) for item in body.get("suggestions") or ())

    async def quote(self, shop: ShopAccess, lines: Sequence[tuple[str, int]]) -> Quote:
        """Price lines without ordering."""
        return decode_quote(await self._http.send(quote_request(shop, lines)))

    async def place(
        self, shop: ShopAccess, lines: Sequence[tuple[str, int]], session: str, key: str
    ) -> Order:
        """Place an order; the same key always yields the same order."""
        request = place_request(shop, lines, session, key)
        return decode_order(await self._http.send(request))

    async def placed(self, shop: ShopAccess) -> tuple[Order, ...]:
        """Return orders not yet dispatched, newest first."""
        request = shop.request("GET", "/orders", params={"status": "placed"})
        body = await self._http.send(request)
        return tuple(decode_order(order) for order in body.get("orders") or ())

    async def recent(self, shop: ShopAccess) -> tuple[Order, ...]:
        """Return the shop's orders, newest first."""
        body = await self._http.send(shop.request("GET", "/orders"))
        return tuple(decode_order(order) for order in body.get("orders") or ())

    async def cancel(self, shop: ShopAccess, order_id: int, session: str) -> Order:
        """Cancel an order not yet dispatched (Conflict otherwise)."""
        request = shop.request(
            "POST", f"/orders/{order_id}/cancel", owner_session=session
        )
        return decode_order(await self._http.send(request))
