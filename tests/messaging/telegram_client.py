"""Telegram's side of the webhook: Update JSON posted with the secret header."""

from __future__ import annotations

import itertools
import json
import random
import time
from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient

from voice.messaging.settings import TelegramSettings
from voice.messaging.telegram_view import PATH_PREFIX, SECRET_HEADER

_UPDATE_IDS = itertools.count(int(time.time()) % 100_000 * 10_000)
_MESSAGE_IDS = itertools.count(1)


def new_chat_id() -> str:
    """A Telegram user id nobody else in this session has (private chat id)."""
    return str(random.randint(3_000_000_000, 6_000_000_000))


def message_update(update_id: int, chat_id: str, **content: Any) -> dict[str, Any]:
    """An Update holding one private-chat message from the user ``chat_id``."""
    user = {"id": int(chat_id), "is_bot": False, "first_name": "Owner"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": next(_MESSAGE_IDS),
            "date": int(time.time()),
            "from": user,
            "chat": {"id": int(chat_id), "type": "private", "first_name": "Owner"},
            **content,
        },
    }


def text_update(update_id: int, chat_id: str, text: str) -> dict[str, Any]:
    return message_update(update_id, chat_id, text=text)


def voice_update(
    update_id: int, chat_id: str, file_id: str, duration: int, size: int = 0
) -> dict[str, Any]:
    voice = {
        "file_id": file_id,
        "file_unique_id": file_id[-12:],
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": size,
    }
    return message_update(update_id, chat_id, voice=voice)


@dataclass
class Answer:
    status: int
    body: str


@dataclass
class TelegramWebhook:
    """Posts to the gateway's webhook as Telegram's servers do."""

    client: TestClient
    settings: TelegramSettings

    @property
    def path(self) -> str:
        return PATH_PREFIX + self.settings.webhook_path

    def new_update_id(self) -> int:
        """An update_id no other update of this test session has."""
        return next(_UPDATE_IDS)

    async def post(self, update: dict[str, Any], secret: str | None = None) -> Answer:
        return await self.post_raw(json.dumps(update), secret)

    async def post_raw(self, body: bytes | str, secret: str | None = None) -> Answer:
        headers = {"Content-Type": "application/json"}
        if secret != "":
            headers[SECRET_HEADER] = secret or self.settings.webhook_secret
        response = await self.client.post(self.path, data=body, headers=headers)
        return Answer(response.status, await response.text())
