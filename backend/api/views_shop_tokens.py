"""Shop-token views: what a token stands for, and revoking tokens."""

from __future__ import annotations

from aiohttp import web

from backend.api.app_keys import DATABASE, grant_of
from backend.api.parsing import path_id
from backend.api.serialise_identity import shop_token_info_json
from backend.db.models import utc_now
from backend.services import identity, shop_tokens


async def describe(request: web.Request) -> web.Response:
    """GET /v1/shop-token: the owner and shop behind the presented token."""
    grant = grant_of(request)
    found = await identity.owner_identity(request.app[DATABASE], grant.owner_id)
    return web.json_response(shop_token_info_json(found, grant))


async def revoke(request: web.Request) -> web.Response:
    """DELETE /v1/shop-token: the presented token stops working at once."""
    grant = grant_of(request)
    await shop_tokens.revoke(request.app[DATABASE], grant.token_id, utc_now())
    return web.json_response({"revoked": 1})


async def revoke_shop(request: web.Request) -> web.Response:
    """DELETE /v1/shops/{shop_id}/shop-tokens: every live token of the shop."""
    count = await shop_tokens.revoke_all(
        request.app[DATABASE], path_id(request, "shop_id"), utc_now()
    )
    return web.json_response({"revoked": count})
