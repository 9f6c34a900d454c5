"""The base of the channels Zhanggui's own services relay turns to (kiosk, chats).

``POST /webhooks/<name>/webhook`` with the ``X-Zhanggui-Channel-Secret`` header and
``{"sender", "message", "metadata": {"id", "shop_token"}}`` answers
``{"messages": [{"text": ...}], "language": "zh", "slow_speech": false,
"identified": true}``: the reply plus the slots the relaying service needs to speak
it (see docs/contract.md).
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


class RelayedInput(SecretInputChannel):
    """Turns that one of Zhanggui's own services relays; subclasses name the channel."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Return the Sanic blueprint with the health and webhook routes."""
        module = inspect.getmodule(self)
        channel = Blueprint(
            f"custom_webhook_{type(self).__name__}",
            module.__name__ if module else None,
        )

        @channel.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @channel.route("/webhook", methods=["POST"])
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
                # Rasa or the action server broke; the relaying service tells the owner.
                logger.exception("%s turn failed for %s", self.name(), turn.sender)
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
                    # False when the turn's shop token was refused: the relaying
                    # service then resolves the caller afresh before the next turn.
                    "identified": slots["shop_id"] is not None,
                }
            )

        return channel
