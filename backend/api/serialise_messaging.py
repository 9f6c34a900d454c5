"""Message receipts and platform tokens in the API's JSON shapes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backend.services.clock import iso_utc
from backend.services.inbound_messages import Receipt
from backend.services.platform_tokens import Lease


def receipt_json(receipt: Receipt) -> dict[str, Any]:
    """The API's ``InboundReceipt`` shape."""
    return {"state": receipt.state, "reply": receipt.reply, "new": receipt.claimed_now}


def lease_json(found: Lease) -> dict[str, Any]:
    """The API's ``PlatformLease`` shape."""
    return {
        "token": found.token,
        "expires_at": iso_utc(found.expires_at),
        "refresh": found.refresh,
    }


def stored_token_json(expires_at: dt.datetime) -> dict[str, Any]:
    """The API's ``PlatformTokenStored`` shape."""
    return {"expires_at": iso_utc(expires_at)}
