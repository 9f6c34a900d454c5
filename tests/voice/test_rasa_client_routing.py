"""The gateway names the conversation in a header, so nginx can route by it."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from voice.gateway.rasa_client import CONVERSATION_HEADER, RasaClient


async def test_each_turn_carries_its_conversation_id() -> None:
    seen: list[str | None] = []

    async def webhook(request: web.Request) -> web.Response:
        seen.append(request.headers.get(CONVERSATION_HEADER))
        return web.json_response({"messages": [{"text": "好的"}]})

    app = web.Application()
    app.router.add_post("/webhooks/phone/webhook", webhook)
    async with TestServer(app) as server, aiohttp.ClientSession() as session:
        client = RasaClient(session, str(server.make_url("/")), "secret")
        reply = await client.relay("phone", "+8613800000001", "call-7", "tok", "对")
    assert reply.texts == ("好的",)
    assert seen == ["call-7"]
