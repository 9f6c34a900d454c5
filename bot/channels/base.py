"""A Rasa input channel that only trusts callers holding the shared channel secret.

Only Zhanggui's own services (the voice gateway today, the phone and chat bridges
tomorrow) may post turns, because they vouch for the caller's identity in the message
metadata: the channel id, and the conversation's shop token that the service got by
resolving it. The secret comes from ``ZHANGGUI_CHANNEL_SECRET`` and is read once, when
Rasa builds the channel from ``credentials.yml``.
"""

from __future__ import annotations

import asyncio
import hmac
import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    UserMessage,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.metrics import timed_turn
from common.error_json import error_body
from common.headers import CHANNEL_SECRET_HEADER
from common.languages import LANGUAGES as SHARED_LANGUAGES
from common.settings import load_settings, profile_of, secret

logger = logging.getLogger(__name__)

SECRET_HEADER = CHANNEL_SECRET_HEADER
SECRET_SETTING = "ZHANGGUI_CHANNEL_SECRET"
DEMO_SECRET = "zhanggui-demo-channel-secret"
MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
LANGUAGES = frozenset(SHARED_LANGUAGES)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class BadTurnError(ValueError):
    """The request body is not a turn this channel can take."""


@dataclass(frozen=True)
class PostedTurn:
    """One user turn as a trusted Zhanggui service posted it (not an action's Turn)."""

    sender: str
    text: str
    metadata: dict[str, Any]


def error_response(status: int, code: str, message: str) -> HTTPResponse:
    """Return the contract's JSON error shape."""
    return response.json(error_body(code, message), status=status)


