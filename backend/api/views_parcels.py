"""Parcel views: list, check in, pick up by code, return."""

from __future__ import annotations

from aiohttp import web

from backend.api.app_keys import DATABASE
from backend.api.parsing import json_body, path_id, query_choice
from backend.api.schemas import PARCEL_CHECK_IN, PICKUP
from backend.api.serialise_parcels import parcel_json
from backend.db.models import utc_now
from backend.metrics import PICKUPS, caller_of
from backend.services import parcels


async def list_parcels(request: web.Request) -> web.Response:
    """GET .../parcels?status=waiting."""
    found = await parcels.list_parcels(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        query_choice(request, "status", parcels.STATUSES),
        utc_now(),
    )
    return web.json_response({"parcels": [parcel_json(p) for p in found]})


async def check_in(request: web.Request) -> web.Response:
    """POST .../parcels/check-ins."""
    body = await json_body(request, PARCEL_CHECK_IN)
    parcel, created = await parcels.check_in(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        body["tracking_no"],
        body["carrier"],
        body["recipient_name"],
        body["recipient_phone"],
        utc_now(),
    )
    return web.json_response(parcel_json(parcel), status=201 if created else 200)


async def pick_up(request: web.Request) -> web.Response:
    """POST .../parcels/pickups."""
    body = await json_body(request, PICKUP)
    parcel = await parcels.pick_up(
        request.app[DATABASE], path_id(request, "shop_id"), body["code"], utc_now()
    )
    PICKUPS.labels(caller_of(request)).inc()  # pick_up hands a parcel over once
    return web.json_response(parcel_json(parcel))


async def return_parcel(request: web.Request) -> web.Response:
    """POST .../parcels/{parcel_id}/return."""
    parcel = await parcels.return_parcel(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        path_id(request, "parcel_id"),
        utc_now(),
    )
    return web.json_response(parcel_json(parcel))
