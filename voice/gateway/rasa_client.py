"""Relays a turn to one of Rasa's gateway channels (kiosk, phone); decodes the reply."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from typing import Any

import aiohttp

from common.channels import KIOSK
from common.headers import CHANNEL_SECRET_HEADER, CONVERSATION_HEADER
from common.languages import LANGUAGES
from voice.metrics import timed_turn

SECRET_HEADER = CHANNEL_SECRET_HEADER
# In cluster mode nginx routes a conversation's turns to one Rasa replica by this.
# A turn may run several backend calls through the action server.
TIMEOUT = aiohttp.ClientTimeout(total=30)


class RasaError(Exception):
    """Rasa could not take the turn; the owner is told to try again."""


@dataclass(frozen=True)
class BotReply:
    """The assistant's answer to one turn and how to speak it."""

    texts: tuple[str, ...]
    language: str
    slow_speech: bool
    identified: bool = True
    # Phone only: "digits" while the bot waits for keys ended by "#" (a PIN, a
    # pickup code), "menu" when one key acts at once; end_call after a goodbye.
    keypad: str = "menu"
    digits: int | None = None
    end_call: bool = False


def sender_id(device_token: str) -> str:
    """Return the conversation id of a kiosk; the token itself never reaches logs."""
    return "kiosk-" + hashlib.sha256(device_token.encode()).hexdigest()[:20]


class RasaClient:
    """Posts turns to ``/webhooks/<channel>/webhook`` with the shared channel secret."""

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, channel_secret: str
    ) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._headers = {SECRET_HEADER: channel_secret}

    async def turn(
        self, device_token: str, shop_token: str, text: str, language: str
    ) -> BotReply:
        """Send one kiosk message with the conversation's shop token; the reply."""
        return await self.relay(
            KIOSK, device_token, sender_id(device_token), shop_token, text, language
        )

    async def relay(
        self,
        channel: str,
        identity: str,
        sender: str,
        shop_token: str,
        text: str,
        language: str | None = None,
    ) -> BotReply:
        """Send one message to the channel ``channel`` of Rasa; return the reply.

        Without ``language`` the conversation keeps the one it has (the owner's).
        """
        metadata = {"channel": channel, "id": identity, "shop_token": shop_token}
        if language is not None:
            metadata["language"] = language
        payload = {"sender": sender, "message": text, "metadata": metadata}
        url = f"{self._base}/webhooks/{channel}/webhook"
        with timed_turn(channel):
            return await self._post(url, sender, payload, language)

    async def _post(
        self, url: str, sender: str, payload: dict[str, Any], language: str | None
    ) -> BotReply:
        try:
            async with self._session.post(
                url,
                json=payload,
                headers={**self._headers, CONVERSATION_HEADER: sender},
                timeout=TIMEOUT,
            ) as response:
                try:
                    body = await response.json(content_type=None)
                except ValueError:
                    body = None
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaError(f"Rasa did not answer: {error!r}") from error
        if status != 200 or not isinstance(body, dict):
            raise RasaError(f"Rasa answered {status}: {body!r}"[:300])
        return decode_reply(body, language or "zh")


def decode_reply(body: dict[str, Any], fallback_language: str) -> BotReply:
    """Decode the channel's answer; unknown languages fall back to the kiosk's."""
    messages = body.get("messages")
    texts = tuple(
        str(message["text"]).strip()
        for message in (messages if isinstance(messages, list) else [])
        if isinstance(message, dict) and str(message.get("text") or "").strip()
    )
    language = body.get("language")
    digits = body.get("digits")
    return BotReply(
        texts=texts,
        language=language if language in LANGUAGES else fallback_language,
        slow_speech=bool(body.get("slow_speech", False)),
        identified=bool(body.get("identified", True)),
        keypad="digits" if body.get("keypad") == "digits" else "menu",
        digits=digits if isinstance(digits, int) and 0 < digits <= 20 else None,
        end_call=bool(body.get("end_call", False)),
    )
