"""The Telegram Bot API, the four calls the bridge makes, on aiohttp.

``ZHANGGUI_TELEGRAM_API_BASE`` points it at ``https://api.telegram.org`` or at a
stand-in. Methods are ``<base>/bot<token>/<method>`` and files
``<base>/file/bot<token>/<file_path>``. Every call has a timeout; an answer with
``"ok": false`` (or none at all) becomes a PlatformError. Errors name the method,
never the URL: the URL holds the bot's token.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from voice.messaging.platform_errors import PlatformError

TIMEOUT = aiohttp.ClientTimeout(total=8)
# getFile serves up to 20 MB; a minute of any audio format is far less.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_TEXT_CHARS = 4096  # sendMessage's limit


@dataclass(frozen=True)
class TelegramFile:
    """Where a file can be downloaded, and its size when Telegram says."""

    path: str
    size: int


class TelegramApi:
    """Calls the Bot API for one bot with an injected session."""

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, bot_token: str
    ) -> None:
        self._session = session
        self._methods = f"{base_url.rstrip('/')}/bot{bot_token}/"
        self._files = f"{base_url.rstrip('/')}/file/bot{bot_token}/"

    async def get_file(self, file_id: str) -> TelegramFile:
        """``getFile``: where to download a file (valid for an hour)."""
        result = await self._call("getFile", json={"file_id": file_id})
        path = result.get("file_path") if isinstance(result, dict) else None
        if not isinstance(path, str) or not path:
            raise PlatformError("getFile gave no file_path")
        size = result.get("file_size")
        return TelegramFile(path, size if isinstance(size, int) else 0)

    async def download(self, file: TelegramFile) -> bytes:
        """The file's bytes (refused over MAX_FILE_BYTES)."""
        if file.size > MAX_FILE_BYTES:
            raise PlatformError("the file is too large")
        try:
            async with self._session.get(
                self._files + file.path, timeout=TIMEOUT
            ) as response:
                data = await response.content.read(MAX_FILE_BYTES + 1)
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise PlatformError(
                f"the download failed: {type(error).__name__}"
            ) from error
        if status != 200:
            raise PlatformError(f"the download answered {status}", status)
        if len(data) > MAX_FILE_BYTES:
            raise PlatformError("the file is too large")
        return data

    async def send_message(self, chat_id: str, text: str) -> None:
        """``sendMessage``: a text (cut to Telegram's 4096 characters)."""
        await self._call(
            "sendMessage", json={"chat_id": chat_id, "text": text[:MAX_TEXT_CHARS]}
        )

    async def send_voice(self, chat_id: str, ogg_opus: bytes, duration_s: int) -> None:
        """``sendVoice``: a voice note (OGG/Opus), uploaded as multipart."""
        form = aiohttp.FormData()
        form.add_field("chat_id", chat_id)
        form.add_field("duration", str(duration_s))
        form.add_field(
            "voice", ogg_opus, filename="reply.ogg", content_type="audio/ogg"
        )
        await self._call("sendVoice", data=form)

    async def _call(self, method: str, **kwargs: Any) -> Any:
        try:
            async with self._session.post(
                self._methods + method, timeout=TIMEOUT, **kwargs
            ) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise PlatformError(f"{method} failed: {type(error).__name__}") from error
        except ValueError as error:
            raise PlatformError(f"{method}'s answer is not JSON") from error
        return _result(method, status, body)


def _result(method: str, status: int, body: Any) -> Any:
    """The ``result`` of an ``"ok": true`` answer; a PlatformError otherwise."""
    if isinstance(body, dict) and body.get("ok") is True and status == 200:
        return body.get("result")
    code = body.get("error_code") if isinstance(body, dict) else None
    description = body.get("description", "") if isinstance(body, dict) else ""
    raise PlatformError(
        f"{method} refused: {code or status} {str(description)[:100]}",
        code if isinstance(code, int) else status,
    )
