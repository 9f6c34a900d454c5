"""The ``kiosk`` Rasa channel: its body parsing, and the real Rasa behind it."""

from __future__ import annotations

import json

import pytest
import requests

from bot.channels.base import BadTurnError, parse_turn, reply_messages
from tests.fixtures.voice import CHANNEL_SECRET, GATEWAY_TOKEN, pair_device

SECRET_HEADER = "X-Zhanggui-Channel-Secret"


def body(**fields) -> bytes:
    turn = {"sender": "kiosk-1", "message": "你好", "metadata": {"id": "tok"}}
    turn.update(fields)
    return json.dumps(turn).encode()


def test_a_turn_carries_the_kiosk_identity_whatever_the_body_claims() -> None:
    turn = parse_turn(
        body(metadata={"channel": "phone", "id": "tok", "language": "en", "x": 1}),
        "kiosk",
    )
    assert turn.sender == "kiosk-1"
    assert turn.text == "你好"
    assert turn.metadata == {"channel": "kiosk", "id": "tok", "language": "en"}


def test_the_gateways_shop_token_travels_with_the_turn() -> None:
    turn = parse_turn(body(metadata={"id": "tok", "shop_token": "st-1"}), "kiosk")
    assert turn.metadata == {"channel": "kiosk", "id": "tok", "shop_token": "st-1"}


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"[]",
        body(sender=""),
        body(sender=7),
        body(sender="s" * 129),
        body(message=""),
        body(message=None),
        body(message="x" * 2001),
        body(metadata=None),
        body(metadata={"channel": "kiosk"}),
        body(metadata={"id": 5}),
        body(metadata={"id": "tok", "language": "fr"}),
        body(metadata={"id": "tok", "shop_token": 7}),
        body(metadata={"id": "tok", "shop_token": "t" * 201}),
    ],
)
def test_bad_bodies_are_refused_with_a_reason(raw: bytes) -> None:
    with pytest.raises(BadTurnError) as refused:
        parse_turn(raw, "kiosk")
    assert str(refused.value)


def test_only_showable_parts_of_messages_are_kept() -> None:
    collected = [
        {"recipient_id": "kiosk-1", "text": "您好"},
        {"recipient_id": "kiosk-1", "image": "http://x/y.png"},
        {"recipient_id": "kiosk-1"},
    ]
    assert reply_messages(collected) == [{"text": "您好"}, {"image": "http://x/y.png"}]


@pytest.fixture(scope="module")
def kiosk_webhook(rasa_server) -> str:
    return f"{rasa_server.url}/webhooks/kiosk/webhook"


@pytest.fixture(scope="module")
def kiosk_token(backend_url: str) -> str:
    import asyncio

    return asyncio.run(pair_device(backend_url))


@pytest.fixture(scope="module")
def kiosk_shop_token(backend_url: str, kiosk_token: str) -> str:
    """What the gateway does before a turn: resolve the device, get the shop token."""
    import asyncio

    from common.callers import CallerResolver

    async def resolve() -> str:
        resolver = CallerResolver(backend_url, GATEWAY_TOKEN)
        try:
            return (await resolver.resolve("kiosk", kiosk_token)).shop_token
        finally:
            await resolver.close()

    return asyncio.run(resolve())


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "missing_channel_secret"),
        ({SECRET_HEADER: ""}, 401, "missing_channel_secret"),
        ({SECRET_HEADER: "guess"}, 403, "wrong_channel_secret"),
        ({SECRET_HEADER: CHANNEL_SECRET + "x"}, 403, "wrong_channel_secret"),
    ],
)
def test_turns_need_the_channel_secret(
    kiosk_webhook: str, headers: dict, status: int, code: str
) -> None:
    answer = requests.post(kiosk_webhook, data=body(), headers=headers, timeout=60)
    assert answer.status_code == status
    assert answer.json()["error"]["code"] == code


@pytest.mark.rasa
def test_a_bad_body_is_a_400(kiosk_webhook: str) -> None:
    answer = requests.post(
        kiosk_webhook,
        data=b"{nope",
        headers={SECRET_HEADER: CHANNEL_SECRET},
        timeout=60,
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_turn"


@pytest.mark.rasa
def test_a_paired_kiosk_gets_its_shops_answer_and_speech_settings(
    rasa_server, kiosk_webhook: str, kiosk_token: str, kiosk_shop_token: str
) -> None:
    sender = rasa_server.new_sender()
    metadata = {"id": kiosk_token, "shop_token": kiosk_shop_token}

    def say(text: str) -> dict:
        answer = requests.post(
            kiosk_webhook,
            json={"sender": sender, "message": text, "metadata": metadata},
            headers={SECRET_HEADER: CHANNEL_SECRET},
            timeout=120,
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    first = say("有哪些包裹在等取件")
    assert first["language"] == "zh"
    assert first["slow_speech"] is False
    assert first["messages"] and all(m["text"] for m in first["messages"])
    assert "包裹" in " ".join(m["text"] for m in first["messages"])
    tracker = rasa_server.tracker(sender)
    assert tracker["latest_input_channel"] == "kiosk"
    assert tracker["slots"].get("shop_id") is not None  # The device token resolved.

    slower = say("请说慢一点")
    assert slower["slow_speech"] is True
    english = say('/switch_language{"language": "en"}')
    assert english["language"] == "en"
    assert english["messages"]
