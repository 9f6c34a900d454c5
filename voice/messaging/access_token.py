"""One WeChat access token for every gateway process, refreshed by one at a time.

A fresh fetch from WeChat invalidates the previous token, so no process fetches on
its own: it asks the backend for the shared token, and only the process granted the
refresh lease fetches and stores a new one. Each process keeps the token in memory
until shortly before it expires.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import socket

from common.channels import WECHAT
from voice.messaging.ledger import Ledger
from voice.messaging.platform_errors import PlatformError
from voice.messaging.wechat_api import WeChatApi

PLATFORM = WECHAT
KEEP_UNTIL_BEFORE = dt.timedelta(minutes=6)
WAIT_STEP_S = 0.2
WAIT_STEPS = 50  # ten seconds for another process's refresh


class SharedAccessToken:
    """Hands out the account's access token, refreshing it through the lease."""

    def __init__(self, ledger: Ledger, api: WeChatApi, app_id: str, secret: str):
        self._ledger = ledger
        self._api = api
        self._app_id = app_id
        self._secret = secret
        self._holder = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"[:100]
        self._token: str | None = None
        self._keep_until = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        self._lock = asyncio.Lock()

    async def get(self, refused: str | None = None) -> str:
        """The live token; ``refused`` names one WeChat just refused."""
        async with self._lock:
            now = dt.datetime.now(dt.timezone.utc)
            if self._token and self._token != refused and now < self._keep_until:
                return self._token
            self._token = None
            for _ in range(WAIT_STEPS):
                lease = await self._ledger.lease(PLATFORM, self._holder, refused)
                refused = None  # dropped once is enough
                if lease.refresh:
                    return await self._refresh()
                if lease.token:
                    self._keep(lease.token, lease.expires_at)
                    return lease.token
                await asyncio.sleep(WAIT_STEP_S)  # another process is fetching it
            raise PlatformError("no WeChat access token could be had")

    async def _refresh(self) -> str:
        fetched = await self._api.fetch_token(self._app_id, self._secret)
        await self._ledger.store(
            PLATFORM, self._holder, fetched.token, fetched.expires_in
        )
        now = dt.datetime.now(dt.timezone.utc)
        self._keep(fetched.token, now + dt.timedelta(seconds=fetched.expires_in))
        return fetched.token

    def _keep(self, token: str, expires_at: dt.datetime | None) -> None:
        self._token = token
        if expires_at is None:
            self._keep_until = dt.datetime.now(dt.timezone.utc)
        else:
            self._keep_until = expires_at - KEEP_UNTIL_BEFORE
