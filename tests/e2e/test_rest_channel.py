"""The REST channel's identity rule: resolved in the demo profiles, never trusted
elsewhere, and a client's own shop token is never passed on."""

from __future__ import annotations

import aiohttp
import pytest
import requests

from bot.channels.rest import RestInput
from common.callers import CallerResolver
from tests.e2e.conftest import WEIJUN
from tests.fixtures.backend import BackendServer
from tests.fixtures.rasa import RasaServer
from tests.fixtures.voice import GATEWAY_TOKEN


async def test_demo_rest_resolves_the_metadata_identity(
    backend_server: BackendServer,
) -> None:
    resolver = CallerResolver(backend_server.url, GATEWAY_TOKEN)
    channel = RestInput(resolver)
    try:
        metadata = await channel.identify("s-1", {"channel": "phone", "id": WEIJUN})
        assert metadata["channel"] == "phone" and metadata["id"] == WEIJUN
        # The token opens Weijun's shop for the action server, and nothing else.
        headers = {**backend_server.headers_for("actions"),
                   "X-Shop-Token": metadata["shop_token"]}  # fmt: skip
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"{backend_server.url}/v1/shop-token", headers=headers) as me,
        ):
            assert me.status == 200 and (await me.json())["shop_id"] == 1
        # A second turn reuses the live token instead of resolving again.
        again = await channel.identify("s-1", {"channel": "phone", "id": WEIJUN})
        assert again["shop_token"] == metadata["shop_token"]

        forged = {"channel": "phone", "id": "+8610000000000", "shop_token": "x" * 40}
        assert await channel.identify("s-2", forged) == {"channel": "phone"}
        for junk in (None, "phone", {"channel": "fax", "id": "1"}, {"id": WEIJUN}):
            assert await channel.identify("s-3", junk) == {}
    finally:
        await resolver.close()


async def test_outside_the_demo_rest_identifies_nobody() -> None:
    channel = RestInput(None)
    metadata = {"channel": "phone", "id": WEIJUN, "shop_token": "stolen-token-xx"}
    assert await channel.identify("s-1", metadata) == {}


async def test_an_unreachable_backend_leaves_the_caller_unknown() -> None:
    resolver = CallerResolver("http://127.0.0.1:9", GATEWAY_TOKEN, timeout_seconds=2)
    try:
        identified = await RestInput(resolver).identify(
            "s-1", {"channel": "phone", "id": WEIJUN}
        )
        assert identified == {"channel": "phone"}
    finally:
        await resolver.close()


@pytest.mark.rasa
def test_a_bad_rest_body_is_a_400(rasa_server: RasaServer) -> None:
    url = f"{rasa_server.url}/webhooks/rest/webhook"
    for raw in (b"{nope", b"[]", b'{"sender": "s", "message": 5}'):
        answer = requests.post(url, data=raw, timeout=60)
        assert answer.status_code == 400, raw
        assert answer.json()["error"]["code"] == "bad_turn"
