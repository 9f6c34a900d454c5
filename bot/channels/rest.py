"""Rasa's REST webhook, with the project's rule for who is talking.

``POST /webhooks/rest/webhook`` ``{"sender", "message", "metadata"}`` answers the
bot's messages as a JSON list, like Rasa's own REST channel. Anyone can write any
metadata here, so:

- in the ``demo`` and ``test`` profiles the metadata's ``{"channel", "id"}`` is
  believed: this channel resolves it with the gateway's token, as a real channel
  would, and hands the conversation's shop token on in the metadata;
- in every other profile it identifies nobody: identity and tokens are dropped, and
  owners reach their shop only through the authenticated channels.
A shop token sent by the client is never passed on: only resolved ones are.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from typing import Any

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.base import OnNewMessage, error_response, tracker_slots
from bot.metrics import timed_turn
from common.callers import (
    CallerResolver,
    IdentityUnavailableError,
    UnknownCallerError,
)
from common.channels import CHANNELS as OWNER_CHANNELS
from common.channels import REST
from common.credentials import own_token
from common.settings import (
    DEMO_PROFILES,
    BackendUrlSettings,
    load_settings,
    profile_of,
    read_settings,
)

logger = logging.getLogger(__name__)

CHANNELS = OWNER_CHANNELS
# A long ramble still gets an answer (the dialogue asks for one thing at a time);
# only an absurd body is refused.
MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 128


class RestInput(InputChannel):
    """The REST webhook; identity from metadata only in the demo profiles."""

    def __init__(self, resolver: CallerResolver | None) -> None:
        self._resolver = resolver

    @classmethod
    def name(cls) -> str:
        """Return the channel name used in URLs and as the input channel."""
        return REST

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestInput:
        """Build the channel from the service settings (credentials.yml stays empty)."""
        settings = load_settings()
        if profile_of(settings) not in DEMO_PROFILES:
            return cls(None)
        backend = read_settings(BackendUrlSettings, settings).backend_url
        return cls(CallerResolver(backend, own_token(settings, "gateway")))

    async def identify(self, sender: str, metadata: Any) -> dict[str, Any]:
        """The metadata passed on: a resolved identity and its shop token, or none."""
        if self._resolver is None or not isinstance(metadata, dict):
            return {}
        channel, identity = metadata.get("channel"), metadata.get("id")
        if channel not in CHANNELS or not isinstance(identity, str) or not identity:
            return {}
        try:
            caller = await self._resolver.resolve(channel, identity[:200], sender)
        except UnknownCallerError:
            return {"channel": channel}
        except IdentityUnavailableError as error:
            logger.warning("rest: cannot resolve the caller: %s", error)
            return {"channel": channel}
        return {"channel": channel, "id": identity, "shop_token": caller.shop_token}

    async def _forget_if_refused(
        self, request: Request, sender: str, identified: dict[str, Any]
    ) -> None:
        # A token the backend refused (revoked, or the demo world reseeded) leaves
        # the conversation without a shop: resolve afresh on the next turn.
        slots = await tracker_slots(request, sender, {"shop_id": None})
        if slots["shop_id"] is None and self._resolver is not None:
            self._resolver.forget(identified["channel"], identified["id"], sender)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Return the Sanic blueprint with the health and webhook routes."""
        module = inspect.getmodule(self)
        rest = Blueprint(
            f"custom_webhook_{type(self).__name__}",
            module.__name__ if module else None,
        )

        @rest.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = _parse(request.body)
            except ValueError as error:
                return error_response(400, "bad_turn", str(error))
            collector = CollectingOutputChannel()
            identified = await self.identify(sender, metadata)
            try:
                with timed_turn(self.name()):
                    await on_new_message(
                        UserMessage(
                            text,
                            collector,
                            sender,
                            input_channel=self.name(),
                            metadata=identified,
                        )
                    )
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("rest turn failed for sender %s", sender)
                return error_response(
                    503, "turn_failed", "The assistant could not answer; try again."
                )
            if "shop_token" in identified:
                try:
                    await self._forget_if_refused(request, sender, identified)
                except Exception:  # the store just failed: the reply still stands
                    logger.exception("rest: tracker unreadable after a turn")
            return response.json(collector.messages)

        return rest


def _parse(body: bytes) -> tuple[str, str, Any]:
    try:
        data = json.loads(body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"body is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")
    sender, text = data.get("sender", "default"), data.get("message")
    if not isinstance(sender, str) or not sender or len(sender) > MAX_SENDER_CHARS:
        raise ValueError(f"'sender' must be a string of 1 to {MAX_SENDER_CHARS}")
    if not isinstance(text, str) or len(text) > MAX_MESSAGE_CHARS:
        raise ValueError(f"'message' must be a string of at most {MAX_MESSAGE_CHARS}")
    return sender, text, data.get("metadata")
