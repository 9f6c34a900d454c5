"""Link-code views: the owner asks for a code; the chat gateway redeems it."""

from __future__ import annotations

from aiohttp import web

from backend.api.app_keys import DATABASE, owner_of
from backend.api.parsing import json_body, path_id
from backend.api.schemas import LINK_CODE, LINK_CODE_REDEEM
from backend.api.serialise_identity import code_json, identity_json
from backend.db.models import utc_now
from backend.services import link_codes


async def issue(request: web.Request) -> web.Response:
    """POST /v1/shops/{shop_id}/link-codes (owner session)."""
    body = await json_body(request, LINK_CODE)
    issued = await link_codes.issue(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        owner_of(request),
        body["channel"],
        utc_now(),
    )
    return web.json_response(code_json(issued.code, issued.expires_at), status=201)


async def redeem(request: web.Request) -> web.Response:
    """POST /v1/link-codes/redeem: link the sending chat account to the owner."""
    body = await json_body(request, LINK_CODE_REDEEM)
    linked = await link_codes.redeem(
        request.app[DATABASE], body["channel"], body["account"], body["code"], utc_now()
    )
    return web.json_response(identity_json(linked), status=201)
