"""The gateway's declared body schemas give the answers docs/contract.md lists."""

from __future__ import annotations

import json
from typing import Any

import pytest

from common.body_schema import BODY, BodySchema, Refusal, Rule
from tests.fixtures.voice import GATEWAY_TOKEN, GatewayUnderTest
from voice.gateway import protocol as p
from voice.gateway.schemas import KIOSK_MESSAGES, TTS_BODY

AUTH = {"Authorization": f"Bearer {GATEWAY_TOKEN}"}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": 5}, 422, "no_text"),
        ({"text": "hi", "language": None}, 422, "bad_language"),
        ({"text": "hi", "slow": 1}, 422, "bad_slow"),
        ({"text": "hi", "format": ["wav"]}, 422, "bad_format"),
        # Several rules broken: the one the contract checks first answers.
        ({"text": " " * 700, "language": "de"}, 422, "no_text"),
        ({"text": "x" * 601, "format": "ogg"}, 413, "text_too_long"),
    ],
)
async def test_a_tts_body_that_breaks_its_schema_gets_the_documented_4xx(
    speech_gateway: GatewayUnderTest, body: Any, status: int, code: str
) -> None:
    response = await speech_gateway.client.post(
        "/tts", data=json.dumps(body).encode(), headers=AUTH
    )
    assert response.status == status
    answer = await response.json()
    assert answer["error"]["code"] == code and answer["error"]["message"]


def test_the_tts_schema_accepts_every_documented_body() -> None:
    assert TTS_BODY.refusal({"text": "您好"}) is None
    body = {"text": "hi", "language": "en", "format": "mulaw8k", "slow": True}
    assert TTS_BODY.refusal(body) is None
    assert TTS_BODY.refusal({"text": "hi", "extra": 1}) is None  # Unknown: ignored.


@pytest.mark.parametrize(
    ("message", "code", "message_text"),
    [
        ({"type": "start", "language": "zh", "sample_rate": 16000.0},
         "bad_sample_rate", "'sample_rate' must be a whole number"),
        ({"type": "start", "language": "zh", "sample_rate": 7999},
         "bad_sample_rate", "'sample_rate' must be 8000-48000 Hz"),
        ({"type": "pair", "code": "123456", "device_name": None},
         "bad_message", "'device_name' must be a string"),
        ({"type": "hello", "device_token": "x" * 257},
         "bad_message", "'device_token' must be a string"),
        ({"type": "text", "text": " " * 600}, "bad_message",
         "'text' must be a non-empty string"),
        ({"type": "language"}, "bad_language", "'language' must be one of"),
        ({"type": ["start"]}, "unknown_type", "unknown message type ['start']"),
    ],
)  # fmt: skip
def test_a_kiosk_message_that_breaks_its_schema_gets_its_code(
    message: dict[str, Any], code: str, message_text: str
) -> None:
    with pytest.raises(p.ProtocolError) as refused:
        p.parse_client_message(json.dumps(message))
    assert refused.value.code == code
    assert refused.value.message.startswith(message_text)


def test_every_kiosk_message_type_has_a_schema() -> None:
    assert set(KIOSK_MESSAGES) == {
        "hello", "pair", "start", "stop", "cancel", "language", "text", "ping"
    }  # fmt: skip


def test_the_first_listed_rule_wins_and_every_rule_is_declared() -> None:
    first, second = Refusal(400, "first", "a"), Refusal(422, "second", "b")
    schema = BodySchema(
        {"type": "object", "properties": {"n": {"type": "integer", "maximum": 3}}},
        [Rule(BODY, first), Rule("n", second)],
    )
    assert schema.refusal([]) == first
    assert schema.refusal({"n": True}) == second  # JSON true is not a number here.
    assert schema.refusal({"n": 3}) is None
    undeclared = BodySchema({"properties": {"m": {"type": "string"}}}, [])
    with pytest.raises(LookupError):
        undeclared.refusal({"m": 1})
