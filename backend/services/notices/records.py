"""What the notice service returns: notices, claimed notices, the owner's mute."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from backend.db.models import Notice


@dataclass(frozen=True)
class NoticeRecord:
    """A notice: whom it is for, what it tells and how far it got."""

    id: int
    shop_id: int
    owner_id: int
    kind: str
    facts: dict[str, Any]
    state: str
    created_at: dt.datetime
    sent_at: dt.datetime | None


class ClaimedNotice(TypedDict):
    """A notice a gateway claimed, with how it goes (read as a mapping of fields)."""

    id: int
    shop_id: int
    owner_id: int
    kind: str
    facts: dict[str, Any]
    state: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    channel: str
    account: str
    via: str
    language: str


@dataclass(frozen=True)
class MutePreference:
    """Whether an owner turned notices off."""

    owner_id: int
    muted: bool


def record_of(notice: Notice) -> NoticeRecord:
    """The record of a notice row."""
    return NoticeRecord(
        id=notice.id,
        shop_id=notice.shop_id,
        owner_id=notice.owner_id,
        kind=notice.kind,
        facts=notice.facts,
        state=notice.state,
        created_at=notice.created_at,
        sent_at=notice.sent_at,
    )
