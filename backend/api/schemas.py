"""JSON schemas of request bodies: used to validate requests and in the API document.

They stay within the subset that JSON Schema draft 7 and OpenAPI 3.0 agree on.
"""

from __future__ import annotations

from typing import Any

MAX_ID = 2**31 - 1


def _text(max_length: int, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": max_length, **extra}


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


IDENTITY_RESOLVE = _object(
    ["channel", "id"],
    channel={"type": "string", "enum": ["phone", "wechat", "telegram", "kiosk"]},
    id=_text(200),
    conversation_id=_text(100),
    pin={"type": "string", "pattern": "^[0-9]{4,8}$"},
)
PIN_SESSION = _object(["pin"], pin={"type": "string", "pattern": "^[0-9]{4,8}$"})
KIOSK_PAIR = _object(
    ["code"],
    code={"type": "string", "pattern": "^[0-9]{6}$"},
    device_name=_text(100),
)
HANDOFF = _object(
    ["conversation_id", "reason"],
    conversation_id=_text(200),
    reason=_text(1000),
    channel=_text(20),
)
LINES = _object(
    ["lines"],
    lines={
        "type": "array",
        "minItems": 1,
        "maxItems": 50,
        "items": _object(
            ["sku", "quantity"],
            sku=_text(40),
            quantity={"type": "integer", "minimum": 1, "maximum": 999},
        ),
    },
)
LOAN_APPLICATION = _object(
    ["offer_id", "amount", "term_months", "consent"],
    offer_id={"type": "integer", "minimum": 1, "maximum": MAX_ID},
    amount={
        "anyOf": [
            {"type": "string", "pattern": "^[0-9]{1,9}(\\.[0-9]{1,2})?$"},
            {"type": "integer", "minimum": 1, "maximum": 999_999_999},
        ]
    },
    term_months={"type": "integer", "enum": [6, 12, 24]},
    consent={"type": "boolean", "enum": [True]},
)
LOAN_QUOTE = _object(
    ["offer_id", "amount", "term_months"],
    offer_id=LOAN_APPLICATION["properties"]["offer_id"],
    amount=LOAN_APPLICATION["properties"]["amount"],
    term_months=LOAN_APPLICATION["properties"]["term_months"],
)
PARCEL_CHECK_IN = _object(
    ["tracking_no", "carrier", "recipient_name", "recipient_phone"],
    tracking_no={"type": "string", "pattern": "^[A-Za-z0-9-]{4,40}$"},
    carrier=_text(40),
    recipient_name=_text(40),
    recipient_phone={"type": "string", "pattern": "^\\+?[0-9][0-9 -]{5,18}[0-9]$"},
)
PICKUP = _object(["code"], code={"type": "string", "pattern": "^[0-9]{6}$"})
MESSAGING_CHANNEL = {"type": "string", "enum": ["wechat", "telegram"]}
MESSAGE_KEY = {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$"}
# ``account``: who wrote; it opens the platform's window for pushed notices.
INBOUND_MESSAGE = _object(
    ["channel", "key"], channel=MESSAGING_CHANNEL, key=MESSAGE_KEY, account=_text(100)
)
INBOUND_ANSWER = _object(
    ["channel", "key", "reply"],
    channel=MESSAGING_CHANNEL,
    key=MESSAGE_KEY,
    reply={"type": "object"},
    account=_text(100),
)
NOTICE_CLAIM = _object(
    ["holder", "channels"],
    holder=_text(100),
    channels={"type": "array", "items": MESSAGING_CHANNEL, "maxItems": 2},
    template_channels={"type": "array", "items": MESSAGING_CHANNEL, "maxItems": 2},
    limit={"type": "integer", "minimum": 1, "maximum": 100},
)
NOTICE_OUTCOME = _object(
    ["holder", "outcome"],
    holder=_text(100),
    outcome={"type": "string", "enum": ["sent", "unsent", "window_closed", "failed"]},
)
NOTICE_PREFERENCES = _object(["muted"], muted={"type": "boolean"})
LOAN_DECISION = _object(
    ["decision"], decision={"type": "string", "enum": ["approved", "rejected"]}
)
LINK_CODE = _object(["channel"], channel=MESSAGING_CHANNEL)
LINK_CODE_REDEEM = _object(
    ["channel", "account", "code"],
    channel=MESSAGING_CHANNEL,
    account=_text(100),
    code={"type": "string", "pattern": "^[0-9]{6}$"},
)
PLATFORM = {"type": "string", "enum": ["wechat"]}
PLATFORM_LEASE = _object(
    ["platform", "holder"], platform=PLATFORM, holder=_text(100), stale=_text(600)
)
PLATFORM_TOKEN = _object(
    ["platform", "holder", "token", "expires_in"],
    platform=PLATFORM,
    holder=_text(100),
    token=_text(600),
    expires_in={"type": "integer", "minimum": 60, "maximum": 86_400},
)

REQUESTS: dict[str, dict[str, Any]] = {
    "IdentityResolveRequest": IDENTITY_RESOLVE,
    "PinSessionRequest": PIN_SESSION,
    "KioskPairRequest": KIOSK_PAIR,
    "HandoffRequest": HANDOFF,
    "LinesRequest": LINES,
    "LoanApplicationRequest": LOAN_APPLICATION,
    "LoanQuoteRequest": LOAN_QUOTE,
    "ParcelCheckInRequest": PARCEL_CHECK_IN,
    "PickupRequest": PICKUP,
    "InboundMessageRequest": INBOUND_MESSAGE,
    "InboundAnswerRequest": INBOUND_ANSWER,
    "LinkCodeRequest": LINK_CODE,
    "LinkCodeRedeemRequest": LINK_CODE_REDEEM,
    "PlatformLeaseRequest": PLATFORM_LEASE,
    "PlatformTokenRequest": PLATFORM_TOKEN,
    "NoticeClaimRequest": NOTICE_CLAIM,
    "NoticeOutcomeRequest": NOTICE_OUTCOME,
    "NoticePreferencesRequest": NOTICE_PREFERENCES,
    "LoanDecisionRequest": LOAN_DECISION,
}
