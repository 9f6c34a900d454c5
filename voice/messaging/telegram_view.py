"""``POST /telegram/<webhook path>``: the bot's webhook.

A missing or wrong ``X-Telegram-Bot-Api-Secret-Token`` is a 403 and does nothing;
a body that is not an Update is a 400, an oversized one a 413. Everything else is
answered 200 at once (Telegram redelivers anything else) and replied to through
the Bot API.
"""

from __future__ import annotations

import hmac
import logging

from aiohttp import web

from common.headers import TELEGRAM_SECRET_HEADER
from voice.gateway.errors import json_error
from voice.messaging.state import MESSAGING
from voice.messaging.telegram_update import (
    MAX_UPDATE_BYTES,
    BadUpdateError,
    parse_update,
)
from voice.messaging.webhook_body import read_limited

logger = logging.getLogger(__name__)

SECRET_HEADER = TELEGRAM_SECRET_HEADER
PATH_PREFIX = "/telegram/"


async def receive(request: web.Request) -> web.StreamResponse:
    """One update: checked, claimed and handed to its turn; always quick."""
    bridge = request.app[MESSAGING].telegram
    if bridge is None:
        return json_error(404, "telegram_off", "Telegram is not configured here.")
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not hmac.compare_digest(given, bridge.settings.webhook_secret.encode()):
        return json_error(403, "bad_signature", "The secret token is not right.")
    body = await read_limited(request, MAX_UPDATE_BYTES, "Telegram updates are small.")
    try:
        update = parse_update(body)
    except BadUpdateError as problem:
        logger.info("telegram: refused an update: %s", problem)
        return json_error(400, "bad_update", "This is not a Telegram update.")
    await bridge.accept(update)
    return web.Response(status=200)
