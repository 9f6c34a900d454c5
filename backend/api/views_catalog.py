"""Catalog views: the whole catalog and resolving what an owner said."""

from __future__ import annotations

from aiohttp import web

from backend.api.app_keys import CATALOG, DATABASE
from backend.api.parsing import path_id, query_choice, query_int
from backend.api.serialise_catalog import product_json, resolution_json
from backend.services.errors import InvalidRequestError
from backend.services.identity import require_shop

MAX_QUERY = 100


async def list_products(request: web.Request) -> web.Response:
    """GET /v1/catalog/products."""
    catalog = request.app[CATALOG]
    return web.json_response(
        {"products": [product_json(entry) for entry in catalog.entries.values()]}
    )


async def resolve_product(request: web.Request) -> web.Response:
    """GET /v1/shops/{shop_id}/catalog/resolve?q=...&lang=zh|en&limit=5."""
    shop_id = path_id(request, "shop_id")
    query = request.query.get("q", "").strip()
    if not query or len(query) > MAX_QUERY:
        raise InvalidRequestError(
            f"q must be 1 to {MAX_QUERY} characters naming a product.", field="q"
        )
    lang = query_choice(request, "lang", ("zh", "en"))
    limit = query_int(request, "limit", 5, 1, 20)
    async with request.app[DATABASE].reading() as session:
        await require_shop(session, shop_id)
    try:
        resolution = request.app[CATALOG].index.resolve(query, lang=lang, limit=limit)
    except ValueError as error:  # the resolver's own limits (length, language)
        raise InvalidRequestError(
            f"Cannot look that up: {error}.", field="q"
        ) from error
    return web.json_response(resolution_json(query, resolution))
