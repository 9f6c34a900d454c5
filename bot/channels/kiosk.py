"""The in-shop kiosk's Rasa channel, called by the voice gateway.

``POST /webhooks/kiosk/webhook`` with the ``X-Zhanggui-Channel-Secret`` header and
``{"sender", "message", "metadata": {"id": <paired device token>}}`` answers
``{"messages": [{"text": ...}], "language": "zh", "slow_speech": false}``: the reply
plus the slots the gateway needs to speak it (see docs/contract.md).
"""

from __future__ import annotations

import asyncio
import inspect
import logging

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.base import (
    BadTurnError,
    OnNewMessage,
    SecretInputChannel,
    error_response,
    parse_turn,
    tracker_slots,
)

logger = logging.getLogger(__name__)

SPEECH_SLOTS = {"language": "zh", "slow_speech": False, "shop_id": None}


class KioskInput(SecretInputChannel):
    """Turns from the kiosk page, relayed by the voice gateway."""

    @classmethod
    def name(cls) -> str:
        """Return the channel name used in URLs and in the identity metadata."""
        return "kiosk"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Return the Sanic blueprint with the health and webhook routes."""
        module = inspect.getmodule(self)
        kiosk = Blueprint(
            f"custom_webhook_{type(self).__name__}",
            module.__name__ if module else None,
        )

        @kiosk.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @kiosk.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refusal = self.refuse(request)
            if refusal is not None:
                return refusal
            try:
                turn = parse_turn(request.body, self.name())
            except BadTurnError as error:
                return error_response(400, "bad_turn", str(error))
            try:
                messages = await self.run_turn(request, on_new_message, turn)
            except asyncio.CancelledError:
                raise
            except Exception:
                # Rasa or the action server broke; the gateway says so to the owner.
                logger.exception("kiosk turn failed for sender %s", turn.sender)
                return error_response(
                    503, "turn_failed", "The assistant could not answer; try again."
                )
            slots = await tracker_slots(request, turn.sender, SPEECH_SLOTS)
            language = slots["language"] if slots["language"] in ("zh", "en") else "zh"
            return response.json(
                {
                    "messages": messages,
                    "language": language,
                    "slow_speech": bool(slots["slow_speech"]),
                    # False when the turn's shop token was refused: the gateway then
                    # resolves the kiosk afresh before the next turn.
                    "identified": slots["shop_id"] is not None,
                }
            )

        return kiosk