def parse_turn(body: bytes, channel: str) -> PostedTurn:
    """Decode ``{"sender", "message", "metadata": {...}}`` as a :class:`PostedTurn`.

    The identity's ``channel`` is always this channel's own name, whatever the body
    says, so a caller of one channel cannot speak as another channel's user.
    """
    try:
        data = json.loads(body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadTurnError(f"body is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise BadTurnError("body must be a JSON object")
    sender = data.get("sender")
    if not isinstance(sender, str) or not sender.strip():
        raise BadTurnError("'sender' must be a non-empty string")
    if len(sender) > MAX_SENDER_CHARS:
        raise BadTurnError(f"'sender' is longer than {MAX_SENDER_CHARS} characters")
    text = data.get("message")
    if not isinstance(text, str) or not text.strip():
        raise BadTurnError("'message' must be a non-empty string")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadTurnError(f"'message' is longer than {MAX_MESSAGE_CHARS} characters")
    metadata = data.get("metadata")
    if not isinstance(metadata, dict):
        raise BadTurnError("'metadata' must be an object holding the caller's 'id'")
    identity = metadata.get("id")
    if not isinstance(identity, str) or not identity:
        raise BadTurnError("'metadata.id' must be a non-empty string")
    clean: dict[str, Any] = {"channel": channel, "id": identity}
    shop_token = metadata.get("shop_token")
    if shop_token is not None:
        # The calling service resolved the caller; the backend checks the token.
        if not isinstance(shop_token, str) or not 0 < len(shop_token) <= 200:
            raise BadTurnError("'metadata.shop_token' must be a short string")
        clean["shop_token"] = shop_token
    language = metadata.get("language")
    if language is not None:
        if language not in LANGUAGES:
            raise BadTurnError(
                f"'metadata.language' must be one of {sorted(LANGUAGES)}"
            )
        clean["language"] = language
    return PostedTurn(sender=sender, text=text, metadata=clean)


def reply_messages(collected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep what a client can show or speak from the collected bot messages."""
    kept = ("text", "buttons", "image", "custom")
    messages = []
    for message in collected:
        shown = {key: message[key] for key in kept if message.get(key) is not None}
        if shown:
            messages.append(shown)
    return messages


class SecretInputChannel(InputChannel):
    """Base for channels whose caller must present the shared channel secret.

    ``POST <name>/webhook`` takes a :class:`PostedTurn` and answers the bot's messages
    with the speech settings (:meth:`answer`); a channel adds its own fields there
    and chooses the output channel its messages are generated for.
    """

    def __init__(self, channel_secret: str) -> None:
        self._secret = channel_secret.encode()

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SecretInputChannel:
        """Build the channel from the service settings (credentials.yml stays empty)."""
        settings = load_settings()
        profile = profile_of(settings)
        return cls(secret(settings, SECRET_SETTING, DEMO_SECRET, profile))

    def refuse(self, request: Request) -> HTTPResponse | None:
        """Return a 401/403 response unless the request carries the right secret."""
        offered = request.headers.get(SECRET_HEADER)
        if not offered:
            return error_response(
                401,
                "missing_channel_secret",
                f"Send the channel secret in the {SECRET_HEADER} header.",
            )
        if not hmac.compare_digest(offered.encode(), self._secret):
            return error_response(
                403, "wrong_channel_secret", "The channel secret is not right."
            )
        return None

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """Return the identity metadata of a request, validated by `parse_turn`."""
        try:
            return parse_turn(request.body, self.name()).metadata
        except BadTurnError:
            return None

    def collector(self) -> CollectingOutputChannel:
        """The output channel the bot's messages are generated for."""
        return CollectingOutputChannel()

    async def run_turn(
        self, request: Request, on_new_message: OnNewMessage, turn: PostedTurn
    ) -> list[dict[str, Any]]:
        """Hand the turn to Rasa and return the bot's messages."""
        collector = self.collector()
        await on_new_message(
            UserMessage(
                turn.text,
                collector,
                turn.sender,
                input_channel=self.name(),
                metadata=turn.metadata,
            )
        )
        return reply_messages(collector.messages)

    def answer(
        self, tracker: DialogueStateTracker | None, messages: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """The JSON answer to a turn: the messages and how to speak them."""
        language = slot_value(tracker, "language", "zh")
        return {
            "messages": messages,
            "language": language if language in LANGUAGES else "zh",
            "slow_speech": bool(slot_value(tracker, "slow_speech", False)),
            # False when the turn's shop token was refused: the calling service
            # then resolves the caller afresh before the next turn.
            "identified": slot_value(tracker, "shop_id", None) is not None,
        }

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
                with timed_turn(self.name()):
                    messages = await self.run_turn(request, on_new_message, turn)
            except asyncio.CancelledError:
                raise
            except Exception:
                # Rasa or the action server broke; the caller's service says so.
                # Only the sender is logged: a turn may carry a PIN.
                logger.exception(
                    "%s turn failed for sender %s", self.name(), turn.sender
                )
                return error_response(
                    503, "turn_failed", "The assistant could not answer; try again."
                )
            return response.json(self.answer(await _settled(request, turn), messages))

        return channel


async def _settled(request: Request, turn: PostedTurn) -> DialogueStateTracker | None:
    """The conversation after the turn; None if the store just became unreachable.

    The turn ran and its reply is the owner's: a store failing now only costs the
    speech settings (defaults), never the reply.
    """
    try:
        return await request.app.ctx.agent.tracker_store.retrieve(turn.sender)
    except Exception:
        logger.exception("%s: tracker unreadable after the turn", turn.sender)
        return None


def slot_value(tracker: DialogueStateTracker | None, name: str, default: Any) -> Any:
    """A slot of the conversation, or ``default`` when unset or unknown."""
    value = tracker.get_slot(name) if tracker is not None else None
    return default if value is None else value


async def tracker_slots(
    request: Request, sender: str, names: Mapping[str, Any]
) -> dict[str, Any]:
    """Read slots from the conversation's tracker, with defaults for missing ones."""
    agent = request.app.ctx.agent
    tracker = await agent.tracker_store.retrieve(sender)
    values = dict(names)
    if tracker is not None:
        for name, default in names.items():
            value = tracker.get_slot(name)
            values[name] = default if value is None else value
    return values
