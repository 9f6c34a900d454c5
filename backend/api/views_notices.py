"""Notice views: the channels claim and settle them, the assistant words them."""

from __future__ import annotations

from aiohttp import web

from backend.api.app_keys import CATALOG, CONFIG, DATABASE, grant_of
from backend.api.parsing import json_body, path_id
from backend.api.schemas import NOTICE_CLAIM, NOTICE_OUTCOME, NOTICE_PREFERENCES
from backend.api.serialise_notices import (
    claimed_notice_json,
    notice_json,
    preferences_json,
)
from backend.db.models import utc_now
from backend.services import notices

SCANNER = web.AppKey("notice_scanner", notices.Scanner)


async def claim(request: web.Request) -> web.Response:
    """POST /v1/notices/claims: the notices that may go now, and how each goes."""
    body = await json_body(request, NOTICE_CLAIM)
    now = utc_now()
    database = request.app[DATABASE]
    rules = request.app[CONFIG].notice_rules
    await request.app[SCANNER].scan_if_due(database, request.app[CATALOG], rules, now)
    claimed = await notices.claim(
        database,
        body["holder"],
        body["channels"],
        body.get("template_channels", []),
        rules,
        now,
        body.get("limit", 20),
    )
    return web.json_response({"notices": [claimed_notice_json(n) for n in claimed]})


async def settle(request: web.Request) -> web.Response:
    """POST /v1/notices/{notice_id}/outcome: sent, refused or failed."""
    body = await json_body(request, NOTICE_OUTCOME)
    settled = await notices.settle(
        request.app[DATABASE],
        path_id(request, "notice_id"),
        body["holder"],
        body["outcome"],
        utc_now(),
    )
    return web.json_response(notice_json(settled))


async def get_notice(request: web.Request) -> web.Response:
    """GET .../notices/{notice_id}: one notice, for the assistant to word."""
    notice = await notices.get(
        request.app[DATABASE],
        path_id(request, "shop_id"),
        path_id(request, "notice_id"),
    )
    return web.json_response(notice_json(notice))


async def set_preferences(request: web.Request) -> web.Response:
    """PUT .../notice-preferences: the token's owner turns notices off or on."""
    body = await json_body(request, NOTICE_PREFERENCES)
    grant = grant_of(request)
    preferences = await notices.set_muted(
        request.app[DATABASE], path_id(request, "shop_id"), grant.owner_id,
        body["muted"],
    )  # fmt: skip
    return web.json_response(preferences_json(preferences))
