"""Rasa's lock store on :mod:`bot.redis_tickets`: safe with several Rasa replicas.

endpoints.yml names it (``lock_store: type: bot.lock_store.AtomicRedisLockStore``)
with ``url`` (the Redis URL), ``key_prefix`` and ``ttl_ms``. Rasa 3.6 only ever
calls ``lock(conversation_id)`` as an async context manager (agent, processor and
HTTP API), so that is the whole interface implemented here; Rasa's ticket methods
(``issue_ticket``, ``save_lock``...) are the non-atomic ones this store replaces.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.metrics import LOCK_FAILURES, LOCK_WAIT_SECONDS
from bot.redis_tickets import LockLostError, LockSettings, RedisTickets

logger = logging.getLogger(__name__)
SLOW_WAIT_S = 1.0  # a wait worth a log line: another turn of the same conversation


def redis_client(url: str) -> Redis:
    """A client that never hangs a turn on an unreachable Redis.

    Connecting gives up after 2 s, a command after 5 s; a connection that a restart
    broke is replaced once at once. :class:`RedisTickets` waits out a short outage
    (``LockSettings.outage_wait_s``), then fails the turn (``LockError``: the owner
    is asked to try again). Its scripts are loaded again after a restart (NOSCRIPT).
    """
    return Redis.from_url(
        url,
        socket_connect_timeout=2,
        socket_timeout=5,
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
        health_check_interval=15,
    )


class AtomicRedisLockStore(LockStore):
    """Per-conversation FIFO locks in Redis, one Lua script per step."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        kwargs: dict[str, Any] = endpoint_config.kwargs
        url = endpoint_config.url or "redis://127.0.0.1:6379/0"
        prefix = str(kwargs.get("key_prefix") or "zhanggui:") + "lock:"
        settings = LockSettings(ttl_ms=int(kwargs.get("ttl_ms") or 10_000))
        # No I/O here: the client connects on first use, inside Rasa's event loop.
        self._tickets = RedisTickets(redis_client(url), prefix, settings)
        super().__init__()

    @contextlib.asynccontextmanager
    async def lock(
        self, conversation_id: str, *args: Any, **kwargs: Any
    ) -> AsyncIterator[TicketLock]:
        """Hold the conversation while one turn runs; ``LockError`` if it can't."""
        async with contextlib.AsyncExitStack() as stack:
            try:
                held = await stack.enter_async_context(
                    self._tickets.hold(conversation_id)
                )
            except (LockLostError, RedisError) as error:
                LOCK_FAILURES.inc()
                raise LockError(f"conversation lock failed: {error!r}") from error
            LOCK_WAIT_SECONDS.observe(held.waited_s)
            if held.waited_s >= SLOW_WAIT_S:
                logger.info("lock wait %.2f s", held.waited_s)
            yield TicketLock(conversation_id)
