"""Parcels API: waiting parcels, pickups by code, returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.clients.http import BackendHttp, Request, ShopAccess


@dataclass(frozen=True)
class Parcel:
    """A courier parcel kept at the shop."""

    id: int
    tracking_no: str
    carrier: str
    recipient_masked: str
    shelf_slot: str
    status: str
    days_waiting: int
    overdue: bool


def decode_parcel(body: dict[str, Any]) -> Parcel:
    """Decode a parcel."""
    return Parcel(
        id=int(body["id"]),
        tracking_no=str(body.get("tracking_no") or ""),
        carrier=str(body.get("carrier") or ""),
        recipient_masked=str(body.get("recipient_masked") or ""),
        shelf_slot=str(body.get("shelf_slot") or ""),
        status=str(body.get("status") or "waiting"),
        days_waiting=int(body.get("days_waiting") or 0),
        overdue=bool(body.get("overdue")),
    )


def pickup_request(shop: ShopAccess, code: str) -> Request:
    """Build the request confirming a pickup by its code."""
    return shop.request("POST", "/parcels/pickups", json={"code": code})


class ParcelsClient:
    """List, hand out and return parcels."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def waiting(self, shop: ShopAccess) -> tuple[Parcel, ...]:
        """Return waiting parcels, overdue first."""
        request = shop.request("GET", "/parcels", params={"status": "waiting"})
        body = await self._http.send(request)
        return tuple(decode_parcel(item) for item in body.get("parcels") or ())

    async def pick_up(self, shop: ShopAccess, code: str) -> Parcel:
        """Hand out the parcel with ``code`` (NotFound: wrong code)."""
        return decode_parcel(await self._http.send(pickup_request(shop, code)))

    async def return_to_sender(self, shop: ShopAccess, parcel_id: int) -> Parcel:
        """Mark an overdue parcel as returned."""
        request = shop.request("POST", f"/parcels/{parcel_id}/return")
        return decode_parcel(await self._http.send(request))
