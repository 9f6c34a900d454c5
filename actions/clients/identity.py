"""Identity API: whose shop token a turn carries, and PIN sessions for money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from actions.clients.http import BackendHttp, Request, ShopAccess
from common.languages import language_or_default


@dataclass(frozen=True)
class Identity:
    """The owner and shop behind a channel identity."""

    owner_id: int
    shop_id: int
    display_name: str
    shop_name: str
    language: str


@dataclass(frozen=True)
class PinSession:
    """A short-lived owner session proven by the PIN."""

    token: str
    expires_at: str
    owner_id: int
    shop_id: int


def describe_request(shop_token: str) -> Request:
    """Build the request asking whose shop token this is.

    Only the channels resolve identities; the action server learns who is talking
    from the token the channel handed it, and the backend vouches for it.
    """
    return Request("GET", "/v1/shop-token", shop_token=shop_token)


def pin_session_request(shop: ShopAccess, owner_id: int, pin: str) -> Request:
    """Build the request opening an owner session with a PIN."""
    return Request(
        "POST",
        f"/v1/owners/{owner_id}/pin-sessions",
        {"pin": pin},
        shop_token=shop.token,
    )


def decode_identity(body: dict[str, Any]) -> Identity:
    """Decode a resolved identity."""
    language = str(body.get("language") or "zh")
    return Identity(
        owner_id=int(body["owner_id"]),
        shop_id=int(body["shop_id"]),
        display_name=str(body.get("display_name") or ""),
        shop_name=str(body.get("shop_name") or ""),
        language=language_or_default(language),
    )


def decode_pin_session(body: dict[str, Any]) -> PinSession:
    """Decode an opened owner session."""
    return PinSession(
        token=str(body["token"]),
        expires_at=str(body["expires_at"]),
        owner_id=int(body["owner_id"]),
        shop_id=int(body["shop_id"]),
    )


def parse_instant(value: str) -> datetime:
    """Parse an ISO 8601 instant from the backend (``Z`` accepted)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class IdentityClient:
    """Learn whose conversation this is and open PIN sessions."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def describe(self, shop_token: str) -> Identity:
        """Return the owner a shop token stands for (Unauthorized if it is dead)."""
        return decode_identity(await self._http.send(describe_request(shop_token)))

    async def open_pin_session(
        self, shop: ShopAccess, owner_id: int, pin: str
    ) -> PinSession:
        """Open an owner session; Unauthorized on a wrong PIN, Locked when locked."""
        body = await self._http.send(pin_session_request(shop, owner_id, pin))
        return decode_pin_session(body)
