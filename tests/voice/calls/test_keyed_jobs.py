"""Whole phone calls that do a job with the keypad alone, over Twilio and Asterisk
AudioSocket, each done exactly once. Jobs are judged by the backend's state and
the conversation's tracker, never by the audio's words."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.conftest import check_in_parcel
from tests.fixtures.phone import PhoneLine
from tests.fixtures.phone_caller import PBX_SECRET
from tests.voice.calls.callers import (
    WEIJUN,
    bot_texts,
    conversation,
    hear_the_parcels,
    orders,
    picked_up,
)

pytestmark = [pytest.mark.rasa, pytest.mark.slow]


async def test_a_keypad_only_pickup(
    line: PhoneLine, backend_server: Any, rasa_server: Any
) -> None:
    shelved = check_in_parcel(backend_server, 1, f"SF{uuid.uuid4().int % 10**12}")
    caller = line.twilio(WEIJUN)
    await caller.dial()
    await caller.until_quiet()  # 王老板您好，这里是维军百货的掌柜助手…
    greeting = " ".join(bot_texts(rasa_server, caller.call_sid))
    assert "王老板" in greeting and "维军百货" in greeting
    await hear_the_parcels(caller, rasa_server)  # read out, a page at a time
    await caller.press(shelved["pickup_code"] + "#")
    await caller.until_quiet()
    assert picked_up(backend_server, 1, shelved["id"]), conversation(
        rasa_server, caller
    )
    await caller.hang_up()
    assert caller.violations == []


async def test_a_keypad_only_usual_reorder_with_the_pin_happens_once(
    line: PhoneLine, backend_server: Any, rasa_server: Any
) -> None:
    before = {o["id"] for o in orders(backend_server, 1)}
    caller = line.twilio(WEIJUN)
    await caller.dial()
    await caller.until_heard()
    await caller.press("1")  # reorder (interrupting the greeting)
    await caller.until_quiet()
    await caller.press("1")  # the usual order: read back
    await caller.until_quiet()
    await caller.press("1")  # confirm: the PIN is asked
    await caller.until_quiet()
    await caller.press("2468#")
    await caller.until_quiet()
    await caller.press("1")  # pressed again: never a second order
    await caller.until_quiet()
    placed = [o for o in orders(backend_server, 1) if o["id"] not in before]
    assert len(placed) == 1, placed
    assert placed[0]["status"] == "placed"
    assert "2468" not in " ".join(bot_texts(rasa_server, caller.call_sid))
    await caller.hang_up()


async def test_audiosocket_keypad_pickup_with_the_dialplan_lookup(
    line: PhoneLine, backend_server: Any, rasa_server: Any
) -> None:
    shelved = check_in_parcel(backend_server, 1, f"SF{uuid.uuid4().int % 10**12}")
    caller = line.audiosocket()
    noted = await line.gateway.client.post(
        "/phone/audiosocket/calls",
        data={"uuid": str(caller.call_uuid), "caller": "13800000001",
              "secret": PBX_SECRET},
    )  # fmt: skip
    assert noted.status == 200
    await caller.connect()
    await caller.until_quiet()
    assert "维军百货" in bot_texts(rasa_server, str(caller.call_uuid))[0]
    await hear_the_parcels(caller, rasa_server)
    await caller.press(shelved["pickup_code"] + "#")
    await caller.until_quiet()
    assert picked_up(backend_server, 1, shelved["id"])
    await caller.hang_up()
    await line.gateway.settled()
    assert line.gateway.state.phone_calls.connections == 0


async def test_audiosocket_keypad_usual_reorder_once(
    line: PhoneLine, backend_server: Any
) -> None:
    before = {o["id"] for o in orders(backend_server, 3)}
    caller = line.audiosocket()
    await caller.connect()  # No dialplan lookup: the owner keys number and PIN.
    await caller.until_heard()
    await caller.press("13800000003#")
    await caller.press("9753#")
    await caller.until_quiet()  # 李老板您好，这里是新开小卖部的掌柜助手…
    for keys in ("1", "1", "1", "9753#", "1"):
        await caller.press(keys)
        await caller.until_quiet()
    placed = [o for o in orders(backend_server, 3) if o["id"] not in before]
    assert len(placed) == 1, placed
    await caller.hang_up()
