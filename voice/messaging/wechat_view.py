"""``GET /wechat`` (URL verification) and ``POST /wechat`` (messages).

A bad signature is a 403 and does nothing; hostile or malformed XML is a 400, an
oversized body a 413. Everything else gets an answer the owner can act on.
"""

from __future__ import annotations

import logging

from aiohttp import web

from voice.gateway.errors import json_error
from voice.messaging.state import MESSAGING
from voice.messaging.webhook_body import read_limited
from voice.messaging.wechat_xml import (
    MAX_XML_BYTES,
    BadMessageError,
    SignatureError,
    check_url_signature,
    open_message,
    text_reply,
)

logger = logging.getLogger(__name__)


async def verify(request: web.Request) -> web.StreamResponse:
    """``GET /wechat``: echo ``echostr`` when the signature is the account's."""
    bridge = request.app[MESSAGING].wechat
    if bridge is None:
        return json_error(404, "wechat_off", "WeChat is not configured here.")
    try:
        check_url_signature(bridge.settings, request.query)
    except SignatureError:
        return json_error(403, "bad_signature", "The signature is not right.")
    return web.Response(text=request.query.get("echostr", ""))


async def receive(request: web.Request) -> web.StreamResponse:
    """``POST /wechat``: one message; the passive reply, or "success"."""
    bridge = request.app[MESSAGING].wechat
    if bridge is None:
        return json_error(404, "wechat_off", "WeChat is not configured here.")
    body = await read_limited(request, MAX_XML_BYTES, "WeChat messages are small.")
    try:
        inbound, encrypted = open_message(bridge.settings, request.query, body)
    except SignatureError:
        return json_error(403, "bad_signature", "The signature is not right.")
    except BadMessageError as problem:
        logger.info("wechat: refused a message: %s", problem)
        return json_error(400, "bad_message", "This is not a WeChat message.")
    reply = await bridge.handle(inbound)
    if reply is None:
        return web.Response(text="success")
    xml = text_reply(
        bridge.settings,
        inbound,
        "\n".join(reply.texts),
        encrypted,
        request.query.get("nonce", "") or "zhanggui",
    )
    return web.Response(text=xml, content_type="application/xml")
