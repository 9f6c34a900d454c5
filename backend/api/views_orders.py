"""Reorder views: usual order, suggestions, quotes and orders."""

from __future__ import annotations

from aiohttp import web

from backend.api.app_keys import CATALOG, DATABASE, owner_of
from backend.api.parsing import json_body, path_id, query_choice
from backend.api.schemas import LINES
from backend.api.serialise_orders import (
    line_json,
    order_json,
    quote_json,
    suggestion_json,
)
from backend.db.models import utc_now
from backend.metrics import ORDERS_PLACED, caller_of
from backend.services import orders, reorder
from backend.services.idempotency import check_key
from backend.services.identity import require_shop
from backend.services.pricing import quote


async def usual_order(request: web.Request) -> web.Response:
    """GET .../usual-order."""
    lines = await reorder.usual_order(
        request.app[DATABASE], request.app[CATALOG], path_id(request, "shop_id")
    )
    return web.json_response({"lines": [line_json(line) for line in lines]})


async def reorder_suggestions(request: web.Request) -> web.Response:
    """GET .../reorder-suggestions."""
    advice = await reorder.suggestions(
        request.app[DATABASE],
        request.app[CATALOG],
        path_id(request, "shop_id"),
        utc_now(),
    )
    return web.json_response(
        {"suggestions": [suggestion_json(item) for item in advice]}
    )


def _lines(body: dict) -> list[tuple[str, int]]:
    return [(line["sku"], line["quantity"]) for line in body["lines"]]


async def make_quote(request: web.Request) -> web.Response:
    """POST .../quotes."""
    shop_id = path_id(request, "shop_id")
    body = await json_body(request, LINES)
    async with request.app[DATABASE].reading() as session:
        await require_shop(session, shop_id)
    priced = quote(request.app[CATALOG], _lines(body), utc_now())
    return web.json_response(quote_json(priced))


async def place_order(request: web.Request) -> web.Response:
    """POST .../orders (owner session, Idempotency-Key)."""
    shop_id = path_id(request, "shop_id")
    owner_id = owner_of(request)
    key = check_key(request.headers.get("Idempotency-Key"))
    body = await json_body(request, LINES)
    order, created = await orders.place(
        request.app[DATABASE],
        request.app[CATALOG],
        shop_id,
        owner_id,
        _lines(body),
        key,
        utc_now(),
    )
    if created:
        ORDERS_PLACED.labels(caller_of(request)).inc()
    return web.json_response(order_json(order), status=201 if created else 200)


async def list_orders(request: web.Request) -> web.Response:
    """GET .../orders?status=placed."""
    found = await orders.list_orders(
        request.app[DATABASE],
        request.app[CATALOG],
        path_id(request, "shop_id"),
        query_choice(request, "status", orders.STATUSES),
    )
    return web.json_response({"orders": [order_json(order) for order in found]})


async def get_order(request: web.Request) -> web.Response:
    """GET .../orders/{order_id}."""
    order = await orders.get(
        request.app[DATABASE],
        request.app[CATALOG],
        path_id(request, "shop_id"),
        path_id(request, "order_id"),
    )
    return web.json_response(order_json(order))


async def cancel_order(request: web.Request) -> web.Response:
    """POST .../orders/{order_id}/cancel (owner session)."""
    shop_id = path_id(request, "shop_id")
    owner_id = owner_of(request)
    order = await orders.cancel(
        request.app[DATABASE],
        request.app[CATALOG],
        shop_id,
        owner_id,
        path_id(request, "order_id"),
        utc_now(),
    )
    return web.json_response(order_json(order))


async def dispatch_order(request: web.Request) -> web.Response:
    """POST .../orders/{order_id}/dispatch (wholesale side)."""
    return await _advance(request, "dispatched")


async def deliver_order(request: web.Request) -> web.Response:
    """POST .../orders/{order_id}/deliver (wholesale side)."""
    return await _advance(request, "delivered")


async def _advance(request: web.Request, status: str) -> web.Response:
    order = await orders.advance(
        request.app[DATABASE],
        request.app[CATALOG],
        path_id(request, "shop_id"),
        path_id(request, "order_id"),
        status,
        utc_now(),
    )
    return web.json_response(order_json(order))
