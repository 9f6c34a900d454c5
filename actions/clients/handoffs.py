"""Handoffs API: ask a person to call the owner back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.clients.http import BackendHttp, Request, ShopAccess


@dataclass(frozen=True)
class Handoff:
    """A recorded request for a person to take over."""

    id: int
    status: str


def handoff_request(
    shop: ShopAccess, conversation_id: str, reason: str, channel: str
) -> Request:
    """Build the request recording a handoff."""
    return shop.request(
        "POST",
        "/handoffs",
        json={"conversation_id": conversation_id, "reason": reason, "channel": channel},
    )


def decode_handoff(body: dict[str, Any]) -> Handoff:
    """Decode a recorded handoff."""
    return Handoff(id=int(body["id"]), status=str(body["status"]))


class HandoffsClient:
    """Record handoffs to a person."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def create(
        self, shop: ShopAccess, conversation_id: str, reason: str, channel: str
    ) -> Handoff:
        """Record that the owner wants a person."""
        request = handoff_request(shop, conversation_id, reason, channel)
        return decode_handoff(await self._http.send(request))
