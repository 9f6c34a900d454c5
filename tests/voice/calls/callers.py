"""Who calls in the whole-call tests, and how the tests read what a call did: the
conversation's turns, the shop's orders and parcels."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import backend_get
from tests.fixtures.phone import AudioSocketCaller, TwilioCaller
from tests.fixtures.sounds import fixture_pcm
from voice.phone.call import conversation_id
from voice.speech.audio import pcm16_resample

WEIJUN = "+8613800000001"  # 王维军, 维军百货, Mandarin, PIN 2468
DAVID = "+8613800000002"  # David Chen, English, PIN 1357
STRANGER = "+8613999990001"


def user_texts(rasa_server: Any, call_sid: str) -> list[str]:
    tracker = rasa_server.tracker(conversation_id(call_sid))
    return [str(e.get("text")) for e in tracker["events"] if e["event"] == "user"]


def bot_texts(rasa_server: Any, call_sid: str) -> list[str]:
    tracker = rasa_server.tracker(conversation_id(call_sid))
    return [str(e.get("text")) for e in tracker["events"] if e["event"] == "bot"]


def conversation(rasa_server: Any, caller: TwilioCaller | AudioSocketCaller) -> str:
    """The call's turns, for a failing assertion's message."""
    call_id = getattr(caller, "call_sid", None) or str(caller.call_uuid)
    tracker = rasa_server.tracker(conversation_id(call_id))
    return "\n".join(
        f"{e['event']}: {e.get('text') or e.get('name') or ''}"
        for e in tracker["events"]
        if e["event"] in ("user", "bot", "action")
    )


async def hear_the_parcels(
    caller: TwilioCaller | AudioSocketCaller, rasa_server: Any
) -> None:
    """``2``, then ``1`` (go on) after each page, until the code is asked for."""
    call_id = getattr(caller, "call_sid", None) or str(caller.call_uuid)
    await caller.press("2")
    await caller.until_quiet()
    for _ in range(10):
        slots = rasa_server.tracker(conversation_id(call_id))["slots"]
        if slots.get("awaiting") == "pickup_code":
            return
        assert slots.get("confirming") == "more_parcels", slots
        await caller.press("1")
        await caller.until_quiet()
    raise AssertionError("the parcels were never all read out")


def orders(backend_server: Any, shop_id: int) -> list[dict[str, Any]]:
    return list(backend_get(backend_server, f"/v1/shops/{shop_id}/orders")["orders"])


def picked_up(backend_server: Any, shop_id: int, parcel_id: int) -> bool:
    path = f"/v1/shops/{shop_id}/parcels?status=picked_up"
    return any(
        p["id"] == parcel_id for p in backend_get(backend_server, path)["parcels"]
    )


def english_8k(name: str) -> bytes:
    pcm, rate = fixture_pcm(name)
    return pcm16_resample(pcm, rate, 8000)
