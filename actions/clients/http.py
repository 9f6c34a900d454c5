"""The single place where the action server talks HTTP to the backend."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

from actions.clients.errors import error_for, unavailable
from actions.metrics import BACKEND_CALL_ERRORS, BACKEND_CALL_SECONDS
from common.headers import (
    IDEMPOTENCY_HEADER,
    OWNER_SESSION_HEADER,
    SHOP_TOKEN_HEADER,
    bearer,
)
from common.loop_session import LoopSession
from common.metrics import path_template, status_class


@dataclass(frozen=True)
class ShopAccess:
    """One shop, and the conversation's shop token that opens it.

    The action server holds no right to any shop of its own: each turn's channel
    hands it the conversation's shop token in the message metadata.
    """

    shop_id: int
    token: str

    def request(self, method: str, suffix: str, **fields: Any) -> Request:
        """A request to ``/v1/shops/<id><suffix>`` carrying the shop token."""
        return Request(
            method, f"/v1/shops/{self.shop_id}{suffix}", shop_token=self.token, **fields
        )


@dataclass(frozen=True)
class Request:
    """A backend request built by a pure function, sent by :class:`BackendHttp`."""

    method: str
    path: str
    json: dict[str, Any] | None = None
    params: dict[str, str] | None = None
    owner_session: str | None = None
    idempotency_key: str | None = None
    shop_token: str | None = None


class BackendHttp:
    """Sends :class:`Request` objects with the action server's token and a timeout.

    The ``aiohttp.ClientSession`` is created lazily on first use inside the running
    event loop (never at import) and reused, so connections are kept alive.
    """

    def __init__(self, base_url: str, actions_token: str, timeout_seconds: float):
        self._base_url = base_url.rstrip("/")
        self._token = actions_token
        self._http = LoopSession(aiohttp.ClientTimeout(total=timeout_seconds))

    async def close(self) -> None:
        """Close the pooled connections."""
        await self._http.close()

    async def send(self, request: Request) -> Any:
        """Send one request; return the decoded JSON body or raise a BackendError."""
        headers = bearer(self._token)
        if request.shop_token:
            headers[SHOP_TOKEN_HEADER] = request.shop_token
        if request.owner_session:
            headers[OWNER_SESSION_HEADER] = request.owner_session
        if request.idempotency_key:
            headers[IDEMPOTENCY_HEADER] = request.idempotency_key
        url = self._base_url + request.path
        route = path_template(request.path)
        started = time.perf_counter()
        try:
            async with self._http.client().request(
                request.method,
                url,
                json=request.json,
                params=request.params,
                headers=headers,
            ) as response:
                text = await response.text()
                status = response.status
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            BACKEND_CALL_ERRORS.labels(request.method, route, "unavailable").inc()
            raise unavailable(f"{request.method} {request.path}: {error!r}") from error
        finally:
            BACKEND_CALL_SECONDS.labels(request.method, route).observe(
                time.perf_counter() - started
            )
        try:
            body = json.loads(text) if text else {}
        except ValueError:
            body = {}
        if status >= 400:
            kind = status_class(status)
            BACKEND_CALL_ERRORS.labels(request.method, route, kind).inc()
            raise error_for(status, body)
        return body
