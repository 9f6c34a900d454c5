"""Notices: the owner is told, without asking, when something needs them.

Four things are told: an order dispatched or delivered, a loan decision, a parcel
that will be overdue tomorrow, and an item about to run out. Each is one row per
(owner, kind, subject); the unique constraint makes a notice exist once, and its
``state`` makes it go out at most once:

- ``pending``: waiting for a way to reach the owner (or for quiet hours to end);
- ``sending``: a gateway claimed it and is delivering it;
- ``sent``; ``failed`` (the platform's answer was unclear: never sent again);
- ``muted`` (the owner said "不要提醒我"); ``expired`` (old news, never sent).

How a notice may go follows the platforms' rules for messages the owner did not
start: WeChat customer-service messages only within 48 hours of the owner's last
message and only a few in that window; outside it a template message if the
account has one; Telegram at any time. Otherwise the notice waits until the owner
writes again, for three days at most.

The modules: ``rules`` (kinds, states, timing), ``records`` (what the service
returns), ``recording`` (recording and scanning), ``delivery`` (claiming, routing
and settling) and ``owner`` (one notice for the assistant, the owner's mute).
"""

from backend.services.notices.delivery import (
    DeliveryRoute,
    claim,
    note_inbound,
    note_push,
    settle,
)
from backend.services.notices.owner import get, set_muted
from backend.services.notices.recording import Scanner, record, scan
from backend.services.notices.records import (
    ClaimedNotice,
    MutePreference,
    NoticeRecord,
)
from backend.services.notices.rules import (
    CLAIM_LIFETIME,
    KEEP_PENDING,
    KINDS,
    LOW_STOCK_NOTICE_DAYS,
    OUTCOMES,
    STATES,
    NoticeRules,
)

__all__ = [
    "CLAIM_LIFETIME",
    "KEEP_PENDING",
    "KINDS",
    "LOW_STOCK_NOTICE_DAYS",
    "OUTCOMES",
    "STATES",
    "ClaimedNotice",
    "DeliveryRoute",
    "MutePreference",
    "NoticeRecord",
    "NoticeRules",
    "Scanner",
    "claim",
    "get",
    "note_inbound",
    "note_push",
    "record",
    "scan",
    "set_muted",
    "settle",
]
