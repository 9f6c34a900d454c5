"""A first-come, first-served lock per conversation, atomic in Redis.

Rasa OSS's ``RedisLockStore`` reads a ticket list, changes it in Python and writes it
back, so two replicas can both believe they hold a conversation (rasa #9213). Here
every step is one Lua script, which Redis runs atomically:

- ``<prefix>q:<conversation>`` is a sorted set of waiting tokens, scored by a ticket
  number from ``<prefix>n:<conversation>`` (so turns are served in arrival order);
- ``<prefix>h:<token>`` is each ticket's heartbeat, with an expiry. Its owner renews
  it while waiting and while holding; a replica killed with ``kill -9`` renews
  nothing, so its ticket is skipped once the heartbeat expires.

The head of the queue holds the lock. Release removes one's own token only, so a
replica whose ticket already expired can never free someone else's turn. If Redis
restarts empty while a turn holds the lock, the holder's next renewal puts its ticket
back at the head, unless a live ticket got there first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# KEYS: queue, counter, own heartbeat. ARGV: token, ttl ms.
_ISSUE = """
local n = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], n, ARGV[1])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2] * 4)
redis.call('PEXPIRE', KEYS[2], ARGV[2] * 4)
return n
"""

# KEYS: queue, counter, own heartbeat. ARGV: token, ttl ms, heartbeat key prefix.
# 1 = acquired, 0 = wait, -1 = our ticket is gone (it expired).
_POLL = """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2] * 4)
redis.call('PEXPIRE', KEYS[2], ARGV[2] * 4)
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if head == ARGV[1] then return 1 end
  if redis.call('EXISTS', ARGV[3] .. head) == 1 then return 0 end
  redis.call('ZREM', KEYS[1], head)
end
"""

# KEYS: queue, counter, own heartbeat. ARGV: token, ttl ms, heartbeat key prefix.
# 1 = still ours; 2 = our ticket was gone (Redis restarted empty) and is back at the
# head; 0 = gone, and another live ticket holds the head.
_RENEW = """
local back = 1
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if head and redis.call('EXISTS', ARGV[3] .. head) == 1 then return 0 end
  redis.call('ZADD', KEYS[1], 0, ARGV[1])
  back = 2
end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2] * 4)
redis.call('PEXPIRE', KEYS[2], ARGV[2] * 4)
return back
"""

# KEYS: queue, own heartbeat. ARGV: token.
_RELEASE = """
redis.call('DEL', KEYS[2])
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[1]) end
return removed
"""


class LockLostError(Exception):
    """The ticket expired before its turn came, or waiting took too long."""


@dataclass(frozen=True)
class LockSettings:
    """How long a silent ticket lives, how often waiters look, how long they wait."""

    ttl_ms: int = 10_000
    poll_s: float = 0.05
    wait_limit_s: float = 60.0
    # How long one step keeps trying while Redis refuses connections (a restart):
    # a short outage is waited out, a longer one fails the turn.
    outage_wait_s: float = 2.5


@dataclass(frozen=True)
class Held:
    """A held lock: which conversation, and how long the holder waited for it."""

    conversation_id: str
    waited_s: float


class RedisTickets:
    """Per-conversation FIFO locks shared by every replica that uses one Redis."""

    def __init__(self, redis: Redis, prefix: str, settings: LockSettings) -> None:
        self._redis = redis
        self._prefix = prefix
        self._settings = settings
        self._issue = redis.register_script(_ISSUE)
        self._poll = redis.register_script(_POLL)
        self._renew = redis.register_script(_RENEW)
        self._release = redis.register_script(_RELEASE)

    def _keys(self, conversation_id: str, token: str) -> tuple[str, str, str]:
        return (
            f"{self._prefix}q:{conversation_id}",
            f"{self._prefix}n:{conversation_id}",
            f"{self._prefix}h:{token}",
        )

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[Held]:
        """Wait for the conversation's turn, hold it while the body runs, release."""
        token = uuid.uuid4().hex
        keys = self._keys(conversation_id, token)
        ttl = self._settings.ttl_ms
        started = time.monotonic()
        await self._run(self._issue, keys, [token, ttl])
        try:
            await self._wait(keys, token, started)
            renewer = asyncio.create_task(self._keep_alive(keys, token))
            try:
                yield Held(conversation_id, time.monotonic() - started)
            finally:
                renewer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewer
        finally:
            try:
                await self._run(self._release, [keys[0], keys[2]], [token])
            except RedisError as error:  # the heartbeat lapses by itself
                logger.warning("lock release failed: %r", error)

    async def _run(
        self, script: AsyncScript, keys: Sequence[str], args: list[Any]
    ) -> Any:
        """Run one step, retrying while Redis is unreachable for a short while.

        Each step is safe to run twice (a reply lost with the connection): issuing
        again moves one's own ticket, the others only look, renew or remove it.
        """
        started = time.monotonic()
        pause = 0.1
        while True:
            try:
                return await script(keys=keys, args=args)
            except (RedisConnectionError, RedisTimeoutError):
                if time.monotonic() - started + pause > self._settings.outage_wait_s:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.5)

    async def _wait(
        self, keys: tuple[str, str, str], token: str, started: float
    ) -> None:
        heartbeat_prefix = f"{self._prefix}h:"
        while True:
            state = await self._run(
                self._poll, keys, [token, self._settings.ttl_ms, heartbeat_prefix]
            )
            if state == 1:
                return
            if state == -1:
                raise LockLostError(f"ticket expired while waiting for {keys[0]}")
            if time.monotonic() - started > self._settings.wait_limit_s:
                raise LockLostError(f"waited over {self._settings.wait_limit_s} s")
            await asyncio.sleep(self._settings.poll_s)

    async def _keep_alive(self, keys: tuple[str, str, str], token: str) -> None:
        # Renew at a third of the lifetime: two renewals may fail before it lapses.
        # After a failure, try again soon: if Redis restarted empty, the held turn
        # must take its place back before a later turn finds the queue empty.
        interval = self._settings.ttl_ms / 3000
        pause = interval
        args = [token, self._settings.ttl_ms, f"{self._prefix}h:"]
        while True:
            await asyncio.sleep(pause)
            try:
                state = await self._run(self._renew, keys, args)
            except RedisError as error:  # a blip: the next renewal may still land
                logger.warning("lock renewal failed: %r", error)
                pause = min(interval, 0.2)
                continue
            pause = interval
            if state == 2:
                logger.warning("lock of %s taken back after Redis lost it", keys[0])
            elif state == 0:
                logger.error("lock of %s lost: another turn holds it", keys[0])
