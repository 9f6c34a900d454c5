"""The kiosk protocol's message parsing: every malformed message has a clear code."""

import json

import pytest

from voice.gateway import protocol as p


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('{"type": "hello", "device_token": "abc"}', p.Hello("abc")),
        ('{"type": "hello", "device_token": null}', p.Hello(None)),
        ('{"type": "hello"}', p.Hello(None)),
        ('{"type": "pair", "code": " 246810 "}', p.Pair("246810", "kiosk")),
        ('{"type": "start", "language": "en"}', p.Start("en", 16000)),
        (
            '{"type": "start", "language": "zh", "sample_rate": 8000}',
            p.Start("zh", 8000),
        ),
        ('{"type": "stop"}', p.Stop()),
        ('{"type": "cancel"}', p.Cancel()),
        ('{"type": "language", "language": "en"}', p.SetLanguage("en")),
        ('{"type": "text", "text": "  hi "}', p.Text("hi")),
        ('{"type": "ping"}', p.Ping()),
    ],
)
def test_parses_every_message_type(raw: str, expected: p.ClientMessage) -> None:
    assert p.parse_client_message(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("start", "bad_json"),
        ("", "bad_json"),
        ("[1, 2]", "bad_message"),
        ('"stop"', "bad_message"),
        ('{"kind": "stop"}', "unknown_type"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "start", "language": "fr"}', "bad_language"),
        ('{"type": "start"}', "bad_language"),
        (
            '{"type": "start", "language": "zh", "sample_rate": 96000}',
            "bad_sample_rate",
        ),
        (
            '{"type": "start", "language": "zh", "sample_rate": "16k"}',
            "bad_sample_rate",
        ),
        ('{"type": "start", "language": "zh", "sample_rate": true}', "bad_sample_rate"),
        ('{"type": "pair", "code": "12345"}', "bad_pairing_code"),
        ('{"type": "pair", "code": 246810}', "bad_pairing_code"),
        ('{"type": "pair", "code": "24681a"}', "bad_pairing_code"),
        ('{"type": "hello", "device_token": 7}', "bad_message"),
        ('{"type": "text", "text": ""}', "bad_message"),
        ('{"type": "text", "text": "' + "x" * 501 + '"}', "text_too_long"),
    ],
)
def test_refuses_malformed_messages_with_a_code(raw: str, code: str) -> None:
    with pytest.raises(p.ProtocolError) as refused:
        p.parse_client_message(raw)
    assert refused.value.code == code
    assert refused.value.message


def test_events_are_json_objects_with_a_type() -> None:
    assert json.loads(p.event("partial", text="你好")) == {
        "type": "partial",
        "text": "你好",
    }
    assert "你好" in p.event("partial", text="你好")  # Readable, not \\u escapes.
    assert json.loads(p.error_event("no_speech", "nothing heard")) == {
        "type": "error",
        "code": "no_speech",
        "message": "nothing heard",
    }
