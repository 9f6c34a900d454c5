"""The backend calls the gateway makes: kiosk pairing and chat link codes.

Identity resolution is ``common.callers``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from common.error_json import error_code, error_fields
from common.headers import bearer
from common.languages import language_or_default

TIMEOUT = aiohttp.ClientTimeout(total=5)


class BackendError(Exception):
    """The backend could not be used; ``code`` and the message say why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class BackendUnavailableError(BackendError):
    """The backend did not answer, or answered with a server error."""


class PairingRefusedError(BackendError):
    """The pairing code was unknown or already used."""


class LinkCodeRefusedError(BackendError):
    """A chat link code was refused.

    ``link_code_wrong`` (wrong, expired or used: one answer for all) or
    ``too_many_tries`` (this account sent too many wrong codes lately).
    """


@dataclass(frozen=True)
class KioskShop:
    """The shop a kiosk is paired with."""

    shop_id: int
    shop_name: str
    language: str


@dataclass(frozen=True)
class LinkedOwner:
    """The owner a chat account was just linked to."""

    owner_id: int
    display_name: str
    language: str


@dataclass(frozen=True)
class Pairing:
    """A fresh pairing: the device token the page keeps, and its shop."""

    device_token: str
    shop: KioskShop


class BackendClient:
    """Talks to the backend with the gateway's token."""

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, gateway_token: str
    ) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._headers = bearer(gateway_token)

    async def pair(self, code: str, device_name: str) -> Pairing:
        """Redeem a one-time pairing code."""
        status, body = await self._post(
            "/v1/kiosks/pair", {"code": code, "device_name": device_name}
        )
        if status == 201:
            return Pairing(device_token=str(body["device_token"]), shop=_shop(body))
        if status in (404, 409, 422):
            raise _refusal(PairingRefusedError, body, "pairing_refused")
        raise _unexpected(status, body)

    async def redeem_link_code(
        self, channel: str, account: str, code: str
    ) -> LinkedOwner:
        """Link a chat account to the owner who was given ``code``."""
        status, body = await self._post(
            "/v1/link-codes/redeem",
            {"channel": channel, "account": account, "code": code},
        )
        if status == 201:
            language = body.get("language")
            return LinkedOwner(
                owner_id=int(body["owner_id"]),
                display_name=str(body.get("display_name", "")),
                language=language_or_default(language),
            )
        if status in (404, 422, 429):
            raise _refusal(LinkCodeRefusedError, body, "link_code_wrong")
        raise _unexpected(status, body)

    async def _post(self, path: str, payload: dict[str, Any]) -> tuple[int, Any]:
        return await self.call("POST", path, payload)

    async def call(
        self, method: str, path: str, payload: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        """One JSON call with the gateway's token: the status and the JSON object."""
        try:
            async with self._session.request(
                method,
                self._base + path,
                json=payload,
                headers=self._headers,
                timeout=TIMEOUT,
            ) as response:
                try:
                    body = await response.json(content_type=None)
                except ValueError:
                    body = {}
                return response.status, body if isinstance(body, dict) else {}
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise BackendUnavailableError(
                "backend_unavailable", f"the backend did not answer: {error!r}"
            ) from error


def _shop(body: dict[str, Any]) -> KioskShop:
    language = body.get("language")
    return KioskShop(
        shop_id=int(body.get("shop_id", 0)),
        shop_name=str(body.get("shop_name", "")),
        language=language_or_default(language),
    )


def _refusal(
    kind: type[BackendError], body: dict[str, Any], default_code: str
) -> BackendError:
    error = error_fields(body)
    return kind(
        str(error.get("code", default_code)),
        str(error.get("message", "the code was refused")),
    )


def _unexpected(status: int, body: dict[str, Any]) -> BackendError:
    code = error_code(body, f"http_{status}")
    return BackendUnavailableError(code, f"the backend answered {status} ({code})")
