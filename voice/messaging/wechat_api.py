"""WeChat's HTTP API, the calls the bridge makes, on aiohttp.

``ZHANGGUI_WECHAT_API_BASE`` points it at WeChat's host or at a stand-in. Every
call has a timeout, and an ``errcode`` in the answer becomes a PlatformError
(TokenRefusedError for the codes that mean the access token is no longer good).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import aiohttp

from voice.messaging.platform_errors import PlatformError, TokenRefusedError

TIMEOUT = aiohttp.ClientTimeout(total=8)
# 40001: invalid credential; 40014: invalid token; 42001: token expired.
TOKEN_ERRORS = frozenset({40001, 40014, 42001})
# 45015: the owner last wrote over 48 h ago; 45047: too many pushes since then.
WINDOW_CLOSED = frozenset({45015, 45047})
MAX_MEDIA_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class FetchedToken:
    """An access token and its life in seconds."""

    token: str
    expires_in: int


class WeChatApi:
    """Calls WeChat's API with an injected session."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self._session = session
        self._base = base_url.rstrip("/")

    async def fetch_token(self, app_id: str, secret: str) -> FetchedToken:
        """``GET /cgi-bin/token``: a fresh token (invalidates the previous one)."""
        body = await self._json(
            "GET",
            "/cgi-bin/token",
            params={"grant_type": "client_credential", "appid": app_id,
                    "secret": secret},
        )  # fmt: skip
        try:
            return FetchedToken(str(body["access_token"]), int(body["expires_in"]))
        except (KeyError, TypeError, ValueError) as error:
            raise PlatformError("WeChat's token answer is unreadable") from error

    async def download_media(self, token: str, media_id: str) -> bytes:
        """``GET /cgi-bin/media/get``: a voice message's audio."""
        try:
            async with self._session.get(
                self._base + "/cgi-bin/media/get",
                params={"access_token": token, "media_id": media_id},
                timeout=TIMEOUT,
            ) as response:
                data = await response.content.read(MAX_MEDIA_BYTES + 1)
                kind = response.content_type
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise PlatformError(f"media/get did not answer: {error!r}") from error
        if kind in ("application/json", "text/plain") or status != 200:
            _check(_decode(data))  # an error code in JSON
            raise PlatformError(f"media/get answered {status}")
        if len(data) > MAX_MEDIA_BYTES:
            raise PlatformError("the media is larger than 2 MB")
        return data

    async def upload_voice(self, token: str, audio: bytes, filename: str) -> str:
        """``POST /cgi-bin/media/upload?type=voice``: a temporary media id."""
        form = aiohttp.FormData()
        form.add_field("media", audio, filename=filename, content_type="audio/mpeg")
        body = await self._json(
            "POST",
            "/cgi-bin/media/upload",
            params={"access_token": token, "type": "voice"},
            data=form,
        )
        media_id = body.get("media_id")
        if not isinstance(media_id, str) or not media_id:
            raise PlatformError("media/upload gave no media_id")
        return media_id

    async def send_text(self, token: str, account: str, text: str) -> None:
        """``POST /cgi-bin/message/custom/send``: a text message."""
        await self._send(token, {"touser": account, "msgtype": "text",
                                 "text": {"content": text}})  # fmt: skip

    async def send_voice(self, token: str, account: str, media_id: str) -> None:
        """``POST /cgi-bin/message/custom/send``: a voice message."""
        await self._send(token, {"touser": account, "msgtype": "voice",
                                 "voice": {"media_id": media_id}})  # fmt: skip

    async def send_template(
        self, token: str, account: str, template_id: str, text: str
    ) -> None:
        """``POST /cgi-bin/message/template/send``: a notice outside the 48 h window.

        The account's template has one field, ``content``, that carries the words.
        """
        message = {"touser": account, "template_id": template_id,
                   "data": {"content": {"value": text}}}  # fmt: skip
        await self._post_json("/cgi-bin/message/template/send", token, message)

    async def _send(self, token: str, message: dict[str, Any]) -> None:
        await self._post_json("/cgi-bin/message/custom/send", token, message)

    async def _post_json(self, path: str, token: str, message: dict[str, Any]) -> None:
        # WeChat wants the characters themselves, not \\u escapes.
        payload = json.dumps(message, ensure_ascii=False).encode("utf-8")
        await self._json(
            "POST",
            path,
            params={"access_token": token},
            data=payload,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )

    async def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            async with self._session.request(
                method, self._base + path, timeout=TIMEOUT, **kwargs
            ) as response:
                data = await response.read()
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise PlatformError(f"{path} did not answer: {error!r}") from error
        body = _decode(data)
        _check(body)
        if status != 200:
            raise PlatformError(f"{path} answered {status}")
        return body


def _decode(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise PlatformError("WeChat's answer is not JSON") from error
    if not isinstance(body, dict):
        raise PlatformError("WeChat's answer is not a JSON object")
    return body


def _check(body: dict[str, Any]) -> None:
    code = body.get("errcode", 0)
    if not isinstance(code, int) or code == 0:
        return
    message = f"WeChat error {code}: {str(body.get('errmsg', ''))[:100]}"
    if code in TOKEN_ERRORS:
        raise TokenRefusedError(message, code)
    raise PlatformError(message, code)
