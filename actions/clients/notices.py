"""Notices API: read one notice to word it; turn the owner's notices off or on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.clients.http import BackendHttp, ShopAccess


@dataclass(frozen=True)
class Notice:
    """Something the owner is told without asking: its kind and its facts."""

    id: int
    kind: str
    facts: dict[str, Any]


class NoticesClient:
    """Notices of the conversation's shop."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def get(self, shop: ShopAccess, notice_id: int) -> Notice:
        """One notice of this shop."""
        body = await self._http.send(shop.request("GET", f"/notices/{notice_id}"))
        facts = body.get("facts")
        return Notice(
            id=int(body["id"]),
            kind=str(body["kind"]),
            facts=facts if isinstance(facts, dict) else {},
        )

    async def set_muted(self, shop: ShopAccess, muted: bool) -> None:
        """Turn the token owner's notices off ("不要提醒我") or back on."""
        await self._http.send(
            shop.request("PUT", "/notice-preferences", json={"muted": muted})
        )
