"""Link codes API: a six-digit code that links a chat account to the owner."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.clients.http import BackendHttp, Request, ShopAccess


@dataclass(frozen=True)
class LinkCode:
    """A fresh one-time code to send in the chat (WeChat or Telegram)."""

    code: str
    expires_at: str


def link_code_request(shop: ShopAccess, owner_session: str, platform: str) -> Request:
    """Build the request issuing a link code (it needs the owner's PIN session)."""
    return shop.request(
        "POST", "/link-codes", json={"channel": platform}, owner_session=owner_session
    )


def decode_link_code(body: dict[str, Any]) -> LinkCode:
    """Decode an issued link code."""
    return LinkCode(code=str(body["code"]), expires_at=str(body["expires_at"]))


class LinkCodesClient:
    """Issue link codes for the owner's chat accounts."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def issue(
        self, shop: ShopAccess, owner_session: str, platform: str
    ) -> LinkCode:
        """A new code for ``platform``; the owner's unused one stops working."""
        request = link_code_request(shop, owner_session, platform)
        return decode_link_code(await self._http.send(request))
