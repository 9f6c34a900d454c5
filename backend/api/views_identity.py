"""Identity views: resolve a caller, PIN sessions, kiosk pairing, handoffs."""

from __future__ import annotations

from aiohttp import web

from backend.api.app_keys import CONFIG, DATABASE
from backend.api.parsing import json_body, path_id
from backend.api.schemas import HANDOFF, IDENTITY_RESOLVE, KIOSK_PAIR, PIN_SESSION
from backend.api.serialise_identity import (
    code_json,
    handoff_json,
    paired_kiosk_json,
    pin_session_json,
    resolved_identity_json,
)
from backend.db.models import utc_now
from backend.services import identity, kiosks, pin_sessions


async def resolve_identity(request: web.Request) -> web.Response:
    """POST /v1/identity/resolve: the owner, and a shop token for the conversation."""
    body = await json_body(request, IDENTITY_RESOLVE)
    found, issued = await identity.resolve(
        request.app[DATABASE],
        body["channel"],
        body["id"],
        body.get("conversation_id"),
        utc_now(),
        request.app[CONFIG].shop_token_minutes,
        pin=body.get("pin"),
    )
    return web.json_response(resolved_identity_json(found, issued))


async def open_pin_session(request: web.Request) -> web.Response:
    """POST /v1/owners/{owner_id}/pin-sessions."""
    body = await json_body(request, PIN_SESSION)
    issued = await pin_sessions.open_session(
        request.app[DATABASE],
        path_id(request, "owner_id"),
        body["pin"],
        utc_now(),
        request.app[CONFIG].session_minutes,
    )
    return web.json_response(pin_session_json(issued), status=201)


async def issue_pairing_code(request: web.Request) -> web.Response:
    """POST /v1/shops/{shop_id}/kiosk-pairing-codes (owner session)."""
    code = await kiosks.issue_pairing_code(
        request.app[DATABASE], path_id(request, "shop_id"), utc_now()
    )
    return web.json_response(code_json(code.code, code.expires_at), status=201)


async def pair_kiosk(request: web.Request) -> web.Response:
    """POST /v1/kiosks/pair."""
    body = await json_body(request, KIOSK_PAIR)
    device = await kiosks.pair(
        request.app[DATABASE],
        body["code"],
        body.get("device_name", "kiosk"),
        utc_now(),
    )
    return web.json_response(paired_kiosk_json(device), status=201)


async def open_handoff(request: web.Request) -> web.Response:
    """POST /v1/shops/{shop_id}/handoffs."""
    body = await json_body(request, HANDOFF)
    handoff_id = await kiosks.open_handoff(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        body["conversation_id"],
        body["reason"],
        body.get("channel", "unknown"),
        utc_now(),
    )
    return web.json_response(handoff_json(handoff_id), status=201)
