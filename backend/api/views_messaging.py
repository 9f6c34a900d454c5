"""Chat-platform views for the channels: message receipts and shared access tokens."""

from __future__ import annotations

from aiohttp import web

from backend.api.app_keys import DATABASE
from backend.api.parsing import json_body
from backend.api.schemas import (
    INBOUND_ANSWER,
    INBOUND_MESSAGE,
    PLATFORM_LEASE,
    PLATFORM_TOKEN,
)
from backend.api.serialise_messaging import lease_json, receipt_json, stored_token_json
from backend.db.models import utc_now
from backend.services import inbound_messages, notices, platform_tokens


async def claim(request: web.Request) -> web.Response:
    """POST /v1/inbound-messages: 201 for the first delivery, 200 for a retry."""
    body = await json_body(request, INBOUND_MESSAGE)
    now = utc_now()
    receipt = await inbound_messages.claim(
        request.app[DATABASE], body["channel"], body["key"], now
    )
    if receipt.claimed_now and "account" in body:
        await notices.note_inbound(
            request.app[DATABASE], body["channel"], body["account"], now
        )
    return web.json_response(
        receipt_json(receipt), status=201 if receipt.claimed_now else 200
    )


async def answer(request: web.Request) -> web.Response:
    """POST /v1/inbound-messages/answer: keep the reply; who delivers it."""
    body = await json_body(request, INBOUND_ANSWER)
    deliver = await inbound_messages.answer(
        request.app[DATABASE], body["channel"], body["key"], body["reply"], utc_now()
    )
    if deliver == "push" and "account" in body:
        await notices.note_push(request.app[DATABASE], body["channel"], body["account"])
    return web.json_response({"deliver": deliver})


async def defer(request: web.Request) -> web.Response:
    """POST /v1/inbound-messages/defer: stop waiting; the reply if it is ready."""
    body = await json_body(request, INBOUND_MESSAGE)
    receipt = await inbound_messages.defer(
        request.app[DATABASE], body["channel"], body["key"], utc_now()
    )
    return web.json_response(receipt_json(receipt))


async def lease(request: web.Request) -> web.Response:
    """POST /v1/platform-tokens/leases: the live token, or the right to refresh it."""
    body = await json_body(request, PLATFORM_LEASE)
    found = await platform_tokens.lease(
        request.app[DATABASE],
        body["platform"],
        body["holder"],
        body.get("stale"),
        utc_now(),
    )
    return web.json_response(lease_json(found))


async def store(request: web.Request) -> web.Response:
    """PUT /v1/platform-tokens: keep the token the lease holder fetched."""
    body = await json_body(request, PLATFORM_TOKEN)
    expires = await platform_tokens.store(
        request.app[DATABASE],
        body["platform"],
        body["holder"],
        body["token"],
        body["expires_in"],
        utc_now(),
    )
    return web.json_response(stored_token_json(expires))
