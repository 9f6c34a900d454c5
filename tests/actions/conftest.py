"""Action tests run the real actions in-process against the real backend.

As in production, the action server holds only its own token; each turn carries
the conversation's shop token in its metadata. ``tracker()`` puts in the token of
the shop named by the ``shop_id`` slot: the wiring fixtures resolve the demo
owners' tokens through the gateway's right, and ``backend_call`` remembers the token
of any identity it resolves.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from rasa_sdk import Tracker

from actions.backend_clients import Clients, configure
from actions.config import ActionsConfig
from tests.fixtures.backend import BackendServer, entitled_service

WEIJUN_PHONE = "+8613800000001"
DAVID_PHONE = "+8613800000002"
XINKAI_PHONE = "+8613800000003"


SHOP_TOKENS: dict[int, str] = {}

# The part of the domain Rasa sends that a form's validation action reads: the
# slots each form requires (the SDK extracts and keeps only those). Taken from
# the bot's own domain file, so that tests and production cannot drift apart.
_REORDER_DOMAIN = Path(__file__).parents[2] / "bot" / "domain" / "reorder.yml"
FORM_DOMAIN: dict[str, Any] = {
    "forms": yaml.safe_load(_REORDER_DOMAIN.read_text(encoding="utf-8"))["forms"]
}


async def _wire(server: BackendServer) -> AsyncIterator[Clients]:
    wired = configure(
        ActionsConfig(
            profile="test",
            backend_url=server.url,
            actions_token=server.token("actions"),
            port=0,
        )
    )
    SHOP_TOKENS.clear()
    for phone in (WEIJUN_PHONE, DAVID_PHONE, XINKAI_PHONE):
        await backend_call(
            server, "POST", "/v1/identity/resolve", {"channel": "phone", "id": phone}
        )
    yield wired
    await wired.http.close()


@pytest.fixture
async def wired(backend_server: BackendServer) -> AsyncIterator[Clients]:
    """The action clients pointed at the shared test backend (test profile)."""
    async for services in _wire(backend_server):
        yield services


@pytest.fixture
async def wired_fresh(
    fresh_backend_server: BackendServer,
) -> AsyncIterator[Clients]:
    """The action clients pointed at a backend of this test's own."""
    async for services in _wire(fresh_backend_server):
        yield services


@pytest.fixture
async def dead_backend() -> AsyncIterator[Clients]:
    """The action clients pointed at a closed port."""
    wired = configure(
        ActionsConfig(
            profile="test",
            backend_url="http://127.0.0.1:9",
            actions_token="zhanggui-demo-actions-token",
            port=0,
            timeout_seconds=2,
        )
    )
    yield wired
    await wired.http.close()


def tracker(
    text: str = "",
    intent: str = "",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    sender: str | None = None,
    input_channel: str = "rest",
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest message is ``text`` with the given NLU result."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
    }
    if metadata is None:
        token = SHOP_TOKENS.get((slots or {}).get("shop_id"))  # type: ignore[arg-type]
        metadata = {"shop_token": token} if token else {}
    user = {"event": "user", "text": text, "parse_data": latest,
            "input_channel": input_channel, "metadata": metadata}  # fmt: skip
    return Tracker(
        sender_id=sender or f"test-{uuid.uuid4().hex[:10]}",
        slots={"language": "zh", **(slots or {})},
        latest_message=latest,
        events=[*(events or []), user],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def weijun(**slots: Any) -> dict[str, Any]:
    """Slots of the identified Weijun owner."""
    return {"owner_id": 1, "shop_id": 1, "display_name": "王维军", **slots}


def david(**slots: Any) -> dict[str, Any]:
    """Slots of the identified Sunshine Mini Mart owner (English)."""
    return {"owner_id": 2, "shop_id": 2, "display_name": "David", "language": "en",
            **slots}  # fmt: skip


def texts(dispatcher: Any) -> list[tuple[str, dict[str, Any]]]:
    """The responses uttered, with their template arguments."""
    out = []
    for message in dispatcher.messages:
        extra = {
            k: v
            for k, v in message.items()
            if k not in ("text", "buttons", "elements", "custom", "template",
                         "response", "image", "attachment")
        }  # fmt: skip
        out.append((message.get("response") or message.get("text"), extra))
    return out


async def backend_call(
    server: BackendServer, method: str, path: str, body: Any = None, **headers: str
) -> Any:
    """Call the test backend directly (to set up or check what actions did)."""
    sent = {**server.headers_for(entitled_service(method, path)), **headers}
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, server.url + path, json=body, headers=sent) as answer,
    ):
        found = await answer.json()
    if path == "/v1/identity/resolve" and isinstance(found, dict):
        if "shop_token" in found:
            SHOP_TOKENS[int(found["shop_id"])] = str(found["shop_token"])
    return found
