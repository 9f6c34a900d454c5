"""Parcels in the API's ``Parcel`` shape."""

from __future__ import annotations

from typing import Any

from backend.services.clock import iso_utc
from backend.services.parcels import ParcelRecord


def parcel_json(parcel: ParcelRecord) -> dict[str, Any]:
    """The API's ``Parcel`` shape; ``pickup_code`` only when the record has one."""
    body: dict[str, Any] = {
        "id": parcel.id,
        "tracking_no": parcel.tracking_no,
        "carrier": parcel.carrier,
        "recipient_masked": parcel.recipient_masked,
        "recipient_phone_masked": parcel.recipient_phone_masked,
        "shelf_slot": parcel.shelf_slot,
        "status": parcel.status,
        "arrived_at": iso_utc(parcel.arrived_at),
        "days_waiting": parcel.days_waiting,
        "overdue": parcel.overdue,
        "picked_up_at": iso_utc(parcel.picked_up_at),
    }
    if parcel.pickup_code is not None:
        body["pickup_code"] = parcel.pickup_code
    return body
