"""The gateway's message bodies as declared schemas, with their documented refusals.

``POST /tts`` bodies and the kiosk's WebSocket messages (docs/contract.md). Each
rule's refusal is the answer the contract gives; the first-listed broken rule wins.
"""

from __future__ import annotations

from typing import Any

from common.body_schema import BODY, BodySchema, Refusal, Rule
from common.languages import LANGUAGES

TTS_FORMATS = ("wav", "mp3", "mulaw8k")
MAX_TTS_CHARS = 600
MIN_RATE = 8000
MAX_RATE = 48000
MAX_TEXT_CHARS = 500
SAID = r"\S"  # A string with something in it besides white space.


def _object(properties: dict[str, Any], *required: str) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required)}


TTS_BODY = BodySchema(
    _object(
        {
            "text": {"type": "string", "pattern": SAID, "maxLength": MAX_TTS_CHARS},
            "language": {"enum": list(LANGUAGES)},
            "format": {"enum": list(TTS_FORMATS)},
            "slow": {"type": "boolean"},
        },
        "text",
    ),
    [
        Rule(BODY, Refusal(400, "bad_json", "The body must be a JSON object.")),
        Rule("text", Refusal(422, "no_text", "'text' must be a non-empty string.")),
        Rule(
            "text",
            Refusal(413, "text_too_long", f"Send at most {MAX_TTS_CHARS} characters."),
            "maxLength",
        ),
        Rule(
            "language",
            Refusal(422, "bad_language", f"language must be one of {list(LANGUAGES)}"),
        ),
        Rule(
            "format",
            Refusal(422, "bad_format", f"'format' must be one of {list(TTS_FORMATS)}."),
        ),
        Rule("slow", Refusal(422, "bad_slow", "'slow' must be true or false.")),
    ],
)

# Kiosk messages: a ProtocolError's code and message (the status is unused there).
_BAD_LANGUAGE = Rule(
    "language", Refusal(400, "bad_language", f"'language' must be one of {LANGUAGES}")
)
_LANGUAGE = {"enum": list(LANGUAGES)}

KIOSK_MESSAGES: dict[str, BodySchema] = {
    "hello": BodySchema(
        _object({"device_token": {"type": ["string", "null"], "maxLength": 256}}),
        [
            Rule(
                "device_token",
                Refusal(400, "bad_message", "'device_token' must be a string"),
            )
        ],
    ),
    "pair": BodySchema(
        _object(
            {
                "code": {"type": "string", "pattern": r"^\s*\d{6}\s*$"},
                "device_name": {"type": "string"},
            },
            "code",
        ),
        [
            Rule(
                "code",
                Refusal(400, "bad_pairing_code", "the pairing code has six digits"),
            ),
            Rule(
                "device_name",
                Refusal(400, "bad_message", "'device_name' must be a string"),
            ),
        ],
    ),
    "start": BodySchema(
        _object(
            {
                "language": _LANGUAGE,
                "sample_rate": {
                    "type": "integer",
                    "minimum": MIN_RATE,
                    "maximum": MAX_RATE,
                },
            },
            "language",
        ),
        [
            _BAD_LANGUAGE,
            Rule(
                "sample_rate",
                Refusal(
                    400, "bad_sample_rate", "'sample_rate' must be a whole number"
                ),
                "type",
            ),
            Rule(
                "sample_rate",
                Refusal(
                    400,
                    "bad_sample_rate",
                    f"'sample_rate' must be {MIN_RATE}-{MAX_RATE} Hz",
                ),
            ),
        ],
    ),
    "stop": BodySchema(_object({}), []),
    "cancel": BodySchema(_object({}), []),
    "language": BodySchema(
        _object({"language": _LANGUAGE}, "language"), [_BAD_LANGUAGE]
    ),
    "text": BodySchema(
        _object(
            {"text": {"type": "string", "pattern": SAID, "maxLength": MAX_TEXT_CHARS}},
            "text",
        ),
        [
            Rule(
                "text",
                Refusal(400, "bad_message", "'text' must be a non-empty string"),
            ),
            Rule(
                "text",
                Refusal(
                    400,
                    "text_too_long",
                    f"say it in at most {MAX_TEXT_CHARS} characters",
                ),
                "maxLength",
            ),
        ],
    ),
    "ping": BodySchema(_object({}), []),
}
