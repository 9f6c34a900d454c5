"""Who is calling: the channels' side of identity, shared by every channel.

A channel knows the caller's channel id (a phone number, a paired kiosk's device
token, a chat account). With the gateway's token it asks the backend who that is
and gets the conversation's shop token, which it hands to Rasa in each turn's
metadata. Tokens are kept until shortly before they expire, so a conversation
costs one resolution every few hours, not one per turn.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import aiohttp

from common.error_json import error_fields
from common.headers import SHOP_TOKEN_HEADER, bearer
from common.languages import language_or_default
from common.loop_session import LoopSession

RESOLVE_PATH = "/v1/identity/resolve"
TOKEN_PATH = "/v1/shop-token"
RENEW_BEFORE = dt.timedelta(minutes=10)
MAX_CACHED = 10_000


class UnknownCallerError(Exception):
    """Nobody is registered with this channel identity."""


class IdentityUnavailableError(Exception):
    """The backend could not be asked (down, slow, or refusing this service)."""


class WrongPinError(Exception):
    """A keyed identity's PIN was refused; ``locked`` once the lockout started."""

    def __init__(self, tries_left: int | None, locked: bool) -> None:
        super().__init__("locked" if locked else f"{tries_left} tries left")
        self.tries_left = tries_left
        self.locked = locked


@dataclass(frozen=True)
class Caller:
    """A resolved caller and the shop token of their conversation."""

    owner_id: int
    shop_id: int
    display_name: str
    shop_name: str
    language: str
    shop_token: str
    expires_at: dt.datetime


def decode_caller(body: dict[str, Any]) -> Caller:
    """Decode the backend's answer to a resolution."""
    language = body.get("language")
    return Caller(
        owner_id=int(body["owner_id"]),
        shop_id=int(body["shop_id"]),
        display_name=str(body.get("display_name") or ""),
        shop_name=str(body.get("shop_name") or ""),
        language=language_or_default(language),
        shop_token=str(body["shop_token"]),
        expires_at=dt.datetime.fromisoformat(str(body["expires_at"])),
    )


class CallerResolver:
    """Resolves channel identities with the gateway's token; keeps live tokens."""

    def __init__(
        self, backend_url: str, gateway_token: str, timeout_seconds: float = 5.0
    ) -> None:
        self._url = backend_url.rstrip("/") + RESOLVE_PATH
        self._token_url = backend_url.rstrip("/") + TOKEN_PATH
        self._headers = bearer(gateway_token)
        self._http = LoopSession(aiohttp.ClientTimeout(total=timeout_seconds))
        # One token per conversation: it is a conversation's credential, and its
        # audit trail names that conversation.
        self._cache: OrderedDict[tuple[str, str, str], Caller] = OrderedDict()

    async def close(self) -> None:
        """Close the pooled connections."""
        await self._http.close()

    def forget(
        self, channel: str, identity: str, conversation_id: str | None = None
    ) -> None:
        """Drop a cached caller (its token was refused: revoked, or the world reset)."""
        self._cache.pop((channel, identity, conversation_id or ""), None)

    async def resolve(
        self, channel: str, identity: str, conversation_id: str | None = None
    ) -> Caller:
        """The caller behind ``channel``/``identity``, with a live shop token."""
        key = (channel, identity, conversation_id or "")
        now = dt.datetime.now(dt.timezone.utc)
        cached = self._cache.get(key)
        if cached is not None and cached.expires_at - RENEW_BEFORE > now:
            self._cache.move_to_end(key)
            return cached
        caller = await self._ask(channel, identity, conversation_id)
        self._cache[key] = caller
        while len(self._cache) > MAX_CACHED:
            self._cache.popitem(last=False)
        return caller

    async def resolve_with_pin(
        self, channel: str, identity: str, pin: str, conversation_id: str
    ) -> Caller:
        """A keyed identity (someone calling from another phone), proven by the PIN.

        The caller is not cached: the conversation keeps it, so that a later
        :meth:`resolve` can never stand in for the PIN.
        """
        return await self._ask(channel, identity, conversation_id, pin)

    async def release(self, caller: Caller) -> None:
        """Revoke a conversation's shop token (the call ended); best effort."""
        for key, cached in list(self._cache.items()):
            if cached.shop_token == caller.shop_token:
                del self._cache[key]
        headers = {**self._headers, SHOP_TOKEN_HEADER: caller.shop_token}
        try:
            async with self._http.client().delete(self._token_url, headers=headers):
                pass
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            pass  # It expires on its own; nothing the caller can do about it.

    async def _ask(
        self,
        channel: str,
        identity: str,
        conversation_id: str | None,
        pin: str | None = None,
    ) -> Caller:
        payload = {"channel": channel, "id": identity}
        if conversation_id:
            payload["conversation_id"] = conversation_id[:100]
        if pin is not None:
            payload["pin"] = pin
        try:
            async with self._http.client().post(
                self._url, json=payload, headers=self._headers
            ) as response:
                status = response.status
                try:
                    body = await response.json(content_type=None)
                except ValueError:
                    body = None
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            raise IdentityUnavailableError(
                f"the backend did not answer: {error!r}"
            ) from error
        if status == 404:
            raise UnknownCallerError(f"no owner for this {channel} identity")
        if pin is not None and status in (400, 401, 423):
            tries = error_fields(body).get("tries_left")
            raise WrongPinError(
                tries if isinstance(tries, int) else None, status == 423
            )
        if status != 200 or not isinstance(body, dict):
            raise IdentityUnavailableError(f"the backend answered {status}")
        try:
            return decode_caller(body)
        except (KeyError, TypeError, ValueError) as error:
            raise IdentityUnavailableError(f"unreadable resolution: {error}") from error
