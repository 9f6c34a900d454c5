"""Notices in the API's JSON shapes."""

from __future__ import annotations

from typing import Any

from backend.services.clock import iso_utc
from backend.services.notices import ClaimedNotice, MutePreference, NoticeRecord


def notice_json(notice: NoticeRecord) -> dict[str, Any]:
    """The API's ``Notice`` shape."""
    return {
        "id": notice.id,
        "shop_id": notice.shop_id,
        "owner_id": notice.owner_id,
        "kind": notice.kind,
        "facts": notice.facts,
        "state": notice.state,
        "created_at": iso_utc(notice.created_at),
        "sent_at": iso_utc(notice.sent_at),
    }


def claimed_notice_json(claimed: ClaimedNotice) -> dict[str, Any]:
    """The API's ``ClaimedNotice`` shape: the notice and how it goes."""
    return {
        **claimed,
        "created_at": iso_utc(claimed["created_at"]),
        "sent_at": iso_utc(claimed["sent_at"]),
    }


def preferences_json(preference: MutePreference) -> dict[str, Any]:
    """The API's ``NoticePreferences`` shape."""
    return {"owner_id": preference.owner_id, "muted": preference.muted}
