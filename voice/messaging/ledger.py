"""The backend's record of chat messages and platform tokens, shared by processes.

See ``backend/services/inbound_messages.py`` and ``platform_tokens.py`` for the
rules; this is the gateway's side of those routes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from voice.gateway.backend_client import BackendClient, BackendUnavailableError


@dataclass(frozen=True)
class Receipt:
    """What the backend knows of a message: first delivery or not, and its reply."""

    new: bool
    state: str
    reply: dict[str, Any] | None


@dataclass(frozen=True)
class TokenLease:
    """The shared token if it is live, and whether this process should refresh it."""

    token: str | None
    expires_at: dt.datetime | None
    refresh: bool


class Ledger:
    """Claims messages, keeps replies and shares access tokens through the backend."""

    def __init__(self, backend: BackendClient) -> None:
        self._backend = backend

    async def claim(
        self, channel: str, key: str, account: str | None = None
    ) -> Receipt:
        """Claim a message; ``new`` only for the first delivery among all processes.

        The account wrote: that opens the platform's window for pushed notices.
        """
        payload = {"channel": channel, "key": key}
        if account is not None:
            payload["account"] = account
        status, body = await self._call("POST", "/v1/inbound-messages", payload)
        return _receipt(body, new=status == 201)

    async def answer(
        self,
        channel: str,
        key: str,
        reply: dict[str, Any],
        account: str | None = None,
    ) -> str:
        """Keep the reply and learn who delivers it.

        ``passive``: a waiting request takes it; ``push``: send it yourself;
        ``done``: it was already delivered.
        """
        payload: dict[str, Any] = {"channel": channel, "key": key, "reply": reply}
        if account is not None:
            payload["account"] = account  # a push counts against its window
        _, body = await self._call("POST", "/v1/inbound-messages/answer", payload)
        return str(body.get("deliver", "done"))

    async def defer(self, channel: str, key: str) -> Receipt:
        """Stop waiting: the reply is pushed later, unless it is ready now."""
        _, body = await self._call(
            "POST", "/v1/inbound-messages/defer", {"channel": channel, "key": key}
        )
        return _receipt(body, new=False)

    async def claim_notices(
        self, holder: str, channels: list[str], template_channels: list[str]
    ) -> list[dict[str, Any]]:
        """The notices this process may send now (see backend/services/notices/)."""
        _, body = await self._call(
            "POST",
            "/v1/notices/claims",
            {"holder": holder, "channels": channels,
             "template_channels": template_channels},
        )  # fmt: skip
        notices = body.get("notices")
        return notices if isinstance(notices, list) else []

    async def settle_notice(self, notice_id: int, holder: str, outcome: str) -> None:
        """Say how a claimed notice went: sent, refused or failed."""
        await self._call(
            "POST",
            f"/v1/notices/{notice_id}/outcome",
            {"holder": holder, "outcome": outcome},
        )

    async def lease(self, platform: str, holder: str, stale: str | None) -> TokenLease:
        """The shared token, or the lease to refresh it."""
        payload = {"platform": platform, "holder": holder}
        if stale:
            payload["stale"] = stale
        _, body = await self._call("POST", "/v1/platform-tokens/leases", payload)
        expires = body.get("expires_at")
        return TokenLease(
            token=body.get("token") or None,
            expires_at=dt.datetime.fromisoformat(expires) if expires else None,
            refresh=bool(body.get("refresh")),
        )

    async def store(
        self, platform: str, holder: str, token: str, expires_in: int
    ) -> None:
        """Keep a freshly fetched token for every process."""
        await self._call(
            "PUT",
            "/v1/platform-tokens",
            {"platform": platform, "holder": holder, "token": token,
             "expires_in": expires_in},
        )  # fmt: skip

    async def _call(
        self, method: str, path: str, payload: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        status, body = await self._backend.call(method, path, payload)
        if status not in (200, 201):
            code = body.get("error", {}).get("code", f"http_{status}")
            raise BackendUnavailableError(str(code), f"{path} answered {status}")
        return status, body


def _receipt(body: dict[str, Any], new: bool) -> Receipt:
    reply = body.get("reply")
    return Receipt(
        new=new,
        state=str(body.get("state", "pending")),
        reply=reply if isinstance(reply, dict) else None,
    )
